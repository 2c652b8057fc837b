"""Plain CSV and JSONL catalogs read through a column-mapping file (format: see `mapping`).

One row (CSV record or JSON line) is one variant. Rows sharing the mapped group_id become
variants of one product whose id is that group id; without a group_id each row is a product
(id = the id column). Product fields come from the group's first row. Errors name the file's
column and the row's first physical line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from assistant.catalog.importers.assembly import CatalogAssembler
from assistant.catalog.importers.errors import CatalogFormatError
from assistant.catalog.importers.mapping import ColumnMapping
from assistant.catalog.importers.result import ImportResult
from assistant.catalog.importers.source import csv_records, open_text, with_progress
from assistant.catalog.importers.text import clean_text, to_plain_text
from assistant.catalog.importers.values import (
    parse_availability_or_flag,
    parse_money,
    parse_stock,
    split_category,
    split_tags,
)
from assistant.catalog.model import Product, Variant

Row = dict[str, object]


def read_csv(path: Path, mapping: ColumnMapping, *, currency: str = "USD", progress: bool = False) -> ImportResult:
    """Read a plain CSV catalog (first record = header)."""
    return _read(path, _csv_rows(path, mapping), mapping, currency, progress)


def read_jsonl(path: Path, mapping: ColumnMapping, *, currency: str = "USD", progress: bool = False) -> ImportResult:
    """Read a JSON Lines catalog (one object per line)."""
    return _read(path, _jsonl_rows(path), mapping, currency, progress)


def _read(
    path: Path, rows: Iterator[tuple[int, Row | str]], mapping: ColumnMapping, currency: str, progress: bool
) -> ImportResult:
    assembler = CatalogAssembler(str(path))
    reader = _MappedRows(assembler, mapping, mapping.default_currency or currency)
    count = 0
    for line, row in with_progress(rows, progress, "rows", path.name):
        count += 1
        if isinstance(row, str):
            assembler.report(line).add(None, row)
        else:
            reader.add_row(line, row)
    return assembler.result(count)


def _csv_rows(path: Path, mapping: ColumnMapping) -> Iterator[tuple[int, Row | str]]:
    with open_text(path) as handle:
        records = csv_records(handle, mapping.delimiter)
        header_record = next(records, None)
        if header_record is None:
            raise CatalogFormatError(f"{path}: empty file")
        header = [name.strip() for name in header_record[1]]
        missing = [column for column in mapping.used_columns() if column not in header]
        if missing:
            raise CatalogFormatError(f"{path}: columns named in the mapping are missing: {', '.join(missing)}")
        for line, cells in records:
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                yield line, f"row has {len(cells)} fields but the header has {len(header)}"
            else:
                yield line, dict(zip(header, cells))


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Row | str]]:
    with open_text(path) as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text, parse_float=Decimal)
            except json.JSONDecodeError as error:
                yield line, f"not valid JSON: {error.msg} (column {error.colno})"
                continue
            yield (line, row) if isinstance(row, dict) else (line, "a JSON line must be an object")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value).strip()


class _MappedRows:
    """Turns mapped rows into products and variants."""

    def __init__(self, assembler: CatalogAssembler, mapping: ColumnMapping, currency: str) -> None:
        self.assembler = assembler
        self.mapping = mapping
        self.currency = currency

    def add_row(self, line: int, row: Row) -> None:
        """Read one row starting at `line`."""
        mapping = self.mapping
        report = self.assembler.report(line, field_names=mapping.column)

        def get(field: str) -> str:
            column = mapping.columns.get(field)
            return _text(row.get(column)) if column else ""

        sku = get("sku") or get("id")
        product_id = get("group_id") or get("id") or sku
        if not sku:
            id_field = "sku" if "sku" in mapping.columns else "id"
            report.add(id_field, f"missing {mapping.column(id_field)}")
        title = clean_text(get("title"))
        if not title and self.assembler.draft(product_id) is None:
            report.add("title", "missing title")
        price = report.parse("price", parse_money, get("price"), required=True)
        sale = report.parse("sale_price", parse_money, get("sale_price"))
        stock = report.parse("stock", parse_stock, get("stock"))
        available = report.parse("availability", parse_availability_or_flag, get("availability"))
        currency = get("currency").upper() or (price.currency if price else None) or self.currency
        for field, money in (("price", price), ("sale_price", sale)):
            if money and money.currency and money.currency != currency:
                report.add(field, f"currency {money.currency} differs from the row's currency {currency}")
        if price and sale and sale.amount > price.amount:
            report.add("sale_price", f"sale price {sale} is above the price {price}")
        if report.failed or price is None:
            return
        draft = self.assembler.draft(product_id)
        if draft is None:
            draft = self.assembler.start(self._product(product_id, title, currency, row, get), line)
        elif currency != draft.product.currency:
            report.add("price", f"currency {currency} differs from the product's ({draft.product.currency})")
            return
        variant = Variant(
            sku=sku,
            price=price.amount,
            sale_price=sale.amount if sale else None,
            size=clean_text(get("size")) or None,
            color=clean_text(get("color")) or None,
            stock=stock,
            available=True if available is None else available,
            image_url=get("image_url") or None,
        )
        if self.assembler.add_variant(draft, variant, report, "sku" if "sku" in mapping.columns else "id"):
            for name, column in mapping.attributes.items():
                draft.add_attribute(name, clean_text(_text(row.get(column))))

    def _product(self, product_id: str, title: str, currency: str, row: Row, get) -> Product:
        category_value = row.get(self.mapping.columns.get("category", ""))
        if isinstance(category_value, list):
            category = tuple(clean_text(_text(part)) for part in category_value if _text(part))
        else:
            category = split_category(get("category"), self.mapping.category_separator)
        tags = split_tags(get("tags"))  # a JSON list arrives joined with ", "
        return Product(
            id=product_id,
            title=title,
            description=to_plain_text(get("description")),
            brand=clean_text(get("brand")) or None,
            category=category,
            currency=currency,
            image_url=get("image_url") or None,
            product_url=get("product_url") or None,
            gender=get("gender").lower() or None,
            tags=tags,
        )
