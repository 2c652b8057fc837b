"""Read the demo customers and orders, turning day offsets into dates relative to `now`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from assistant.orders.carriers import tracking_url
from assistant.orders.model import (
    Customer,
    Order,
    OrderLine,
    OrderState,
    Refund,
    ReturnRequest,
    Shipment,
    ShipmentStatus,
)
from assistant.orders.store_policies import DEMO_ORDERS_DIR


@dataclass(frozen=True, slots=True)
class DemoData:
    """Everything the demo seeds, as domain objects."""

    customers: tuple[Customer, ...]
    identities: tuple[tuple[str, str, str], ...]
    orders: tuple[Order, ...]
    shipments: tuple[Shipment, ...]
    refunds: tuple[Refund, ...]
    returns: tuple[ReturnRequest, ...]


def load_demo_data(path: Path, now: datetime) -> DemoData:
    """Read `customers.json` and `orders.json` from a folder; offsets are days before/after `now`."""
    folder = Path(path)
    customers_json = json.loads((folder / "customers.json").read_text(encoding="utf-8"))
    orders_json = json.loads((folder / "orders.json").read_text(encoding="utf-8"))
    customers = tuple(
        Customer(c["customer_id"], c["name"], c["email"], c.get("phone"), c.get("country"))
        for c in customers_json
    )
    identities = tuple(
        (channel, user_id, c["customer_id"])
        for c in customers_json
        for channel, user_id in c.get("identities", [])
    )
    orders, shipments, refunds, returns = [], [], [], []
    for data in orders_json:
        number = data["order_number"]
        orders.append(_order(data, now))
        shipments += [_shipment(number, s, now) for s in data.get("shipments", [])]
        refunds += [_refund(number, r, data.get("currency", "USD"), now) for r in data.get("refunds", [])]
        returns += [_return(number, r, now) for r in data.get("returns", [])]
    return DemoData(customers, identities, tuple(orders), tuple(shipments), tuple(refunds), tuple(returns))


def _days(now: datetime, days_ago: float | None) -> datetime | None:
    return None if days_ago is None else now - timedelta(days=days_ago)


def _order(data: dict, now: datetime) -> Order:
    lines = tuple(
        OrderLine(
            sku=line["sku"],
            title=line["title"],
            quantity=int(line["quantity"]),
            unit_price=Decimal(line["unit_price"]),
            handle=line.get("handle"),
            returnable=line.get("returnable", True),
        )
        for line in data["lines"]
    )
    placed = _days(now, data["placed_days_ago"])
    return Order(
        order_number=data["order_number"],
        customer_id=data.get("customer_id"),
        state=OrderState(data["state"]),
        placed_at=placed,
        lines=lines,
        email=data["email"],
        shipping_postcode=data["shipping_postcode"],
        shipping_country=data["shipping_country"],
        currency=data.get("currency", "USD"),
        updated_at=placed,
    )


def _shipment(order_number: str, data: dict, now: datetime) -> Shipment:
    expected = data.get("expected_in_days")
    return Shipment(
        order_number=order_number,
        carrier=data["carrier"],
        tracking_number=data["tracking_number"],
        tracking_url=data.get("tracking_url") or tracking_url(data["carrier"], data["tracking_number"]),
        status=ShipmentStatus(data["status"]),
        expected_delivery=None if expected is None else (now + timedelta(days=expected)).date(),
        skus=tuple(data.get("skus", ())),
        shipped_at=_days(now, data.get("shipped_days_ago")),
        delivered_at=_days(now, data.get("delivered_days_ago")),
    )


def _refund(order_number: str, data: dict, currency: str, now: datetime) -> Refund:
    return Refund(
        refund_id=data["refund_id"],
        order_number=order_number,
        amount=Decimal(data["amount"]),
        currency=data.get("currency", currency),
        status=data["status"],
        created_at=_days(now, data["created_days_ago"]),
        reason=data.get("reason"),
    )


def _return(order_number: str, data: dict, now: datetime) -> ReturnRequest:
    return ReturnRequest(
        return_id=data["return_id"],
        order_number=order_number,
        skus=tuple(data["skus"]),
        reason=data["reason"],
        status=data["status"],
        created_at=_days(now, data["created_days_ago"]),
    )


__all__ = ["DEMO_ORDERS_DIR", "DemoData", "load_demo_data"]
