"""Plain CSV and JSONL catalogs read through a YAML or JSON column mapping."""

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.catalog.importers import CatalogFormatError
from assistant.catalog.importers.mapping import ColumnMapping
from assistant.catalog.importers.tabular import read_csv, read_jsonl

FIXTURES = Path(__file__).parent / "fixtures" / "catalogs"


def by_id(result):
    return {product.id: product for product in result.products}


@pytest.fixture(scope="module")
def plain_csv():
    return read_csv(FIXTURES / "plain.csv", ColumnMapping.from_file(FIXTURES / "plain_mapping.yaml"))


def test_yaml_mapping_is_loaded_with_its_options():
    mapping = ColumnMapping.from_file(FIXTURES / "plain_mapping.yaml")
    assert mapping.columns["title"] == "name"
    assert mapping.attributes == {"fabric": "fabric", "fit": "fit"}
    assert (mapping.default_currency, mapping.category_separator, mapping.delimiter) == ("EUR", "/", ";")


def test_rows_sharing_a_group_id_become_variants_of_one_product(plain_csv):
    assert plain_csv.ok
    products = by_id(plain_csv)
    assert list(products) == ["BK-1", "SH"]
    sneaker = products["SH"]
    assert [(v.sku, v.size, v.color) for v in sneaker.variants] == [("SH-38", "38", "White"), ("SH-39", "39", "White")]
    assert sneaker.attributes == {"fabric": "Canvas", "fit": "Regular, Wide"}


def test_mapped_fields_are_parsed(plain_csv):
    notebook = by_id(plain_csv)["BK-1"]
    assert notebook.description == "Dot grid, 80 pages."
    assert notebook.category == ("Stationery", "Notebooks")
    assert notebook.brand == "Papero"
    assert notebook.currency == "EUR"
    (variant,) = notebook.variants
    assert (variant.price, variant.stock, variant.image_url) == (Decimal("8.50"), 120, "https://img.example/bk.jpg")
    first, second = by_id(plain_csv)["SH"].variants
    assert (first.price, first.sale_price, first.stock) == (Decimal("59.90"), Decimal("49.90"), 3)
    assert not second.in_stock and second.available is False


def test_jsonl_with_json_mapping_lists_and_numbers():
    mapping = ColumnMapping.from_file(FIXTURES / "plain_mapping.json")
    result = read_jsonl(FIXTURES / "plain.jsonl", mapping)
    assert result.ok
    assert result.rows == 3  # the blank line is not a row
    lamp, cup = result.products
    assert (lamp.id, lamp.currency) == ("LMP", "GBP")
    assert (lamp.category, lamp.tags) == (("Home", "Lighting"), ("lighting", "desk"))
    assert [(v.sku, v.price, v.available) for v in lamp.variants] == [
        ("LMP-1", Decimal("34.5"), True),
        ("LMP-2", Decimal("36.00"), False),
    ]
    assert (cup.id, cup.variants[0].color, cup.variants[0].available) == ("CUP-1", "White", True)


EXPECTED_JSONL_ERRORS = [
    (2, None, "not valid JSON"),
    (3, None, "a JSON line must be an object"),
    (4, "price", "missing price"),
    (5, "sku", "duplicate SKU 'OK-1' (first used on line 1)"),
    (6, "in_stock", "unknown availability 'maybe'"),
    (6, "sale", "sale price 4 is above the price 3"),
    (7, "sku", "missing sku"),
]


def test_broken_jsonl_reports_each_line_with_the_files_column_names():
    mapping = ColumnMapping.from_file(FIXTURES / "broken_mapping.json")
    result = read_jsonl(FIXTURES / "broken.jsonl", mapping)
    found = [(e.line, e.field, e.message) for e in result.errors]
    assert len(found) == len(EXPECTED_JSONL_ERRORS)
    for (line, field, message), (expected_line, expected_field, text) in zip(found, EXPECTED_JSONL_ERRORS):
        assert (line, field) == (expected_line, expected_field)
        assert text in message
    assert [p.id for p in result.products] == ["OK-1"]


def test_csv_missing_a_mapped_column_is_refused(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("code;name\nA;B\n", encoding="utf-8")
    with pytest.raises(CatalogFormatError, match="are missing: parent, details, maker, path"):
        read_csv(path, ColumnMapping.from_file(FIXTURES / "plain_mapping.yaml"))


def test_mapping_with_unknown_key_is_refused():
    with pytest.raises(CatalogFormatError, match="unknown keys colour"):
        ColumnMapping.from_file(FIXTURES / "mapping_unknown_key.yaml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"id": "a", "title": "b"}, "must name a column for: price"),
        ({"title": "b", "price": "c"}, r"must name a column for: id \(or sku\)"),
        (["id"], "must hold a mapping"),
        ({"id": "a", "title": "b", "price": "c", "attributes": "x"}, "attributes must be"),
    ],
)
def test_incomplete_or_malformed_mappings_are_refused(data, message):
    with pytest.raises(CatalogFormatError, match=message):
        ColumnMapping.from_dict(data)


def test_unreadable_mapping_file_is_a_format_error(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogFormatError, match="unreadable mapping file"):
        ColumnMapping.from_file(path)
