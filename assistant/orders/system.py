"""The `OrderSystem` protocol: what actions may ask of any order backend."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol, runtime_checkable

from assistant.orders.model import (
    Customer,
    DeliveryOption,
    Order,
    Refund,
    ReturnPolicy,
    ReturnRequest,
    Shipment,
)


class CancelOutcome(str, Enum):
    """What happened to a cancellation request."""

    CANCELLED = "cancelled"
    ALREADY_CANCELLED = "already_cancelled"
    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True, slots=True)
class CancelResult:
    """Outcome of `cancel_order`; `reason` says why it was not allowed."""

    status: CancelOutcome
    reason: str | None = None


class ReturnOutcome(str, Enum):
    """What happened to a return request."""

    CREATED = "created"
    ALREADY_REQUESTED = "already_requested"
    OUTSIDE_WINDOW = "outside_window"
    NOT_RETURNABLE = "not_returnable"


@dataclass(frozen=True, slots=True)
class ReturnResult:
    """Outcome of `request_return`; `request` is the (new or existing) return request."""

    status: ReturnOutcome
    request: ReturnRequest | None = None
    reason: str | None = None


@runtime_checkable
class IdentityLinks(Protocol):
    """Links between chat identities (channel, channel user id) and customers."""

    def customer_for_identity(self, channel: str, channel_user_id: str) -> Customer | None:
        """The customer linked to this chat identity, if any."""
        ...

    def link_identity(self, channel: str, channel_user_id: str, customer_id: str) -> None:
        """Link a chat identity to a customer (replacing an older link)."""
        ...


@runtime_checkable
class OrderSystem(IdentityLinks, Protocol):
    """Read and change orders; writes are idempotent by key."""

    def find_order(self, order_number: str) -> Order | None:
        """The order with this number, or None."""
        ...

    def orders_for_customer(self, customer_id: str) -> list[Order]:
        """The customer's orders, newest first."""
        ...

    def shipments(self, order_number: str) -> list[Shipment]:
        """Parcels of the order, oldest first."""
        ...

    def cancel_order(self, order_number: str, idempotency_key: str) -> CancelResult:
        """Cancel the order if its state allows; a repeated key never cancels twice."""
        ...

    def request_return(
        self, order_number: str, sku_list: list[str], reason: str, idempotency_key: str
    ) -> ReturnResult:
        """Ask to return delivered items within the return window."""
        ...

    def refund_status(self, order_number: str) -> list[Refund]:
        """Refunds issued on the order, oldest first."""
        ...

    def delivery_options(self, country: str) -> list[DeliveryOption]:
        """Ways to ship to an ISO country code, cheapest first."""
        ...

    def return_policy(self) -> ReturnPolicy:
        """The store's return rules."""
        ...
