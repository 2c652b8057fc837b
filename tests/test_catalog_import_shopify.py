"""Shopify product CSV import: grouping by Handle, options, sale prices, stock policy, row errors."""

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.catalog.importers import CatalogFormatError, read_catalog
from assistant.catalog.importers.shopify import read_shopify

FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"
PARTNERS = Path(__file__).resolve().parents[2] / "shared" / "data" / "catalogs" / "shopify-partners"


@pytest.fixture(scope="module")
def small():
    return read_shopify(FIXTURES / "shopify_small.csv")


@pytest.fixture(scope="module")
def broken():
    return read_shopify(FIXTURES / "shopify_broken.csv")


def by_id(result):
    return {product.id: product for product in result.products}


def test_rows_of_a_handle_become_one_product_with_its_variants(small):
    assert small.ok
    assert small.rows == 5
    assert [p.id for p in small.products] == ["trail-tee", "gift-card"]
    assert [v.sku for v in by_id(small)["trail-tee"].variants] == ["TT-S-RED", "TT-M-RED", "TT-L-BLU"]


def test_product_fields_come_from_the_first_row(small):
    tee = by_id(small)["trail-tee"]
    assert tee.title == "Trail Tee"
    assert tee.brand == "Northpeak"
    assert tee.category == ("Tees",)
    assert tee.tags == ("running", "cotton")
    assert tee.gender == "female"
    assert tee.image_url == "https://img.example/tt.jpg"
    assert tee.product_url is None
    assert tee.currency == "USD"


def test_multiline_html_body_becomes_one_line_with_bullets(small):
    assert by_id(small)["trail-tee"].description == "Soft tee for long runs. • Organic cotton • Reflective print"
    assert by_id(small)["gift-card"].description == "Give & enjoy — any time."


def test_options_match_size_and_colour_case_insensitively_and_keep_others(small):
    first, _, last = by_id(small)["trail-tee"].variants
    assert (first.size, first.color, first.options) == ("S", "Red", {"Fit": "Slim"})
    assert (last.size, last.color, last.options) == ("L", "Blue", {"Fit": "Regular"})


def test_compare_at_above_price_means_on_sale(small):
    on_sale, _, regular = by_id(small)["trail-tee"].variants
    assert (on_sale.price, on_sale.sale_price) == (Decimal("40.00"), Decimal("30.00"))
    assert on_sale.effective_price == Decimal("30.00")
    assert (regular.price, regular.sale_price) == (Decimal("32.00"), None)


def test_inventory_policy_continue_sells_at_zero_stock(small):
    in_stock, sold_out, continues = by_id(small)["trail-tee"].variants
    assert in_stock.stock == 4 and in_stock.in_stock
    assert sold_out.stock == 0 and not sold_out.in_stock
    assert continues.stock is None and continues.in_stock


def test_variant_image_and_image_only_rows(small):
    tee = by_id(small)["trail-tee"]
    assert tee.variants[0].image_url == "https://img.example/tt-red.jpg"
    assert tee.variants[1].image_url is None
    assert len(tee.variants) == 3  # the image-only row adds no variant


def test_default_title_option_means_no_options_and_sku_falls_back_to_handle(small):
    (card,) = by_id(small)["gift-card"].variants
    assert (card.sku, card.size, card.color, card.options) == ("gift-card", None, None, {})
    assert card.price == Decimal("25")


def test_base_url_and_currency_options():
    result = read_shopify(FIXTURES / "shopify_small.csv", currency="EUR", base_url="https://shop.example/")
    tee = by_id(result)["trail-tee"]
    assert tee.product_url == "https://shop.example/products/trail-tee"
    assert tee.currency == "EUR"


EXPECTED_BROKEN = [
    (5, "Variant Price", "not a price: 'twenty'"),
    (6, "Variant Inventory Qty", "not a whole number: 'lots'"),
    (7, "Handle", "missing handle"),
    (8, "Title", "missing title"),
    (10, "Handle", "variant row of unknown handle 'ghost-hat'"),
    (11, "Variant Price", "negative price"),
    (12, "Variant SKU", "duplicate SKU 'HAT-S' (first used on line 2)"),
    (13, None, "row has 15 fields but the header has 14"),
    (14, "Variant Compare At Price", "not a price: 'abc'"),
]


def test_every_broken_row_is_reported_with_its_physical_line_and_column(broken):
    found = [(e.line, e.field, e.message) for e in broken.errors]
    assert len(found) == len(EXPECTED_BROKEN)
    for (line, field, message), (expected_line, expected_field, expected_text) in zip(found, EXPECTED_BROKEN):
        assert (line, field) == (expected_line, expected_field)
        assert expected_text in message
    assert all(e.file == str(FIXTURES / "shopify_broken.csv") for e in broken.errors)


def test_rows_after_a_rejected_first_row_are_not_reported_again(broken):
    assert 9 not in {e.line for e in broken.errors}


def test_valid_rows_of_a_broken_file_are_still_read(broken):
    assert not broken.ok
    assert broken.rows == 12  # 14 physical lines, one record spans three
    assert {p.id: [v.sku for v in p.variants] for p in broken.products} == {
        "good-hat": ["HAT-S"],
        "cheap-cap": ["CC-XXL"],
    }
    assert by_id(broken)["good-hat"].description == "A hat that spans three lines."


def test_a_csv_without_shopify_columns_is_refused(tmp_path):
    path = tmp_path / "products.csv"
    path.write_text("Handle,Name\nx,y\n", encoding="utf-8")
    with pytest.raises(CatalogFormatError, match="missing columns: Title, Variant Price"):
        read_shopify(path)


@pytest.mark.parametrize(
    ("name", "rows", "products", "variants"),
    [("apparel.csv", 22, 20, 22), ("jewelery.csv", 41, 20, 23), ("home-and-garden.csv", 21, 20, 21)],
)
def test_shopify_partner_exports_import_cleanly(name, rows, products, variants):
    path = PARTNERS / name
    if not path.exists():
        pytest.skip(f"shared catalog {path} is not available (it is read from ../shared, never copied)")
    result = read_catalog(path)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.rows, len(result.products), result.variants) == (rows, products, variants)
    assert all(p.title and p.variants for p in result.products)
    skus = [v.sku for p in result.products for v in p.variants]
    assert len(skus) == len(set(skus))


def test_partner_jewelry_sale_prices_and_bulleted_list():
    path = PARTNERS / "jewelery.csv"
    if not path.exists():
        pytest.skip(f"shared catalog {path} is not available (it is read from ../shared, never copied)")
    products = by_id(read_catalog(path))
    gold, silver = products["leather-anchor"].variants
    assert (gold.color, gold.price, gold.sale_price) == ("Gold", Decimal("85"), Decimal("69.99"))
    assert (silver.color, silver.price, silver.sale_price) == ("Silver", Decimal("85"), Decimal("55"))
    assert silver.sku == "leather-anchor-silver"
    assert products["leather-anchor"].image_url.endswith("anchor-bracelet-mens_925x.jpg")
    assert "strong. • 14k yellow gold • Leather • " in products["choker-with-gold-pendant"].description


def test_import_command_passes_base_url_and_currency_to_the_store(tmp_path, monkeypatch):
    """`assistant catalog import --base-url --currency`: what the CLI stores, with the real model."""
    from assistant.cli import main
    from assistant.index import versions
    from assistant.index.store import CatalogStore

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    argv = ["catalog", "import", str(FIXTURES / "shopify_small.csv"), "--quiet", "--data-dir", str(tmp_path),
            "--currency", "EUR", "--base-url", "https://shop.example"]
    assert main(argv) == 0
    store = CatalogStore(versions.current_folder(tmp_path) / versions.STORE_FILE)
    tee = store.get("trail-tee")
    store.close()
    assert (tee.product_url, tee.currency) == ("https://shop.example/products/trail-tee", "EUR")
