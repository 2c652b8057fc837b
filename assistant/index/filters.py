"""Exact search filters (price, stock, brand, category, colour, size, gender) and their SQL."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Filters:
    """Constraints a product must meet; variant-level ones must hold for one variant together."""

    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool | None = None
    brand: str | None = None
    category: str | None = None
    color: str | None = None
    size: str | None = None
    gender: str | None = None

    def is_empty(self) -> bool:
        """True when nothing is constrained."""
        return all(getattr(self, f.name) is None for f in fields(self))

    @classmethod
    def parse(cls, pairs: list[str]) -> "Filters":
        """Build from `key=value` strings as given on the command line."""
        values: dict[str, object] = {}
        names = {f.name for f in fields(cls)}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            key = key.strip().replace("-", "_")
            if not sep or key not in names:
                raise ValueError(f"unknown filter {pair!r}; use one of {sorted(names)} as key=value")
            values[key] = _coerce(key, value.strip())
        return cls(**values)

    def where_clause(self) -> tuple[str, list[object]]:
        """SQL condition over `products p` (with `variants v` inside EXISTS) and its parameters."""
        clauses: list[str] = []
        params: list[object] = []
        for column in ("brand", "gender"):
            value = getattr(self, column)
            if value is not None:
                clauses.append(f"p.{column} = ? COLLATE NOCASE")
                params.append(value)
        if self.category is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM product_categories c "
                "WHERE c.product_key = p.key AND c.segment = ? COLLATE NOCASE)"
            )
            params.append(self.category)
        variant_clauses: list[str] = []
        for column in ("color", "size"):
            value = getattr(self, column)
            if value is not None:
                variant_clauses.append(f"v.{column} = ? COLLATE NOCASE")
                params.append(value)
        if self.min_price is not None:
            variant_clauses.append("v.price >= ?")
            params.append(float(self.min_price))
        if self.max_price is not None:
            variant_clauses.append("v.price <= ?")
            params.append(float(self.max_price))
        if self.in_stock is not None:
            variant_clauses.append("v.in_stock = ?")
            params.append(int(self.in_stock))
        if variant_clauses:
            clauses.append(
                "EXISTS (SELECT 1 FROM variants v WHERE v.product_key = p.key AND "
                + " AND ".join(variant_clauses)
                + ")"
            )
        return (" AND ".join(clauses) or "1"), params


def _coerce(key: str, value: str) -> object:
    if key in ("min_price", "max_price"):
        try:
            return Decimal(value)
        except InvalidOperation as error:
            raise ValueError(f"{key} must be a number, got {value!r}") from error
    if key == "in_stock":
        lowered = value.lower()
        if lowered not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(f"in_stock must be true or false, got {value!r}")
        return lowered in ("true", "1", "yes")
    return value
