"""The outcome of reading one catalog file: products, row errors and a summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from assistant.catalog.importers.errors import RowError
from assistant.catalog.model import Product


@dataclass(frozen=True)
class ImportResult:
    """Products read from a file, with every row error found on the way."""

    products: list[Product]
    errors: list[RowError]
    rows: int

    @property
    def ok(self) -> bool:
        """True when no row had an error."""
        return not self.errors

    @property
    def variants(self) -> int:
        """Number of variants over all products."""
        return sum(len(product.variants) for product in self.products)

    def summary(self) -> str:
        """One human-readable paragraph: rows read, products, variants, errors by kind."""
        text = (
            f"Read {self.rows:,} {_plural(self.rows, 'row')}: {len(self.products):,} "
            f"{_plural(len(self.products), 'product')} with {self.variants:,} "
            f"{_plural(self.variants, 'variant')}"
        )
        if self.ok:
            return text + "; no errors."
        kinds = Counter(error.field or "whole row" for error in self.errors)
        by_kind = ", ".join(f"{field}: {count:,}" for field, count in kinds.most_common())
        return f"{text}; {len(self.errors):,} {_plural(len(self.errors), 'error')} by field ({by_kind})."


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"
