"""The product index with the real model and real FAISS: build, search, filters, versions."""

from dataclasses import replace
from decimal import Decimal

import pytest

from assistant.index import versions
from assistant.index.build import build_index
from assistant.index.filters import Filters
from assistant.index.live import LiveIndex
from assistant.index.search import IndexMismatch, NoIndex, ProductIndex
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
