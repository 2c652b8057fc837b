"""read_catalog: format detection, results and summaries, streaming, and Shopify/Merchant equivalence on Luma."""

from collections import defaultdict
from pathlib import Path

import pytest

from assistant.catalog.importers import CatalogFormatError, ImportResult, RowError, detect_format, read_catalog
from assistant.catalog.model import Product, Variant

FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"
LUMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "catalogs" / "magento-luma"


@pytest.mark.parametrize(
    ("name", "mapping", "expected"),
    [
        ("shopify_small.csv", None, "shopify"),
        ("merchant_small.xml", None, "merchant"),
        ("merchant_small.tsv", None, "merchant"),
        ("plain.jsonl", None, "jsonl"),
        ("plain.csv", "plain_mapping.yaml", "csv"),
    ],
)
def test_format_is_detected_from_extension_and_header(name, mapping, expected):
    assert detect_format(FIXTURES / name, has_mapping=mapping is not None) == expected


def test_format_is_detected_from_content_when_the_extension_says_nothing(tmp_path):
    xml = tmp_path / "feed.download"
    xml.write_bytes((FIXTURES / "merchant_small.xml").read_bytes())
    shopify = tmp_path / "export.txt"
    shopify.write_bytes((FIXTURES / "shopify_small.csv").read_bytes())
    assert detect_format(xml) == "merchant"
    assert detect_format(shopify) == "shopify"


def test_undetectable_csv_without_mapping_is_a_format_error():
    with pytest.raises(CatalogFormatError, match="cannot tell the format"):
        read_catalog(FIXTURES / "unknown_format.csv")


def test_csv_format_needs_a_mapping():
    with pytest.raises(CatalogFormatError, match="needs a mapping file"):
        read_catalog(FIXTURES / "plain.csv", format="csv")


def test_unknown_format_name_and_missing_file_are_format_errors(tmp_path):
    with pytest.raises(CatalogFormatError, match="unknown catalog format 'excel'"):
        read_catalog(FIXTURES / "plain.csv", format="excel")
    with pytest.raises(CatalogFormatError, match="no such file"):
        read_catalog(tmp_path / "absent.csv")


def test_text_that_is_not_utf8_is_a_format_error(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Handle,Title,Variant Price\nh,Caf\xe9,3\n".encode("latin-1"))
    with pytest.raises(CatalogFormatError, match="not UTF-8"):
        read_catalog(path)


@pytest.mark.parametrize(
    ("name", "mapping", "products"),
    [
        ("shopify_small.csv", None, ["trail-tee", "gift-card"]),
        ("merchant_small.xml", None, ["JK", "MUG-1"]),
        ("plain.csv", "plain_mapping.yaml", ["BK-1", "SH"]),
        ("plain.jsonl", "plain_mapping.json", ["LMP", "CUP-1"]),
    ],
)
def test_read_catalog_dispatches_to_the_detected_importer(name, mapping, products):
    result = read_catalog(FIXTURES / name, mapping=FIXTURES / mapping if mapping else None)
    assert result.ok
    assert [p.id for p in result.products] == products


def test_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "shopify_small.csv").read_bytes())
    assert [p.id for p in read_catalog(path).products] == ["trail-tee", "gift-card"]


def test_row_error_prints_file_line_field_message():
    assert str(RowError("a.csv", 7, "Variant Price", "not a price: 'x'")) == "a.csv:7: Variant Price: not a price: 'x'"
    assert str(RowError("a.csv", 9, None, "not valid JSON")) == "a.csv:9: not valid JSON"


def test_summary_counts_rows_products_variants_and_errors_by_field():
    result = read_catalog(FIXTURES / "shopify_broken.csv")
    summary = result.summary()
    assert summary.startswith("Read 12 rows: 2 products with 2 variants; 9 errors by field (")
    assert "Variant Price: 2" in summary and "Handle: 2" in summary and "whole row: 1" in summary


def test_summary_of_a_clean_import():
    product = Product(id="p", title="P", variants=(Variant(sku="s", price=1),))
    result = ImportResult(products=[product], errors=[], rows=1)
    assert result.ok
    assert result.summary() == "Read 1 row: 1 product with 1 variant; no errors."


def test_progress_bar_goes_to_stderr(capsys):
    read_catalog(FIXTURES / "merchant_small.xml", progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "3items" in captured.err.replace(" ", "")


def test_hundred_thousand_rows_stream_through(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("Handle,Title,Body (HTML),Option1 Name,Option1 Value,Variant SKU,Variant Price\n")
        for product in range(25_000):
            for size in range(4):
                first = size == 0
                out.write(
                    f"h{product},{f'Item {product}' if first else ''},{'<p>x</p>' if first else ''},"
                    f"{'Size' if first else ''},S{size},SKU-{product}-{size},{10 + size}\n"
                )
    result = read_catalog(path)
    assert result.ok
    assert (result.rows, len(result.products), result.variants) == (100_000, 25_000, 100_000)
    assert result.products[-1].sizes == ["S0", "S1", "S2", "S3"]


# Luma: the same 191 products / 1,891 variants as a Shopify CSV and as a Merchant feed.


def _luma(name: str):
    path = LUMA / name
    if not path.exists():
        pytest.skip(f"shared catalog {path} is not available (it is read from ../shared, never copied)")
    return read_catalog(path)


@pytest.fixture(scope="module")
def luma_pairs():
    shopify = _luma("luma_shopify.derived.csv")
    merchant = _luma("luma_merchant_feed.derived.xml")
    assert shopify.ok and merchant.ok
    assert (len(shopify.products), shopify.variants) == (191, 1891)
    assert (len(merchant.products), merchant.variants) == (191, 1891)
    by_title = defaultdict(list)
    for product in merchant.products:
        by_title[product.title].append(product)
    pairs = []
    for product in shopify.products:
        candidates = by_title[product.title]
        skus = {v.sku for v in product.variants}
        # a few titles repeat (e.g. "Sprite Stasis Ball 55 cm"): the variant SKUs tell them apart
        match = next(c for c in candidates if {v.sku for v in c.variants} == skus)
        candidates.remove(match)
        pairs.append((product, match))
    assert not any(by_title.values()), "merchant products left without a Shopify twin"
    return pairs


def test_luma_ids_differ_between_formats_but_every_product_has_a_twin(luma_pairs):
    assert len(luma_pairs) == 191
    assert sum(a.id != b.id for a, b in luma_pairs) > 100  # Handle vs parent SKU


def test_luma_product_fields_are_equal_across_formats(luma_pairs):
    for shopify, merchant in luma_pairs:
        assert shopify.description == merchant.description, shopify.title
        assert shopify.description and "<" not in shopify.description
        assert (shopify.brand, shopify.price, shopify.currency) == (merchant.brand, merchant.price, merchant.currency)
        assert shopify.category[-1] == merchant.category[-1], shopify.title
        assert shopify.gender == merchant.gender, shopify.title


def test_luma_variants_are_equal_across_formats(luma_pairs):
    def facts(product):
        return [(v.sku, v.size, v.color, v.price, v.sale_price, v.in_stock) for v in product.variants]

    for shopify, merchant in luma_pairs:
        assert facts(shopify) == facts(merchant), shopify.title
