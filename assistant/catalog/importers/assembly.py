"""Grouping parsed variant rows into products, with the checks that span rows (duplicate SKUs)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from assistant.catalog.importers.errors import RowError, RowReport
from assistant.catalog.importers.result import ImportResult
from assistant.catalog.model import Product, Variant


@dataclass
class ProductDraft:
    """A product whose variants are still being read; `product` holds everything but the variants."""

    product: Product
    line: int
    variants: list[Variant] = field(default_factory=list)
    attribute_values: dict[str, list[str]] = field(default_factory=dict)

    def add_attribute(self, name: str, value: str) -> None:
        """Remember an attribute value; distinct values over the variants are joined with ", "."""
        values = self.attribute_values.setdefault(name, [])
        if value and value not in values:
            values.append(value)

    def build(self) -> Product:
        """The finished, immutable product."""
        attributes = {**self.product.attributes}
        attributes.update({k: ", ".join(v) for k, v in self.attribute_values.items() if v})
        return replace(self.product, variants=tuple(self.variants), attributes=attributes)


class CatalogAssembler:
    """Collects products in first-seen order, their variants, and every row error."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[RowError] = []
        self._drafts: dict[str, ProductDraft] = {}
        self._sku_lines: dict[str, int] = {}

    def report(
        self,
        line: int,
        field_lines: Mapping[str, int] | None = None,
        field_names: Callable[[str], str] | None = None,
    ) -> RowReport:
        """A fresh error collector for the row starting at `line`."""
        return RowReport(self.file, line, self.errors, field_lines, field_names)

    def draft(self, product_id: str) -> ProductDraft | None:
        """The product being assembled under `product_id`, if any."""
        return self._drafts.get(product_id)

    def start(self, product: Product, line: int) -> ProductDraft:
        """Begin a product (its variants come through `add_variant`)."""
        draft = ProductDraft(product, line)
        self._drafts[product.id] = draft
        return draft

    def add_variant(self, draft: ProductDraft, variant: Variant, report: RowReport, sku_field: str) -> bool:
        """Attach `variant` unless its SKU was already used in this file."""
        first_line = self._sku_lines.get(variant.sku)
        if first_line is not None:
            report.add(sku_field, f"duplicate SKU {variant.sku!r} (first used on line {first_line})")
            return False
        self._sku_lines[variant.sku] = report.line
        draft.variants.append(variant)
        return True

    def result(self, rows: int) -> ImportResult:
        """Products that got at least one valid variant, and all errors."""
        products = [draft.build() for draft in self._drafts.values() if draft.variants]
        return ImportResult(products=products, errors=list(self.errors), rows=rows)
