"""The product index with the real model and real FAISS: build, search, filters, versions."""

import json
from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest

from assistant.index import store as store_module
from assistant.index import vectors, versions
from assistant.index.build import build_index
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


def test_big_catalogs_match_common_words_in_titles_only(data_dir, embedder, monkeypatch):
    monkeypatch.setattr(store_module, "MATCH_BUDGET", 0)  # every catalog is big, every word common
    index = ProductIndex.load_current(data_dir, embedder)
    assert ids(index.search("storm jacket", k=1, mode="lexical")) == ["rain-jacket"]  # title words
    assert ids(index.search("grippy", k=1, mode="lexical")) == ["trail-runner"]  # only in a description


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
