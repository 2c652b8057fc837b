"""What the shopper is looking for, accumulated over turns, and how it becomes a search."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation

from assistant.index.filters import Filters

GENDERS = {
    "men": "male", "man": "male", "male": "male", "mens": "male", "boys": "male",
    "women": "female", "woman": "female", "female": "female", "womens": "female", "ladies": "female",
    "girls": "female", "unisex": "unisex",
}
MAX_TEXT = 200
_NUMBER = re.compile(r"\d+(?:[.,]\d{1,2})?")


@dataclass(frozen=True)
class ProductRequest:
    """The shopper's product words and constraints; empty fields are unconstrained."""

    text: str = ""
    product_type: str | None = None
    brand: str | None = None
    color: str | None = None
    size: str | None = None
    gender: str | None = None
    material: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None

    @classmethod
    def from_entities(cls, text: str, entities: list[dict]) -> "ProductRequest":
        """Read one message's entities (Rasa's format, price roles min/max)."""
        values: dict[str, object] = {"text": text.strip()}
        for entity in entities:
            name, value, role = entity.get("entity"), entity.get("value"), entity.get("role")
            if value is None:
                continue
            if name == "price":
                amount = parse_amount(str(value))
                if amount is not None:
                    values["min_price" if role == "min" else "max_price"] = amount
            elif name == "gender":
                values["gender"] = GENDERS.get(str(value).lower().replace("'", ""), str(value).lower())
            elif name in ("product_type", "brand", "color", "size", "material"):
                values[name] = str(value)
        return cls(**values)

    def has_constraints(self) -> bool:
        """True when anything besides free text is set."""
        return any(getattr(self, f.name) is not None for f in fields(self) if f.name != "text")

    def refine(self, newer: "ProductRequest") -> "ProductRequest":
        """This request updated by a later message.

        Constraints alone ("in black", "under 50") or the same product type refine the search;
        anything else starts a new one, keeping only the shopper's gender.
        """
        same_type = bool(newer.product_type and self.product_type) and _words(newer.product_type) == _words(
            self.product_type
        )
        only_constraints = newer.product_type is None and newer.has_constraints()
        if not self.text or not (same_type or only_constraints):
            return replace(newer, gender=newer.gender or self.gender)
        merged = {f.name: getattr(newer, f.name) or getattr(self, f.name) for f in fields(self)}
        merged["text"] = f"{self.text} {newer.text}".strip()[-MAX_TEXT:]
        return ProductRequest(**merged)

    def query(self) -> str:
        """Text to rank products by."""
        parts = [self.text or " ".join(filter(None, [self.color, self.material, self.product_type]))]
        if self.product_type and self.product_type.lower() not in parts[0].lower():
            parts.append(self.product_type)
        return " ".join(p for p in parts if p).strip()

    def filters(self) -> Filters:
        """Exact constraints: colour, size, gender and price are catalog fields."""
        return Filters(
            color=self.color, size=self.size, gender=self.gender,
            min_price=self.min_price, max_price=self.max_price, brand=self.brand,
        )

    def relaxations(self) -> list[tuple[str, "ProductRequest"]]:
        """Looser requests to try, in order, when nothing meets every constraint: (dropped, request)."""
        steps: list[tuple[str, ProductRequest]] = []
        current = self
        for name in ("size", "color", "brand", "gender", "min_price", "max_price"):
            if getattr(current, name) is not None:
                current = replace(current, **{name: None})
                steps.append((name, current))
        return steps

    def describe(self) -> str:
        """A short phrase for replies, e.g. 'black jackets in size M under $100'."""
        noun = self.product_type or (self.text if len(self.text) <= 40 else "that")
        words = [w for w in (self.color, self.material, self.brand, noun) if w]
        phrase = " ".join(words)
        if self.gender in ("male", "female"):
            phrase += " for " + ("men" if self.gender == "male" else "women")
        if self.size:
            phrase += f" in size {self.size}"
        if self.min_price is not None and self.max_price is not None:
            phrase += f" between ${self.min_price:g} and ${self.max_price:g}"
        elif self.max_price is not None:
            phrase += f" under ${self.max_price:g}"
        elif self.min_price is not None:
            phrase += f" over ${self.min_price:g}"
        return phrase

    def to_slot(self) -> dict:
        """JSON-ready form for a Rasa slot."""
        return {f.name: (str(v) if isinstance(v := getattr(self, f.name), Decimal) else v) for f in fields(self)}

    @classmethod
    def from_slot(cls, value: dict | None) -> "ProductRequest":
        """Inverse of :meth:`to_slot`; tolerant of missing or unknown keys."""
        if not isinstance(value, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in value.items() if k in known and v not in (None, "")}
        for key in ("min_price", "max_price"):
            if key in data:
                data[key] = parse_amount(str(data[key]))
        return cls(**data)


def parse_amount(text: str) -> Decimal | None:
    """A money amount from '$49.99', '50 bucks', '1,200'... or None."""
    cleaned = text.replace(",", "") if re.search(r"\d,\d{3}", text) else text
    match = _NUMBER.search(cleaned)
    if not match:
        return None
    try:
        return Decimal(match.group().replace(",", "."))
    except InvalidOperation:
        return None


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"\w+", text.lower())}
