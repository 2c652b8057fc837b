"""Google Merchant Center feeds: RSS XML with the g: namespace and the TSV form."""

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.catalog.importers import CatalogFormatError
from assistant.catalog.importers.merchant import normalize_column, read_merchant

FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"


def by_id(result):
    return {product.id: product for product in result.products}


@pytest.fixture(scope="module")
def feed():
    return read_merchant(FIXTURES / "merchant_small.xml")


def test_items_sharing_an_item_group_id_form_one_product(feed):
    assert feed.ok
    assert feed.rows == 3
    products = by_id(feed)
    assert list(products) == ["JK", "MUG-1"]
    assert [v.sku for v in products["JK"].variants] == ["JK-M-GRN", "JK-L-BLK"]


def test_product_fields_come_from_the_first_item_of_the_group(feed):
    jacket = by_id(feed)["JK"]
    assert jacket.title == "Ridge Jacket"
    assert jacket.brand == "Northpeak"
    assert jacket.category == ("Men", "Outerwear", "Jackets")
    assert jacket.gender == "male"
    assert jacket.product_url == "https://shop.example/ridge-jacket"
    assert jacket.image_url == "https://img.example/jk-grn.jpg"
    assert jacket.description == "Windproof shell. • Hood • Two pockets"


def test_price_currency_sale_price_and_availability(feed):
    jacket = by_id(feed)["JK"]
    green, black = jacket.variants
    assert jacket.currency == "EUR"
    assert (green.price, green.sale_price, green.in_stock) == (Decimal("120.00"), Decimal("99.50"), True)
    assert (black.sale_price, black.available, black.in_stock) == (None, False, False)
    assert (green.size, green.color, black.size, black.color) == ("M", "Green", "L", "Black")
    assert black.image_url == "https://img.example/jk-blk.jpg"


def test_attributes_collect_distinct_values_over_variants(feed):
    assert by_id(feed)["JK"].attributes == {"material": "Nylon, Polyester"}


def test_ungrouped_item_is_its_own_product_with_plain_rss_fields(feed):
    mug = by_id(feed)["MUG-1"]
    assert mug.title == "Camp Mug"
    assert mug.product_url == "https://shop.example/camp-mug"
    assert mug.category == ("Home & Garden", "Kitchen & Dining")
    assert mug.variants[0].price == Decimal("12")  # not the nested g:shipping/g:price
    assert mug.variants[0].in_stock  # preorder can be ordered


EXPECTED_XML_ERRORS = [
    (10, "title", "missing title"),
    (17, "price", "not a price: 'nine dollars'"),
    (23, "availability", "unknown availability 'sometimes'"),
    (29, "sale_price", "sale price 19.00 USD is above the price 9.00 USD"),
    (32, "id", "duplicate SKU 'OK-1' (first used on line 4)"),
    (36, "id", "missing id"),
    (38, "price", "negative price"),
]


def test_xml_errors_carry_the_line_of_the_field_or_item():
    result = read_merchant(FIXTURES / "merchant_broken.xml")
    found = [(e.line, e.field, e.message) for e in result.errors]
    assert len(found) == len(EXPECTED_XML_ERRORS)
    for (line, field, message), (expected_line, expected_field, text) in zip(found, EXPECTED_XML_ERRORS):
        assert (line, field) == (expected_line, expected_field)
        assert text in message
    assert [p.id for p in result.products] == ["OK-1"]
    assert result.rows == 7


def test_malformed_xml_is_a_format_error_with_its_line():
    with pytest.raises(CatalogFormatError, match=r"merchant_not_xml.xml:7: not well-formed XML"):
        read_merchant(FIXTURES / "merchant_not_xml.xml")


def test_entity_declarations_are_refused():
    with pytest.raises(CatalogFormatError, match="refused unsafe XML"):
        read_merchant(FIXTURES / "merchant_entities.xml")


def test_xml_that_is_not_a_feed_is_refused():
    with pytest.raises(CatalogFormatError, match="root element <catalog>"):
        read_merchant(FIXTURES / "not_a_feed.xml")


def test_tsv_feed_with_spaced_and_prefixed_headers():
    result = read_merchant(FIXTURES / "merchant_small.tsv")
    assert result.ok
    products = by_id(result)
    socks, bottle = products["SK"], products["BTL-1"]
    assert [(v.sku, v.size, v.price, v.sale_price) for v in socks.variants] == [
        ("SK-S", "S", Decimal("14.00"), None),
        ("SK-L", "L", Decimal("15.00"), Decimal("12.00")),
    ]
    assert socks.category == ("Accessories", "Socks")
    assert socks.image_url == "https://img.example/sk.jpg"
    assert bottle.description == "Steel bottle, 750 ml."
    assert not bottle.in_stock


def test_tsv_errors_carry_the_record_line():
    result = read_merchant(FIXTURES / "merchant_broken.tsv")
    assert [(e.line, e.field) for e in result.errors] == [(3, "title"), (4, "price"), (5, "id")]
    assert "duplicate SKU 'A-1' (first used on line 2)" in result.errors[2].message


def test_tsv_without_required_columns_is_refused(tmp_path):
    path = tmp_path / "feed.tsv"
    path.write_text("id\tname\nA\tB\n", encoding="utf-8")
    with pytest.raises(CatalogFormatError, match="missing columns: title, price"):
        read_merchant(path)


@pytest.mark.parametrize(
    ("header", "field"), [("g:id", "id"), ("Image Link", "image_link"), (" sale_price ", "sale_price")]
)
def test_header_names_are_normalized(header, field):
    assert normalize_column(header) == field
