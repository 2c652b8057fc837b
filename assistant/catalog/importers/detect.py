"""Telling a catalog file's format from its extension and first bytes."""

from __future__ import annotations

import csv
from pathlib import Path

from assistant.catalog.importers.errors import CatalogFormatError

FORMATS = ("shopify", "merchant", "csv", "jsonl")
_XML_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_MERCHANT_COLUMNS = frozenset({"id", "title", "price"})


def detect_format(path: Path, has_mapping: bool = False) -> str:
    """Guess "shopify", "merchant", "csv" or "jsonl"; raise CatalogFormatError when unsure."""
    from assistant.catalog.importers.merchant import normalize_column

    suffix = path.suffix.lower()
    if suffix in _XML_SUFFIXES:
        return "merchant"
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    first_line = _first_line(path)
    if first_line.startswith("<"):
        return "merchant"
    if first_line.startswith("{"):
        return "jsonl"
    if has_mapping:
        return "csv"
    delimiter = "\t" if "\t" in first_line else ","
    header = [name.strip() for name in next(csv.reader([first_line], delimiter=delimiter), [])]
    if "Handle" in header:
        return "shopify"
    if _MERCHANT_COLUMNS <= {normalize_column(name) for name in header}:
        return "merchant"
    raise CatalogFormatError(
        f"{path}: cannot tell the format (no Shopify 'Handle' column, no Merchant id/title/price columns); "
        "give the format, or a mapping file for a plain CSV/JSONL"
    )


def _first_line(path: Path) -> str:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            for line in handle:
                if line.strip():
                    return line.strip()
    except OSError as error:
        raise CatalogFormatError(f"{path}: cannot read: {error.strerror}") from None
    raise CatalogFormatError(f"{path}: empty file")
