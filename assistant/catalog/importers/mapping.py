"""The column-mapping file of plain CSV/JSONL catalogs (YAML or JSON).

Top-level keys are our field names, each naming the file's column (CSV header or JSON key)::

    id: product_code          # product id when there is no group_id; SKU when there is no sku
    sku: variant_code         # variant SKU (defaults to id)
    group_id: parent_code     # rows with the same value become variants of one product
    title: name               # required
    price: list_price         # required: "12.50", "12.50 EUR" or a JSON number
    sale_price: offer_price
    currency: currency_code   # per-row currency (else the code in price, else default_currency)
    description: body_html    # HTML is made plain text
    brand: maker
    category: breadcrumb      # "A > B > C" (see category_separator) or a JSON list
    availability: status      # in stock | out of stock | preorder | backorder | true/false/yes/no/1/0
    stock: qty                # whole number
    size: size
    color: colour
    image_url: picture
    product_url: url
    gender: gender
    tags: keywords            # comma-separated or a JSON list
    attributes: [material, fit]           # or {material: fabric_col, fit: cut_col}
    default_currency: EUR     # option, default USD
    category_separator: ">"   # option
    delimiter: ";"            # option, CSV only, default ","

`title`, `price` and one of `id`/`sku` are required.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.catalog.importers.errors import CatalogFormatError

FIELDS = (
    "id", "sku", "group_id", "title", "description", "brand", "category", "price", "sale_price",
    "currency", "stock", "availability", "size", "color", "image_url", "product_url", "gender", "tags",
)
OPTIONS = ("attributes", "default_currency", "category_separator", "delimiter")


@dataclass(frozen=True)
class ColumnMapping:
    """Which file column holds each of our fields, plus reading options."""

    columns: dict[str, str]
    attributes: dict[str, str]
    default_currency: str | None = None
    category_separator: str = ">"
    delimiter: str = ","

    @classmethod
    def from_file(cls, path: Path) -> "ColumnMapping":
        """Load and check a mapping file (.json as JSON, anything else as YAML)."""
        try:
            text = Path(path).read_text(encoding="utf-8")
            data = json.loads(text) if Path(path).suffix.lower() == ".json" else yaml.safe_load(text)
        except (OSError, ValueError, yaml.YAMLError) as error:
            raise CatalogFormatError(f"{path}: unreadable mapping file: {error}") from None
        return cls.from_dict(data, str(path))

    @classmethod
    def from_dict(cls, data: object, source: str = "mapping") -> "ColumnMapping":
        """Build a mapping from parsed YAML/JSON, refusing unknown keys and missing required fields."""
        if not isinstance(data, dict):
            raise CatalogFormatError(f"{source}: a mapping file must hold a mapping of field: column")
        unknown = sorted(set(data) - set(FIELDS) - set(OPTIONS))
        if unknown:
            raise CatalogFormatError(
                f"{source}: unknown keys {', '.join(map(str, unknown))}; known: {', '.join(FIELDS + OPTIONS)}"
            )
        columns = {name: str(data[name]) for name in FIELDS if data.get(name) not in (None, "")}
        missing = [name for name in ("title", "price") if name not in columns]
        if "id" not in columns and "sku" not in columns:
            missing.append("id (or sku)")
        if missing:
            raise CatalogFormatError(f"{source}: the mapping must name a column for: {', '.join(missing)}")
        return cls(
            columns=columns,
            attributes=_attributes(data.get("attributes"), source),
            default_currency=str(data["default_currency"]).upper() if data.get("default_currency") else None,
            category_separator=str(data.get("category_separator") or ">"),
            delimiter=str(data.get("delimiter") or ","),
        )

    def column(self, field: str) -> str:
        """The file column of `field` (the field name itself when unmapped, for messages)."""
        return self.columns.get(field, field)

    def used_columns(self) -> list[str]:
        """Every file column the mapping reads."""
        return list(dict.fromkeys([*self.columns.values(), *self.attributes.values()]))


def _attributes(value: object, source: str) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if isinstance(value, list):
        return {str(column): str(column) for column in value}
    if isinstance(value, dict):
        return {str(name): str(column) for name, column in value.items()}
    raise CatalogFormatError(f"{source}: attributes must be a list of columns or a mapping name: column")
