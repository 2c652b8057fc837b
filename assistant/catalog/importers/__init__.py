"""Catalog importers: Shopify CSV, Google Merchant feeds (XML/TSV), and mapped CSV/JSONL.

`read_catalog` reads a whole file into products and collects every row error; the caller
decides what to do with a result that is not `ok` (the CLI changes nothing).
"""

from __future__ import annotations

from pathlib import Path

from assistant.catalog.importers.detect import FORMATS, detect_format
from assistant.catalog.importers.errors import CatalogFormatError, RowError
from assistant.catalog.importers.mapping import ColumnMapping
from assistant.catalog.importers.merchant import read_merchant
from assistant.catalog.importers.result import ImportResult
from assistant.catalog.importers.shopify import read_shopify
from assistant.catalog.importers.tabular import read_csv, read_jsonl

__all__ = ["FORMATS", "CatalogFormatError", "ImportResult", "RowError", "detect_format", "read_catalog"]


def read_catalog(
    path: Path,
    format: str | None = None,
    mapping: Path | None = None,
    progress: bool = False,
    *,
    currency: str = "USD",
    base_url: str | None = None,
) -> ImportResult:
    """Read a catalog file; `format` is one of FORMATS, or None to detect it from the file."""
    path = Path(path)
    if not path.is_file():
        raise CatalogFormatError(f"{path}: no such file")
    chosen = format or detect_format(path, has_mapping=mapping is not None)
    if chosen not in FORMATS:
        raise CatalogFormatError(f"unknown catalog format {chosen!r}; known: {', '.join(FORMATS)}")
    try:
        if chosen == "shopify":
            return read_shopify(path, currency=currency, base_url=base_url, progress=progress)
        if chosen == "merchant":
            return read_merchant(path, currency=currency, progress=progress)
        if mapping is None:
            raise CatalogFormatError(f"{path}: the {chosen} format needs a mapping file")
        column_mapping = ColumnMapping.from_file(mapping)
        if chosen == "csv":
            return read_csv(path, column_mapping, currency=currency, progress=progress)
        return read_jsonl(path, column_mapping, currency=currency, progress=progress)
    except UnicodeDecodeError as error:
        raise CatalogFormatError(f"{path}: not UTF-8 text ({error.reason})") from None
