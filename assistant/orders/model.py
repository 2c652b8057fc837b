"""The order domain every order system speaks: customers, orders, shipments, refunds, returns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum


class OrderState(str, Enum):
    """Where an order is in its life."""

    PENDING = "pending"
    PAID = "paid"
    PACKED = "packed"
    SHIPPED = "shipped"
    PARTIALLY_SHIPPED = "partially_shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    REFUNDED = "refunded"


class ShipmentStatus(str, Enum):
    """Where a parcel is, as the carrier reports it."""

    LABEL_CREATED = "label_created"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    EXCEPTION = "exception"


_ORDER_NUMBER = re.compile(r"1\d{5}")
_DECORATION = re.compile(r"^(?:order|no\.?|number|nr\.?|#|\s)+", re.IGNORECASE)


def normalize_order_number(text: str | None) -> str | None:
    """Return the 6-digit order number a shopper typed ("#100234", "order 100 234"), or None."""
    if not text:
        return None
    candidate = _DECORATION.sub("", text.strip())
    candidate = re.sub(r"[\s-]", "", candidate)
    return candidate if _ORDER_NUMBER.fullmatch(candidate) else None


@dataclass(frozen=True, slots=True)
class Customer:
    """A shopper known to the store."""

    customer_id: str
    name: str
    email: str
    phone: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One product variant bought in an order."""

    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    handle: str | None = None
    returnable: bool = True

    @property
    def total(self) -> Decimal:
        """Price of the line: unit price times quantity."""
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class Order:
    """An order as the shopper placed it, with where it is now."""

    order_number: str
    customer_id: str | None
    state: OrderState
    placed_at: datetime
    lines: tuple[OrderLine, ...]
    email: str
    shipping_postcode: str
    shipping_country: str
    currency: str = "USD"
    updated_at: datetime | None = None

    @property
    def total(self) -> Decimal:
        """Sum of the lines."""
        return sum((line.total for line in self.lines), Decimal("0"))

    @property
    def skus(self) -> tuple[str, ...]:
        """SKUs in line order."""
        return tuple(line.sku for line in self.lines)


@dataclass(frozen=True, slots=True)
class Shipment:
    """One parcel of an order with its carrier tracking."""

    order_number: str
    carrier: str
    tracking_number: str
    tracking_url: str | None
    status: ShipmentStatus
    expected_delivery: date | None
    skus: tuple[str, ...] = ()
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Refund:
    """Money given back on an order."""

    refund_id: str
    order_number: str
    amount: Decimal
    currency: str
    status: str
    created_at: datetime
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ReturnRequest:
    """A shopper's request to send items back."""

    return_id: str
    order_number: str
    skus: tuple[str, ...]
    reason: str
    status: str
    created_at: datetime | None


@dataclass(frozen=True, slots=True)
class DeliveryOption:
    """A way to ship to a country, with its price and promised days."""

    name: str
    carrier: str
    price: Decimal
    currency: str
    min_days: int
    max_days: int


@dataclass(frozen=True, slots=True)
class ReturnPolicy:
    """The store's rules for sending items back."""

    window_days: int = 30
    refund_processing_days: int = 5
    free_returns: bool = True
    conditions: str = "Items must be unworn, with tags attached."


@dataclass(frozen=True, slots=True)
class OrderChange:
    """A recorded state change of an order, for proactive notifications."""

    change_id: int
    order_number: str
    from_state: OrderState | None
    to_state: OrderState
    changed_at: datetime
