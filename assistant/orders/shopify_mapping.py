"""Pure translation of Shopify Admin GraphQL order nodes into the order domain."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from assistant.orders.model import (
    Customer,
    Order,
    OrderLine,
    OrderState,
    Refund,
    ReturnRequest,
    Shipment,
    ShipmentStatus,
    normalize_order_number,
)

INACTIVE_FULFILLMENTS = frozenset({"CANCELLED", "ERROR", "FAILURE"})

SHIPMENT_STATUS = {
    "DELIVERED": ShipmentStatus.DELIVERED,
    "PICKED_UP": ShipmentStatus.DELIVERED,
    "OUT_FOR_DELIVERY": ShipmentStatus.OUT_FOR_DELIVERY,
    "IN_TRANSIT": ShipmentStatus.IN_TRANSIT,
    "CARRIER_PICKED_UP": ShipmentStatus.IN_TRANSIT,
    "FULFILLED": ShipmentStatus.IN_TRANSIT,
    "MARKED_AS_FULFILLED": ShipmentStatus.IN_TRANSIT,
    "READY_FOR_PICKUP": ShipmentStatus.IN_TRANSIT,
    "CONFIRMED": ShipmentStatus.LABEL_CREATED,
    "LABEL_PRINTED": ShipmentStatus.LABEL_CREATED,
    "LABEL_PURCHASED": ShipmentStatus.LABEL_CREATED,
    "SUBMITTED": ShipmentStatus.LABEL_CREATED,
    "ATTEMPTED_DELIVERY": ShipmentStatus.EXCEPTION,
    "DELAYED": ShipmentStatus.EXCEPTION,
    "FAILURE": ShipmentStatus.EXCEPTION,
    "NOT_DELIVERED": ShipmentStatus.EXCEPTION,
}

RETURN_REASONS = {
    "too small": "SIZE_TOO_SMALL", "size_too_small": "SIZE_TOO_SMALL",
    "too big": "SIZE_TOO_LARGE", "too large": "SIZE_TOO_LARGE", "size_too_large": "SIZE_TOO_LARGE",
    "defective": "DEFECTIVE", "damaged": "DEFECTIVE", "broken": "DEFECTIVE",
    "wrong item": "WRONG_ITEM", "wrong_item": "WRONG_ITEM",
    "not as described": "NOT_AS_DESCRIBED", "not_as_described": "NOT_AS_DESCRIBED",
    "colour": "COLOR", "color": "COLOR", "style": "STYLE",
    "changed mind": "UNWANTED", "changed_mind": "UNWANTED", "unwanted": "UNWANTED",
}


def gid_tail(gid: str | None) -> str | None:
    """"gid://shopify/Customer/7001" -> "7001"."""
    return gid.rsplit("/", 1)[-1] if gid else None


def parse_time(value: str | None) -> datetime | None:
    """ISO-8601 DateTime from Shopify ("2025-03-01T10:00:00Z") -> aware datetime."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def parse_date(value: str | None) -> date | None:
    """Date part of a Shopify DateTime."""
    moment = parse_time(value)
    return moment.date() if moment else None


def order_number_of(name: str) -> str:
    """Our order number from a Shopify order name ("#100234" -> "100234")."""
    return normalize_order_number(name) or name.lstrip("#")


def return_reason_code(reason: str) -> str:
    """Shopify ReturnReason enum value for a shopper's reason text."""
    text = reason.strip().lower()
    for phrase, code in RETURN_REASONS.items():
        if phrase in text:
            return code
    return "OTHER"


def _money(money_set: dict | None) -> tuple[Decimal, str]:
    shop = (money_set or {}).get("shopMoney") or {}
    amount = Decimal(str(shop.get("amount", "0"))).quantize(Decimal("0.01"))
    return amount, shop.get("currencyCode", "USD")


def active_fulfillments(node: dict) -> list[dict]:
    """Fulfillments that were not cancelled or failed."""
    return [f for f in node.get("fulfillments") or [] if f.get("status") not in INACTIVE_FULFILLMENTS]


def _delivered(fulfillment: dict) -> bool:
    return fulfillment.get("displayStatus") == "DELIVERED" or bool(fulfillment.get("deliveredAt"))


def order_state(node: dict) -> OrderState:
    """Our order state from Shopify's cancelled/financial/fulfillment/return statuses."""
    if node.get("cancelledAt"):
        return OrderState.CANCELLED
    if node.get("displayFinancialStatus") == "REFUNDED":
        return OrderState.REFUNDED
    if node.get("returnStatus") == "RETURNED":
        return OrderState.RETURNED
    fulfillment = node.get("displayFulfillmentStatus")
    shipped = active_fulfillments(node)
    if fulfillment == "FULFILLED":
        return OrderState.DELIVERED if shipped and all(map(_delivered, shipped)) else OrderState.SHIPPED
    if fulfillment == "PARTIALLY_FULFILLED":
        return OrderState.PARTIALLY_SHIPPED
    if fulfillment == "IN_PROGRESS":
        return OrderState.PACKED
    if node.get("displayFinancialStatus") in ("PAID", "PARTIALLY_REFUNDED"):
        return OrderState.PAID
    return OrderState.PENDING


def order_from_node(node: dict) -> Order:
    """Order from an `Order` node."""
    address = node.get("shippingAddress") or {}
    lines = []
    for item in (node.get("lineItems") or {}).get("nodes", []):
        price, _ = _money(item.get("originalUnitPriceSet"))
        lines.append(OrderLine(sku=item.get("sku") or "", title=item.get("title") or "",
                               quantity=int(item.get("quantity") or 0), unit_price=price))
    created = parse_time(node.get("createdAt"))
    return Order(
        order_number=order_number_of(node["name"]),
        customer_id=gid_tail((node.get("customer") or {}).get("id")),
        state=order_state(node),
        placed_at=created,
        lines=tuple(lines),
        email=node.get("email") or "",
        shipping_postcode=address.get("zip") or "",
        shipping_country=address.get("countryCodeV2") or "",
        currency=node.get("currencyCode") or "USD",
        updated_at=parse_time(node.get("updatedAt")) or created,
    )


def shipments_from_node(node: dict) -> list[Shipment]:
    """One shipment per tracking number of each active fulfillment (or one untracked)."""
    number = order_number_of(node["name"])
    shipments = []
    for fulfillment in active_fulfillments(node):
        skus = tuple(
            (item.get("lineItem") or {}).get("sku") or ""
            for item in (fulfillment.get("fulfillmentLineItems") or {}).get("nodes", [])
        )
        status = SHIPMENT_STATUS.get(fulfillment.get("displayStatus") or "", ShipmentStatus.IN_TRANSIT)
        delivered_at = parse_time(fulfillment.get("deliveredAt"))
        if status is ShipmentStatus.DELIVERED and delivered_at is None:
            delivered_at = parse_time(fulfillment.get("updatedAt") or fulfillment.get("createdAt"))
        for tracking in fulfillment.get("trackingInfo") or [{}]:
            shipments.append(Shipment(
                order_number=number,
                carrier=tracking.get("company") or "",
                tracking_number=tracking.get("number") or "",
                tracking_url=tracking.get("url"),
                status=status,
                expected_delivery=parse_date(fulfillment.get("estimatedDeliveryAt")),
                skus=tuple(s for s in skus if s),
                shipped_at=parse_time(fulfillment.get("inTransitAt") or fulfillment.get("createdAt")),
                delivered_at=delivered_at,
            ))
    return shipments


def refunds_from_node(node: dict) -> list[Refund]:
    """Refunds of an order node, oldest first."""
    number = order_number_of(node["name"])
    refunds = []
    for refund in node.get("refunds") or []:
        amount, currency = _money(refund.get("totalRefundedSet"))
        refunds.append(Refund(refund_id=gid_tail(refund["id"]), order_number=number, amount=amount,
                              currency=currency, status="processed",
                              created_at=parse_time(refund.get("createdAt")), reason=refund.get("note")))
    return sorted(refunds, key=lambda r: r.created_at)


def returns_from_node(node: dict) -> list[ReturnRequest]:
    """Returns of an order node."""
    number = order_number_of(node["name"])
    requests = []
    for item in (node.get("returns") or {}).get("nodes", []):
        skus = tuple(
            ((line.get("fulfillmentLineItem") or {}).get("lineItem") or {}).get("sku") or ""
            for line in (item.get("returnLineItems") or {}).get("nodes", [])
        )
        requests.append(return_from_node(item, number, skus))
    return requests


def return_from_node(item: dict, order_number: str, skus: tuple[str, ...], reason: str = "",
                     created_at: datetime | None = None) -> ReturnRequest:
    """ReturnRequest from a `Return` node."""
    return ReturnRequest(return_id=gid_tail(item["id"]), order_number=order_number,
                         skus=tuple(s for s in skus if s), reason=reason,
                         status=(item.get("status") or "REQUESTED").lower(),
                         created_at=created_at or parse_time(item.get("createdAt")))


def fulfillment_line_items(node: dict) -> dict[str, tuple[str, int]]:
    """SKU -> (FulfillmentLineItem id, quantity) over the active fulfillments."""
    found: dict[str, tuple[str, int]] = {}
    for fulfillment in active_fulfillments(node):
        for item in (fulfillment.get("fulfillmentLineItems") or {}).get("nodes", []):
            sku = (item.get("lineItem") or {}).get("sku")
            if sku and sku not in found:
                found[sku] = (item["id"], int(item.get("quantity") or 1))
    return found


def customer_from_node(node: dict) -> Customer:
    """Customer from a `Customer` node."""
    address = node.get("defaultAddress") or {}
    return Customer(customer_id=gid_tail(node["id"]), name=node.get("displayName") or "",
                    email=node.get("email") or "", phone=node.get("phone"),
                    country=address.get("countryCodeV2"))
