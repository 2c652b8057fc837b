"""Order updates: an order event (pushed or polled) becomes one notice per linked, consenting channel identity."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import create_engine, select

from assistant.notifications.model import ChannelIdentity, Notice, NoticeKind
from assistant.notifications.store import NotificationStore
from assistant.orders import schema
from assistant.orders.model import OrderChange, OrderState, ShipmentStatus
from assistant.orders.sql_store import SqlOrderStore

log = logging.getLogger(__name__)
#: The statuses a shopper hears about, and the headline of each.
HEADLINES = {
    "shipped": "Your order #{n} has shipped.",
    "out_for_delivery": "Your order #{n} is out for delivery today.",
    "delivered": "Your order #{n} has been delivered.",
    "delayed": "Your order #{n} is delayed. We're sorry for the wait.",
    "refund_issued": "A refund for your order #{n} has been issued.",
    "cancelled": "Your order #{n} has been cancelled.",
}
#: Order states of the SQL store that map to a status above (the others are not news to the shopper).
STATE_STATUS = {
    OrderState.SHIPPED: "shipped", OrderState.PARTIALLY_SHIPPED: "shipped", OrderState.DELIVERED: "delivered",
    OrderState.REFUNDED: "refund_issued", OrderState.CANCELLED: "cancelled",
}
POLL_CURSOR = "sql_order_changes"


@dataclass(frozen=True, slots=True)
class OrderEvent:
    """An order changed in the order system; `event_id` makes repeats harmless (default: order + status)."""

    order_number: str
    status: str
    event_id: str = ""
    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    expected_delivery: date | None = None
    recipients: tuple[ChannelIdentity, ...] = ()

    @property
    def key(self) -> str:
        """The idempotency key: the caller's event id, else `order:<number>:<status>`."""
        return self.event_id or f"order:{self.order_number}:{self.status}"

    @classmethod
    def from_dict(cls, data: dict) -> "OrderEvent":
        """Read a `POST /events/orders` body; raises ValueError with what is wrong."""
        number, status = data.get("order_number"), data.get("status")
        if not isinstance(number, str) or not number.strip():
            raise ValueError("'order_number' is required")
        if status not in HEADLINES:
            raise ValueError(f"'status' must be one of {sorted(HEADLINES)}")
        tracking = data.get("tracking") if isinstance(data.get("tracking"), dict) else {}
        expected = tracking.get("expected_delivery") or data.get("expected_delivery")
        recipients = tuple(ChannelIdentity(r["channel"], r["user_id"]) for r in data.get("recipients") or ()
                           if isinstance(r, dict) and isinstance(r.get("channel"), str)
                           and isinstance(r.get("user_id"), str))
        return cls(order_number=number.strip(), status=status, event_id=str(data.get("event_id") or "")[:150],
                   carrier=_str(tracking.get("carrier")), tracking_number=_str(tracking.get("number")),
                   tracking_url=_str(tracking.get("url")),
                   expected_delivery=date.fromisoformat(expected) if isinstance(expected, str) else None,
                   recipients=recipients)


def order_update_text(event: OrderEvent) -> tuple[str, tuple[str, ...]]:
    """The message and the template parameters (order number, status headline, details)."""
    headline = HEADLINES[event.status].format(n=event.order_number)
    details = []
    if event.carrier and event.tracking_number:
        details.append(f"{event.carrier} tracking number {event.tracking_number}.")
    if event.tracking_url:
        details.append(f"Track it here: {event.tracking_url}")
    if event.expected_delivery:
        details.append(f"Expected delivery: {event.expected_delivery:%A %d %B}.")
    details.append('Reply "stop" to stop these updates.')
    return " ".join([headline, *details]), (event.order_number, headline, " ".join(details[:-1]) or "-")


class OrderUpdates:
    """Turns order events into queued notices for the people linked to the order's customer."""

    def __init__(self, store: NotificationStore, orders: SqlOrderStore | None = None, orders_url: str = "") -> None:
        self.store, self.orders = store, orders
        self._links = create_engine(orders_url, pool_pre_ping=True) if orders_url else None

    def publish(self, event: OrderEvent) -> int:
        """Queue the update for each recipient (the event's, else the customer's linked identities); returns queued."""
        text, params = order_update_text(event)
        recipients = event.recipients or tuple(self.linked_identities(event.order_number))
        return sum(self.store.enqueue(Notice(event.key, who, NoticeKind.ORDER_UPDATE, text, params))
                   for who in recipients)

    def poll(self, limit: int = 100) -> int:
        """Read the SQL store's change log after the saved cursor; queue updates; returns notices queued."""
        if self.orders is None:
            return 0
        cursor = self.store.cursor(POLL_CURSOR)
        if cursor is None:
            self.store.set_cursor(POLL_CURSOR, self._latest_change())
            return 0
        changes, next_cursor = self.orders.changes_since(cursor, limit)
        queued = sum(self.publish(event) for event in map(self._event, changes) if event is not None)
        if next_cursor != cursor:
            self.store.set_cursor(POLL_CURSOR, next_cursor)
        return queued

    def _latest_change(self) -> int:
        """The newest change id: the first round starts after history, so old changes never notify."""
        cursor = 0
        while True:
            changes, cursor = self.orders.changes_since(cursor, 1000)
            if not changes:
                return cursor

    def _event(self, change: OrderChange) -> OrderEvent | None:
        status = STATE_STATUS.get(change.to_state)
        if status is None:
            return None
        shipments = self.orders.shipments(change.order_number) if status == "shipped" else []
        latest = shipments[-1] if shipments else None
        if latest and latest.status is ShipmentStatus.EXCEPTION:
            status = "delayed"
        return OrderEvent(change.order_number, status, carrier=latest and latest.carrier,
                          tracking_number=latest and latest.tracking_number,
                          tracking_url=latest and latest.tracking_url,
                          expected_delivery=latest and latest.expected_delivery)

    def linked_identities(self, order_number: str) -> Iterable[ChannelIdentity]:
        """Every chat identity linked to the customer who placed the order."""
        if self._links is None:
            return []
        links, orders = schema.identity_links, schema.orders
        with self._links.connect() as conn:
            rows = conn.execute(select(links.c.channel, links.c.channel_user_id)
                                .join(orders, orders.c.customer_id == links.c.customer_id)
                                .where(orders.c.order_number == order_number)
                                .order_by(links.c.channel, links.c.channel_user_id)).all()
        return [ChannelIdentity(channel, user_id) for channel, user_id in rows]

    def close(self) -> None:
        """Release connections."""
        if self._links is not None:
            self._links.dispose()


def _str(value: object) -> str | None:
    return value.strip()[:300] if isinstance(value, str) and value.strip() else None
