"""Google Merchant Center feeds: RSS 2.0 / Atom XML with the g: namespace, or delimited text (TSV).

- Each item is one variant; items sharing g:item_group_id form one product whose id is the
  group id; an item without a group is a product of its own (id = g:id). SKU = g:id.
- Product fields come from the group's first item: title, description (HTML, if any, made
  plain), brand, product_type "A > B > C" as category (google_product_category when it is a
  text path and product_type is absent), link, image_link, gender.
- price / sale_price "52.00 USD" give amount and currency (the default currency when the code
  is missing); availability is one of in stock, out of stock, preorder, backorder.
- material, pattern and age_group become product attributes (distinct values over variants).
- XML is streamed with defusedxml's SAX parser (DTD entities and external references refused);
  errors carry the physical line of the offending field (or of the <item> for item-wide problems).
- Delimited text: header names like "id", "g:id" or "image link"; tab-separated, or comma-
  separated when the header has no tab. Errors carry the record's first line.
"""

from __future__ import annotations

import xml.sax
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.expatreader import ExpatLocator
from xml.sax.handler import ContentHandler, feature_namespaces

import defusedxml.sax
from defusedxml import DefusedXmlException

from assistant.catalog.importers.assembly import CatalogAssembler
from assistant.catalog.importers.errors import CatalogFormatError
from assistant.catalog.importers.result import ImportResult
from assistant.catalog.importers.source import csv_records, open_text, with_progress
from assistant.catalog.importers.text import clean_text, to_plain_text
from assistant.catalog.importers.values import Money, parse_availability, parse_money, split_category
from assistant.catalog.model import Product, Variant

GOOGLE_NS = "http://base.google.com/ns/1.0"
REQUIRED_COLUMNS = ("id", "title", "price")
ATTRIBUTE_FIELDS = ("material", "pattern", "age_group")
_ITEM_TAGS = frozenset({"item", "entry"})
_ROOT_TAGS = frozenset({"rss", "feed", "RDF"})
_CHUNK_BYTES = 1 << 16


@dataclass(frozen=True)
class FeedItem:
    """One feed item: its field values and the line of the item and of each field."""

    line: int
    fields: dict[str, str]
    field_lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> str:
        """The stripped value of field `name` ("" when absent)."""
        return self.fields.get(name, "").strip()


def read_merchant(path: Path, *, currency: str = "USD", progress: bool = False) -> ImportResult:
    """Read a Merchant Center feed, XML or delimited text, told apart by the first character."""
    with open(path, "rb") as raw:
        start = raw.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    items = _xml_items(path) if start.startswith(b"<") else _delimited_items(path)
    assembler = CatalogAssembler(str(path))
    rows = 0
    for item in with_progress(items, progress, "items", "Merchant feed"):
        rows += 1
        _add_item(item, assembler, currency)
    return assembler.result(rows)


def normalize_column(name: str) -> str:
    """Header name as a feed field name: "g:image link" -> "image_link"."""
    name = name.strip().lower()
    name = name.removeprefix("g:")
    return "_".join(name.split())


def _add_item(item: FeedItem, assembler: CatalogAssembler, default_currency: str) -> None:
    report = assembler.report(item.line, item.field_lines)
    sku = item.get("id")
    title = clean_text(item.get("title"))
    if not sku:
        report.add("id", "missing id")
    if not title:
        report.add("title", "missing title")
    price = report.parse("price", parse_money, item.get("price"), required=True)
    sale = report.parse("sale_price", parse_money, item.get("sale_price"))
    available = report.parse("availability", parse_availability, item.get("availability"))
    currency = (price.currency if price else None) or default_currency
    if sale and sale.currency and sale.currency != currency:
        report.add("sale_price", f"sale price currency {sale.currency} differs from the price's {currency}")
    if price and sale and sale.amount > price.amount:
        report.add("sale_price", f"sale price {sale} is above the price {price}")
    if report.failed or price is None:
        return
    group_id = item.get("item_group_id") or sku
    draft = assembler.draft(group_id) or assembler.start(_product(group_id, title, currency, item), item.line)
    if currency != draft.product.currency:
        report.add("price", f"currency {currency} differs from the product's ({draft.product.currency})")
        return
    variant = Variant(
        sku=sku,
        price=price.amount,
        sale_price=_amount(sale),
        size=clean_text(item.get("size")) or None,
        color=clean_text(item.get("color")) or None,
        available=True if available is None else available,
        image_url=item.get("image_link") or None,
    )
    if assembler.add_variant(draft, variant, report, "id"):
        for name in ATTRIBUTE_FIELDS:
            draft.add_attribute(name, clean_text(item.get(name)))


def _product(product_id: str, title: str, currency: str, item: FeedItem) -> Product:
    category = split_category(item.get("product_type"))
    google_category = item.get("google_product_category")
    if not category and google_category and not google_category.isdigit():
        category = split_category(google_category)
    return Product(
        id=product_id,
        title=title,
        description=to_plain_text(item.get("description")),
        brand=clean_text(item.get("brand")) or None,
        category=category,
        currency=currency,
        image_url=item.get("image_link") or None,
        product_url=item.get("link") or None,
        gender=item.get("gender").lower() or None,
    )


def _amount(money: Money | None):
    return money.amount if money else None


def _delimited_items(path: Path) -> Iterator[FeedItem]:
    with open_text(path) as handle:
        first_line = handle.readline()
        handle.seek(0)
        delimiter = "\t" if "\t" in first_line else ","
        records = csv_records(handle, delimiter)
        header_record = next(records, None)
        if header_record is None:
            raise CatalogFormatError(f"{path}: empty file")
        header = [normalize_column(name) for name in header_record[1]]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise CatalogFormatError(f"{path}: not a Merchant feed, missing columns: {', '.join(missing)}")
        for line, cells in records:
            values: dict[str, str] = {}
            for name, value in zip(header, cells):
                if name not in values or not values[name]:
                    values[name] = value
            yield FeedItem(line, values)


def _xml_items(path: Path) -> Iterator[FeedItem]:
    parser = defusedxml.sax.make_parser()
    parser.setFeature(feature_namespaces, True)
    handler = _FeedHandler()
    parser.setContentHandler(handler)
    handler.setDocumentLocator(ExpatLocator(parser))  # feed() alone never hands one over
    try:
        with open(path, "rb") as raw:
            while chunk := raw.read(_CHUNK_BYTES):
                parser.feed(chunk)
                while handler.items:
                    yield handler.items.popleft()
            parser.close()
    except xml.sax.SAXParseException as error:
        where = f"{path}:{error.getLineNumber()}"
        raise CatalogFormatError(f"{where}: not well-formed XML: {error.getMessage()}") from None
    except _NotAFeed as error:
        raise CatalogFormatError(f"{path}: not a Merchant feed: {error.getMessage()}") from None
    except DefusedXmlException as error:
        raise CatalogFormatError(f"{path}: refused unsafe XML: {error}") from None
    yield from handler.items


class _NotAFeed(xml.sax.SAXException):
    """The XML root is not rss, feed or RDF."""


class _FeedHandler(ContentHandler):
    """SAX handler collecting the direct children of each <item>/<entry> as text fields."""

    def __init__(self) -> None:
        super().__init__()
        self.items: deque[FeedItem] = deque()
        self._locator = None
        self._depth = 0
        self._item_depth: int | None = None
        self._item_line = 0
        self._fields: dict[str, str] = {}
        self._lines: dict[str, int] = {}
        self._from_google: set[str] = set()
        self._field: tuple[str | None, str] | None = None
        self._text: list[str] = []

    def setDocumentLocator(self, locator) -> None:
        self._locator = locator

    def _line(self) -> int:
        return self._locator.getLineNumber() if self._locator else 0

    def startElementNS(self, name, qname, attrs) -> None:
        uri, local = name
        self._depth += 1
        if self._depth == 1 and local not in _ROOT_TAGS:
            raise _NotAFeed(f"root element <{qname or local}> is not <rss> or <feed>")
        if self._item_depth is None:
            if local in _ITEM_TAGS:
                self._item_depth, self._item_line = self._depth, self._line()
                self._fields, self._lines, self._from_google = {}, {}, set()
        elif self._depth == self._item_depth + 1:
            self._field, self._text = (uri, local), []
            self._lines.setdefault(local, self._line())
            href = attrs.get((None, "href"))
            if local == "link" and href:
                self._text.append(href)

    def characters(self, content: str) -> None:
        if self._field is not None and self._depth == self._item_depth + 1:
            self._text.append(content)

    def endElementNS(self, name, qname) -> None:
        if self._field is not None and self._depth == self._item_depth + 1:
            uri, local = self._field
            value = "".join(self._text)
            if uri == GOOGLE_NS and local not in self._from_google:
                self._fields[local] = value
                self._from_google.add(local)
            elif local not in self._fields:
                self._fields[local] = value
            self._field = None
        elif self._depth == self._item_depth:
            self.items.append(FeedItem(self._item_line, self._fields, self._lines))
            self._item_depth = None
        self._depth -= 1
