"""Parsers of single field values shared by the importers; each raises ValueError with a readable message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_MONEY = re.compile(
    r"^(?:(?P<before>[A-Za-z]{3})\s*)?(?P<amount>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:\s*(?P<after>[A-Za-z]{3}))?$"
)

AVAILABILITY = {"in stock": True, "out of stock": False, "preorder": True, "backorder": True}
_YES_NO = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


@dataclass(frozen=True)
class Money:
    """An amount with the currency written next to it, if any."""

    amount: Decimal
    currency: str | None = None

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}" if self.currency else str(self.amount)


def parse_money(raw: str) -> Money:
    """Parse "52.00 USD", "USD 52", or "52"; refuse negative, non-numeric and non-finite values."""
    text = raw.strip()
    match = _MONEY.match(text)
    if not match or (match["before"] and match["after"]):
        raise ValueError(f"not a price: {raw!r}")
    try:
        amount = Decimal(match["amount"])
    except InvalidOperation:
        raise ValueError(f"not a price: {raw!r}") from None
    if amount < 0:
        raise ValueError(f"negative price: {raw!r}")
    currency = match["before"] or match["after"]
    return Money(amount, currency.upper() if currency else None)


def parse_amount(raw: str) -> Decimal:
    """Parse a bare amount such as "52" or "42.99" (no currency code)."""
    money = parse_money(raw)
    if money.currency:
        raise ValueError(f"not a bare amount (currency {money.currency} not expected here): {raw!r}")
    return money.amount


def parse_stock(raw: str) -> int:
    """Parse an inventory quantity: a whole number (negative means oversold)."""
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise ValueError(f"not a whole number: {raw!r}") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(f"not a whole number: {raw!r}")
    return int(value)


def parse_availability(raw: str) -> bool:
    """Whether the item can be ordered: Merchant Center values ("in stock", "out_of_stock", ...)."""
    key = " ".join(raw.lower().replace("_", " ").split())
    if key not in AVAILABILITY:
        allowed = ", ".join(repr(name) for name in AVAILABILITY)
        raise ValueError(f"unknown availability {raw!r} (expected one of {allowed})")
    return AVAILABILITY[key]


def parse_availability_or_flag(raw: str) -> bool:
    """Availability as a Merchant Center value or a yes/no flag (true/false, yes/no, 1/0)."""
    flag = _YES_NO.get(raw.strip().lower())
    if flag is not None:
        return flag
    try:
        return parse_availability(raw)
    except ValueError:
        expected = "a Merchant value like 'in stock', or yes/no"
        raise ValueError(f"unknown availability {raw!r} (expected {expected})") from None


def split_category(raw: str | None, separator: str = ">") -> tuple[str, ...]:
    """Split "Men > Tops > Tees" into ("Men", "Tops", "Tees")."""
    if not raw:
        return ()
    return tuple(part for part in (" ".join(p.split()) for p in raw.split(separator)) if part)


def split_tags(raw: str | None) -> tuple[str, ...]:
    """Split a comma-separated tag list, dropping blanks and repeats."""
    if not raw:
        return ()
    tags = (" ".join(tag.split()) for tag in raw.split(","))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def slug(value: str) -> str:
    """Lower-case ASCII-ish slug for synthesised identifiers ("Extra Large" -> "extra-large")."""
    return re.sub(r"[^\w]+", "-", value.lower()).strip("-")
