"""Store-wide rules that are configuration, not order data: return policy and delivery options."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from assistant.orders.model import DeliveryOption, ReturnPolicy

DEMO_ORDERS_DIR = Path(__file__).resolve().parents[2] / "demo_data" / "orders"
REST_OF_WORLD = "*"


@dataclass(frozen=True, slots=True)
class StorePolicies:
    """Return policy plus delivery options per ISO country ("*" for everywhere else)."""

    return_policy: ReturnPolicy = ReturnPolicy()
    delivery: dict[str, tuple[DeliveryOption, ...]] = field(default_factory=dict)

    def delivery_options(self, country: str) -> list[DeliveryOption]:
        """Options for a country, falling back to the rest-of-world list, cheapest first."""
        code = (country or "").strip().upper()
        options = self.delivery.get(code) or self.delivery.get(REST_OF_WORLD, ())
        return sorted(options, key=lambda option: (option.price, option.max_days))

    @classmethod
    def from_dict(cls, data: dict) -> "StorePolicies":
        """Build from the JSON shape of `demo_data/orders/policies.json`."""
        delivery = {
            country.upper(): tuple(
                DeliveryOption(**{**option, "price": Decimal(str(option["price"]))})
                for option in options
            )
            for country, options in data.get("delivery_options", {}).items()
        }
        return cls(return_policy=ReturnPolicy(**data.get("return_policy", {})), delivery=delivery)

    @classmethod
    def load(cls, path: Path = DEMO_ORDERS_DIR / "policies.json") -> "StorePolicies":
        """Read policies from a JSON file."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
