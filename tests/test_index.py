"""The product index with the real model and real FAISS: build, search, filters, versions."""

import hashlib
import json
import random
import sqlite3
from contextlib import closing
from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest

from assistant.catalog.model import Product, Variant
from assistant.index import store as store_module
from assistant.index import vectors, versions
from assistant.index.build import build_index
from assistant.index.changes import CatalogChanges
from assistant.index.hashing import product_hash, product_json
from assistant.index.filters import Filters
from assistant.index.live import LiveIndex
from assistant.index.search import IndexMismatch, NoIndex, ProductIndex
from assistant.index.versions import Manifest
from tests.catalog_samples import sample_products


@pytest.fixture
def data_dir(tmp_path, embedder):
    build_index(sample_products(), tmp_path, embedder, source="samples")
    return tmp_path


def ids(hits):
    return [h.product.id for h in hits]


def test_semantic_query_finds_the_product_without_shared_words(data_dir, embedder):
    index = ProductIndex.load_current(data_dir, embedder)
    assert ids(index.search("something to make coffee at home", k=2))[0] in {"espresso", "grinder"}
    assert ids(index.search("sneakers for jogging", k=1)) == ["trail-runner"]


def test_exact_token_query_finds_model_number(data_dir, embedder):
    index = ProductIndex.load_current(data_dir, embedder)
    assert ids(index.search("QuietWave X2", k=1)) == ["headphones"]


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters(brand="northpeak"), {"rain-jacket", "fleece"}),
        (Filters(category="Coffee"), {"espresso", "grinder"}),
        (Filters(max_price=Decimal("60")), {"fleece", "novel"}),
        (Filters(color="black", in_stock=True), {"trail-runner", "rain-jacket", "headphones"}),
        (Filters(color="black", size="M", in_stock=True), {"rain-jacket"}),
        (Filters(min_price=Decimal("240"), max_price=Decimal("260")), {"espresso"}),  # sale price counts
        (Filters(size="10", in_stock=True), set()),
    ],
)
def test_filters_are_exact(data_dir, embedder, filters, expected):
    index = ProductIndex.load_current(data_dir, embedder)
    assert set(ids(index.search("anything warm or useful", filters, k=20))) == expected


def test_unchanged_catalog_publishes_nothing(data_dir, embedder):
    before = versions.current_name(data_dir)
    report = build_index(sample_products(), data_dir, embedder)
    assert not report.changed and versions.current_name(data_dir) == before


def test_incremental_build_embeds_only_changed_products(data_dir, embedder):
    products = sample_products()
    products[0] = replace(products[0], title="Trailblazer GTX Running Shoe")
    cheaper = [replace(v, sale_price=Decimal("99"), stock=0) for v in products[1].variants]
    products[1] = replace(products[1], variants=tuple(cheaper))  # price/stock only: no re-embed
    del products[-1]
    report = build_index(products, data_dir, embedder)
    assert (report.embedded, report.removed, report.count) == (1, 1, len(products))
    index = ProductIndex.load_current(data_dir, embedder)
    assert index.vectors.ntotal == len(products)
    assert index.get("headphones") is None
    assert ids(index.search("Trailblazer GTX", k=1)) == ["trail-runner"]


def test_live_index_follows_a_new_version(data_dir, embedder):
    live = LiveIndex(data_dir, embedder, check_every=0)
    first = live.get()
    build_index(sample_products()[:3], data_dir, embedder)
    second = live.get()
    assert second.version != first.version and second.store.count() == 3
    assert first.search("coffee", k=1)  # the old version still answers in-flight requests


def test_index_built_with_another_model_is_refused(data_dir, embedder):
    folder = versions.current_folder(data_dir)
    manifest = (folder / versions.MANIFEST).read_text().replace("all-MiniLM-L6-v2", "other-model")
    (folder / versions.MANIFEST).write_text(manifest)
    with pytest.raises(IndexMismatch):
        ProductIndex(folder, embedder)


def test_empty_data_dir_says_what_to_do(tmp_path, embedder):
    with pytest.raises(NoIndex, match="assistant catalog import"):
        ProductIndex.load_current(tmp_path, embedder)


def test_misspelled_words_are_matched_to_catalog_words(data_dir, embedder):
    index = ProductIndex.load_current(data_dir, embedder)
    assert ids(index.search("trailblazr", k=1, mode="lexical")) == ["trail-runner"]
    assert ids(index.search("quietwave headphnes", k=1)) == ["headphones"]


def test_each_ranker_can_be_evaluated_alone(data_dir, embedder):
    index = ProductIndex.load_current(data_dir, embedder)
    assert ids(index.search("QuietWave X2", k=1, mode="lexical")) == ["headphones"]
    assert ids(index.search("sneakers for jogging", k=1, mode="dense")) == ["trail-runner"]
    assert index.search("sneakers for jogging", k=5, mode="lexical") == []  # no shared word
    with pytest.raises(ValueError, match="mode"):
        index.search("coffee", mode="bm25")


def test_price_words_do_not_match_numbers_in_products(data_dir, embedder):
    index = ProductIndex.load_current(data_dir, embedder)
    assert ids(index.search("15 bar", k=1, mode="lexical")) == ["espresso"]
    assert index.search("gift under 15 dollars", k=5, mode="lexical") == []


def test_a_version_of_an_older_format_is_rebuilt_without_re_embedding(data_dir, embedder):
    folder = versions.current_folder(data_dir)
    manifest = json.loads((folder / versions.MANIFEST).read_text())
    (folder / versions.MANIFEST).write_text(json.dumps({**manifest, "format": versions.FORMAT - 1}))
    report = build_index(sample_products(), data_dir, embedder)
    assert report.changed and report.embedded == 0
    assert Manifest.read(versions.current_folder(data_dir)).format == versions.FORMAT


def test_big_catalogs_take_candidates_from_the_rarest_words(data_dir, embedder, monkeypatch):
    monkeypatch.setattr(store_module, "MATCH_BUDGET", 1)  # 8 products: a big catalog; "coffee" (2) is common
    index = ProductIndex.load_current(data_dir, embedder)
    assert ids(index.search("conical coffee", k=5, mode="lexical")) == ["grinder"]  # not the espresso machine
    black = {"trail-runner", "rain-jacket", "fleece", "headphones"}
    assert set(ids(index.search("black", k=5, mode="lexical"))) == black


def test_big_catalogs_without_rare_words_rank_products_having_every_word(data_dir, embedder, monkeypatch):
    monkeypatch.setattr(store_module, "MATCH_BUDGET", 0)  # every word common
    index = ProductIndex.load_current(data_dir, embedder)
    assert ids(index.search("storm jacket", k=5, mode="lexical")) == ["rain-jacket"]
    assert ids(index.search("grippy", k=1, mode="lexical")) == ["trail-runner"]  # only in a description
    assert ids(index.search("grippy coffee", k=5, mode="lexical"))[0] in {"trail-runner", "espresso", "grinder"}


def test_approximate_index_finds_what_exact_search_finds():
    from faiss.contrib.evaluation import knn_intersection_measure

    rng = np.random.default_rng(0)
    centres = rng.normal(size=(200, 32)).astype("float32")
    data = centres[rng.integers(0, 200, 20_000)] + rng.normal(0, 0.3, (20_000, 32)).astype("float32")
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    keys = np.arange(20_000, dtype="int64") * 7 + 3
    approximate = vectors.prepare_for_search(vectors.new_index(32, "IVF256,SQ8", data[:256 * 39]))
    approximate.add_with_ids(data, keys)
    exact = vectors.new_index(32, "IDMap2,Flat")
    exact.add_with_ids(data, keys)
    queries = data[rng.integers(0, 20_000, 200)] + rng.normal(0, 0.1, (200, 32)).astype("float32")
    _, found = approximate.search(queries, 10)
    _, truth = exact.search(queries, 10)
    assert knn_intersection_measure(found, truth) >= 0.9


# Incremental versions: the store and vectors of the previous version, changed in place

def test_fast_product_encoding_matches_the_model():
    detailed = Product(id="lamp", title="Desk Lamp \u00e9clair", attributes={"b": "2", "a": "1"}, tags=("x",),
                       variants=(Variant(sku="L", price=Decimal("19.90"), sale_price=Decimal("15"), stock=None,
                                         options={"Shade": "linen", "Bulb": "E27"}),))
    for product in [*sample_products(), detailed]:
        assert product_hash(product) == product.content_hash()
        assert product_json(product) == json.dumps(product.to_dict(), ensure_ascii=False)
        assert Product.from_dict(json.loads(product_json(product))) == product


QUERIES = ["waterproof jacket for hiking", "coffee grinder", "espreso machine", "black running shoes",
           "storm", "merino wool socks", "oak desk", "quietwave headphnes"]
FILTERS = [Filters(), Filters(brand="Northpeak"), Filters(max_price=Decimal("60")), Filters(category="coffee"),
           Filters(color="black", in_stock=True), Filters(size="M"), Filters(brand="Trailworks")]
WORDS = ("merino wool waterproof breathable trail storm cast iron kettle linen walnut ceramic bamboo "
         "insulated compact travel cordless vintage organic recycled thermal ergonomic").split()


def file_digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path, sql):
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        for table in ("products_fts", "terms_trigrams"):  # what each full-text index holds, term by term
            db.execute(f"CREATE VIRTUAL TABLE temp.{table}_vocab USING fts5vocab(main, {table}, 'instance')")
        return sorted(db.execute(sql).fetchall())


def edited_catalog(products, rng, round_number):
    """About 3% removed, 6% changed (text, price and stock, or brand), 2% added."""
    edited = []
    for product in products:
        roll = rng.random()
        if roll < 0.03:
            continue
        if roll < 0.05:
            product = replace(product, description=f"{product.description} {rng.choice(WORDS)}")
        elif roll < 0.07:
            product = replace(product, variants=tuple(replace(v, price=v.price + 5, stock=0) for v in product.variants))
        elif roll < 0.09:
            product = replace(product, brand="Trailworks")
        edited.append(product)
    base = sample_products()
    for number in range(max(1, len(products) // 50)):
        seed = base[rng.randrange(len(base))]
        edited.append(replace(seed, id=f"new-{round_number}-{number}", title=f"{seed.title} {rng.choice(WORDS)}"))
    return edited


def generated_catalog(count, rng):
    base = sample_products()
    return [
        replace(base[n % len(base)], id=f"{base[n % len(base)].id}-{n}",
                title=f"{base[n % len(base)].title} {rng.choice(WORDS)} {n}",
                description=f"{base[n % len(base)].description} {' '.join(rng.sample(WORDS, 3))}")
        for n in range(count)
    ]


def assert_same_lexical_answers(derived, fresh):
    for query in QUERIES:
        for filters in FILTERS:
            got, expected = derived.lexical_search(query, filters, 50), fresh.lexical_search(query, filters, 50)
            assert [key for key, _ in got] == [key for key, _ in expected], (query, filters)
            assert [score for _, score in got] == pytest.approx([score for _, score in expected], rel=1e-9)
    for filters in FILTERS:
        assert sorted(derived.matching_keys(filters)) == sorted(fresh.matching_keys(filters)), filters


def assert_same_tables(derived_path, fresh_path):
    for sql in (
        "SELECT key, id, hash, text_hash, title, brand, gender, data FROM products",
        "SELECT product_key, sku, color, size, price, in_stock FROM variants",
        "SELECT product_key, segment FROM product_categories",
        "SELECT rowid, title, brand, category, details, description FROM products_fts",
        "SELECT term, frequency FROM terms",
        "SELECT stem, products FROM stems",
        "SELECT term, doc, col, offset FROM products_fts_vocab",
        "SELECT v.term, t.term, v.offset FROM terms_trigrams_vocab v LEFT JOIN terms t ON t.id = v.doc",
    ):
        assert rows(derived_path, sql) == rows(fresh_path, sql), sql
    with closing(sqlite3.connect(derived_path)) as db:  # each full-text index agrees with its content
        for table in ("products_fts", "terms_trigrams"):
            db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")


def test_incremental_version_answers_like_a_full_rebuild(data_dir, embedder, tmp_path):
    previous_store = versions.current_folder(data_dir) / versions.STORE_FILE
    before = file_digest(previous_store)
    products = sample_products()
    products[0] = replace(products[0], title="Trailblazer GTX Running Shoe")  # text: re-embedded
    products[2] = replace(products[2], variants=tuple(replace(v, price=Decimal("65")) for v in products[2].variants))
    products[4] = replace(products[4], brand="Trailworks")
    del products[5]  # the novel
    products.append(Product(id="socks", title="Merino Hiking Socks", brand="Northpeak", category=("Clothing", "Socks"),
                            description="Warm merino wool socks for long hikes.",
                            variants=(Variant(sku="MS-M", price=Decimal("18"), size="M", color="Grey", stock=4),)))
    report = build_index(products, data_dir, embedder)
    assert (report.store_rows, report.embedded, report.removed) == (5, 3, 1)  # 4 rewritten + 1 deleted; 3 texts
    assert file_digest(previous_store) == before  # the previous version is never written to
    full = build_index(products, tmp_path / "full", embedder, full=True)
    assert full.store_rows == len(products)
    incremental = ProductIndex.load_current(data_dir, embedder)
    rebuilt = ProductIndex.load_current(tmp_path / "full", embedder)
    assert_same_tables(incremental.store.path, rebuilt.store.path)
    assert_same_lexical_answers(incremental.store, rebuilt.store)
    for query in QUERIES:
        for filters in FILTERS[:4]:
            for mode in ("lexical", "dense", "hybrid"):
                got = incremental.search(query, filters, k=5, mode=mode)
                expected = rebuilt.search(query, filters, k=5, mode=mode)
                assert ids(got) == ids(expected), (query, filters, mode)
                assert [h.score for h in got] == pytest.approx([h.score for h in expected], abs=1e-4)
    assert incremental.get("novel") is None and incremental.get("socks") == products[-1]


def test_store_updated_in_place_round_after_round_equals_a_fresh_store(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "MATCH_BUDGET", 100)  # also take the big-catalog path (stem counts)
    rng = random.Random(4)
    products = generated_catalog(1500, rng)
    store_module.CatalogStore.create(tmp_path / "round-0.sqlite", products).close()
    for round_number in range(1, 5):
        edited = edited_catalog(products, rng, round_number)
        old = store_module.CatalogStore(tmp_path / f"round-{round_number - 1}.sqlite")
        changes = CatalogChanges.between(old.hashes(), edited)
        old.close()
        derived_path, fresh_path = tmp_path / f"round-{round_number}.sqlite", tmp_path / f"fresh-{round_number}.sqlite"
        store_module.CatalogStore.derive(
            tmp_path / f"round-{round_number - 1}.sqlite", derived_path, changes.upserts, changes.removed
        ).close()
        store_module.CatalogStore.create(fresh_path, edited).close()
        assert 0 < changes.store_rows < len(edited) // 5
        assert_same_tables(derived_path, fresh_path)
        derived, fresh = store_module.CatalogStore(derived_path), store_module.CatalogStore(fresh_path)
        assert_same_lexical_answers(derived, fresh)
        derived.close(), fresh.close()
        products = edited


class FailingEmbedder:
    """The real model, failing when asked to embed: a build that breaks after its store is written."""

    def __init__(self, embedder):
        self.model_id, self.dimension = embedder.model_id, embedder.dimension

    def encode(self, texts, progress=False):
        raise RuntimeError("embedding failed")


def test_a_failed_incremental_build_leaves_the_live_version_untouched(data_dir, embedder):
    live = versions.current_name(data_dir)
    store_file = versions.current_folder(data_dir) / versions.STORE_FILE
    before = file_digest(store_file)
    products = sample_products()
    products[0] = replace(products[0], title="Trailblazer GTX Running Shoe")
    with pytest.raises(RuntimeError, match="embedding failed"):
        build_index(products, data_dir, FailingEmbedder(embedder))
    assert versions.current_name(data_dir) == live and file_digest(store_file) == before
    assert not any((data_dir / versions.STAGING).iterdir())
    assert ids(ProductIndex.load_current(data_dir, embedder).search("Trailblazer", k=1)) == ["trail-runner"]


def test_an_updated_ivf_index_is_saved_and_loaded_like_a_fresh_one(tmp_path):
    rng = np.random.default_rng(1)
    data = rng.normal(size=(3_000, 32)).astype("float32")
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    keys = np.arange(3_000, dtype="int64") * 11
    fresh = vectors.new_index(32, "IVF16,SQ8", data)
    fresh.add_with_ids(data, keys)
    vectors.save(fresh, tmp_path / "fresh.faiss")
    updated = vectors.load(tmp_path / "fresh.faiss")  # with its id -> list map, as build._update gets it
    updated.remove_ids(keys[:100])
    updated.add_with_ids(data[:100], keys[:100] + 1)
    vectors.save(updated, tmp_path / "updated.faiss")
    assert (tmp_path / "updated.faiss").stat().st_size == (tmp_path / "fresh.faiss").stat().st_size
    loaded = vectors.load(tmp_path / "updated.faiss")
    assert loaded.ntotal == 3_000
    assert np.allclose(vectors.reconstruct(loaded, keys[:100] + 1), data[:100], atol=0.05)
    assert vectors.search(loaded, data[0], 1)[0][0] == keys[0] + 1
    with pytest.raises(RuntimeError):
        vectors.reconstruct(loaded, keys[:1])  # removed
