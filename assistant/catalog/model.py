"""The normalized product model every importer produces and the index consumes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Variant:
    """One purchasable option of a product (a size/colour combination, a SKU)."""

    sku: str
    price: Decimal
    size: str | None = None
    color: str | None = None
    sale_price: Decimal | None = None
    stock: int | None = None
    available: bool = True
    image_url: str | None = None
    options: dict[str, str] = field(default_factory=dict)

    @property
    def effective_price(self) -> Decimal:
        """What the shopper pays now: the sale price when there is one."""
        return self.sale_price if self.sale_price is not None else self.price

    @property
    def in_stock(self) -> bool:
        """Whether this variant can be bought now."""
        return self.available and (self.stock is None or self.stock > 0)


@dataclass(frozen=True, slots=True)
class Product:
    """A product as shoppers see it: one title, many variants."""

    id: str
    title: str
    description: str = ""
    brand: str | None = None
    category: tuple[str, ...] = ()
    currency: str = "USD"
    variants: tuple[Variant, ...] = ()
    image_url: str | None = None
    product_url: str | None = None
    gender: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    @property
    def price(self) -> Decimal | None:
        """Lowest current price over the variants."""
        prices = [v.effective_price for v in self.variants]
        return min(prices) if prices else None

    @property
    def in_stock(self) -> bool:
        """Whether any variant can be bought now."""
        return any(v.in_stock for v in self.variants)

    @property
    def colors(self) -> list[str]:
        """Distinct colours in variant order."""
        return _distinct(v.color for v in self.variants)

    @property
    def sizes(self) -> list[str]:
        """Distinct sizes in variant order."""
        return _distinct(v.size for v in self.variants)

    def search_text(self) -> str:
        """The text embedded and indexed for retrieval."""
        parts = [self.title, self.brand or "", " > ".join(self.category), self.gender or ""]
        parts += [", ".join(self.colors), ", ".join(self.sizes)]
        parts += [f"{k}: {v}" for k, v in sorted(self.attributes.items())]
        parts += [self.description]
        return "\n".join(p for p in parts if p)

    def to_dict(self) -> dict:
        """A JSON-ready dict (decimals as strings)."""
        return json.loads(json.dumps(asdict(self), default=str))

    @classmethod
    def from_dict(cls, data: dict) -> "Product":
        """Inverse of :meth:`to_dict`."""
        variants = tuple(
            Variant(
                **{
                    **v,
                    "price": Decimal(v["price"]),
                    "sale_price": Decimal(v["sale_price"]) if v.get("sale_price") else None,
                }
            )
            for v in data.get("variants", ())
        )
        return cls(
            **{
                **data,
                "category": tuple(data.get("category", ())),
                "tags": tuple(data.get("tags", ())),
                "variants": variants,
            }
        )

    def content_hash(self) -> str:
        """Stable hash of everything about the product; changes when anything changes."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.blake2b(blob.encode(), digest_size=16).hexdigest()


def _distinct(values) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)
