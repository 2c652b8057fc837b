"""Shopify product CSV export: one row per variant (plus image-only rows), grouped by Handle.

The first row of a handle carries the product fields (Title, Body (HTML), Vendor, Type, Tags,
Option1..3 Name, Image Src). Later rows of the handle add variants; a row with no variant
fields (no option value, SKU or price) only adds an image.

- Product id = Handle; brand = Vendor; category = (Type,); tags = Tags split on commas.
- Description = Body (HTML) as one line of plain text (see `text.html_to_text`).
- Options named Size and Color/Colour (any case) fill Variant.size/color; others go to
  Variant.options; "Title: Default Title" means no options.
- Variant Compare At Price above Variant Price means on sale: price = compare-at,
  sale_price = Variant Price. A compare-at at or below the price is ignored.
- Variant Inventory Policy "continue" sells at zero stock, so stock is left unknown (None);
  otherwise stock = Variant Inventory Qty.
- A variant without Variant SKU gets "<handle>-<option values>" (or the handle) as SKU.
- Product URL only when a base URL is given: "<base_url>/products/<handle>".
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.catalog.importers.assembly import CatalogAssembler
from assistant.catalog.importers.errors import CatalogFormatError, RowReport
from assistant.catalog.importers.result import ImportResult
from assistant.catalog.importers.source import csv_records, open_text, with_progress
from assistant.catalog.importers.text import clean_text, html_to_text
from assistant.catalog.importers.values import parse_amount, parse_stock, slug, split_tags
from assistant.catalog.model import Product, Variant

REQUIRED_COLUMNS = ("Handle", "Title", "Variant Price")
_PRODUCT_COLUMNS = ("Body (HTML)", "Vendor", "Type", "Tags", "Option1 Name")
_VARIANT_COLUMNS = ("Variant SKU", "Variant Price", "Option1 Value", "Option2 Value", "Option3 Value")
_OPTION_SLOTS = (1, 2, 3)


def read_shopify(
    path: Path, *, currency: str = "USD", base_url: str | None = None, progress: bool = False
) -> ImportResult:
    """Read a Shopify product CSV export."""
    with open_text(path) as handle:
        records = csv_records(handle)
        header_record = next(records, None)
        if header_record is None:
            raise CatalogFormatError(f"{path}: empty file")
        header = [name.strip() for name in header_record[1]]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise CatalogFormatError(f"{path}: not a Shopify product CSV, missing columns: {', '.join(missing)}")
        reader = _ShopifyRows(str(path), header, currency, base_url)
        for line, cells in with_progress(records, progress, "rows", "Shopify CSV"):
            reader.add_row(line, cells)
    return reader.assembler.result(reader.rows)


class _ShopifyRows:
    """Turns Shopify rows into products, remembering each handle's option names."""

    def __init__(self, file: str, header: list[str], currency: str, base_url: str | None) -> None:
        self.assembler = CatalogAssembler(file)
        self.rows = 0
        self._header = header
        self._index = {name: i for i, name in reversed(list(enumerate(header)))}
        self._currency = currency
        self._base_url = base_url.rstrip("/") if base_url else None
        self._option_names: dict[str, tuple[str, ...]] = {}
        self._rejected_handles: set[str] = set()

    def add_row(self, line: int, cells: list[str]) -> None:
        """Read one CSV record starting at `line`."""
        self.rows += 1
        report = self.assembler.report(line)
        if len(cells) > len(self._header) and any(c.strip() for c in cells[len(self._header):]):
            report.add(None, f"row has {len(cells)} fields but the header has {len(self._header)}")
            return

        def cell(name: str) -> str:
            i = self._index.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        handle = cell("Handle")
        if not handle:
            report.add("Handle", "missing handle")
            return
        if handle in self._rejected_handles:
            return
        draft = self.assembler.draft(handle)
        if draft is None:
            if not cell("Title"):
                self._rejected_handles.add(handle)
                if any(cell(name) for name in _PRODUCT_COLUMNS):
                    report.add("Title", "missing title (the first row of a handle carries it)")
                else:
                    report.add("Handle", f"variant row of unknown handle {handle!r} (no row with its Title before)")
                return
            draft = self.assembler.start(self._product(handle, cell), line)
            self._option_names[handle] = tuple(cell(f"Option{i} Name") for i in _OPTION_SLOTS)
        elif not any(cell(name) for name in _VARIANT_COLUMNS):
            if not draft.product.image_url and cell("Image Src"):
                draft.product = replace(draft.product, image_url=cell("Image Src"))
            return
        variant = self._variant(handle, cell, report)
        if variant is not None:
            self.assembler.add_variant(draft, variant, report, "Variant SKU")

    def _product(self, handle: str, cell) -> Product:
        product_type = clean_text(cell("Type"))
        return Product(
            id=handle,
            title=clean_text(cell("Title")),
            description=html_to_text(cell("Body (HTML)")),
            brand=clean_text(cell("Vendor")) or None,
            category=(product_type,) if product_type else (),
            currency=self._currency,
            image_url=cell("Image Src") or None,
            product_url=f"{self._base_url}/products/{handle}" if self._base_url else None,
            gender=cell("Google Shopping / Gender").lower() or None,
            attributes={"age_group": age} if (age := cell("Google Shopping / Age Group").lower()) else {},
            tags=split_tags(cell("Tags")),
        )

    def _variant(self, handle: str, cell, report: RowReport) -> Variant | None:
        price = report.parse("Variant Price", parse_amount, cell("Variant Price"), required=True)
        compare_at = report.parse("Variant Compare At Price", parse_amount, cell("Variant Compare At Price"))
        quantity = report.parse("Variant Inventory Qty", parse_stock, cell("Variant Inventory Qty"))
        if report.failed or price is None:
            return None
        size = color = None
        options: dict[str, str] = {}
        option_values: list[str] = []
        for slot, name in zip(_OPTION_SLOTS, self._option_names[handle]):
            value = clean_text(cell(f"Option{slot} Value"))
            kind = name.lower()
            if not value or (kind == "title" and value == "Default Title"):
                continue
            option_values.append(value)
            if kind == "size":
                size = value
            elif kind in ("color", "colour"):
                color = value
            else:
                options[name or f"Option{slot}"] = value
        on_sale = compare_at is not None and compare_at > price
        sku = cell("Variant SKU") or "-".join([handle, *(slug(v) for v in option_values)])
        continues = cell("Variant Inventory Policy").lower() == "continue"
        return Variant(
            sku=sku,
            price=compare_at if on_sale else price,
            sale_price=price if on_sale else None,
            size=size,
            color=color,
            stock=None if continues else quantity,
            image_url=cell("Variant Image") or None,
            options=options,
        )
