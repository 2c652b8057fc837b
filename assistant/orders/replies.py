"""What the shopper reads about an order: status, tracking, refunds, policies (pure text)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone
from decimal import Decimal

from assistant.orders.model import (
    DeliveryOption, Order, OrderState, Refund, ReturnPolicy, Shipment, ShipmentStatus,
)
from assistant.orders.system import CancelOutcome, CancelResult, ReturnOutcome, ReturnResult

STATE_PHRASES = {
    OrderState.PENDING: "has been received and is waiting for payment confirmation",
    OrderState.PAID: "is paid and being prepared",
    OrderState.PACKED: "is packed and ready to ship",
    OrderState.SHIPPED: "has shipped",
    OrderState.PARTIALLY_SHIPPED: "has partly shipped; the rest follows separately",
    OrderState.DELIVERED: "was delivered",
    OrderState.CANCELLED: "was cancelled",
    OrderState.RETURNED: "was returned",
    OrderState.REFUNDED: "was refunded",
}
SHIPMENT_PHRASES = {
    ShipmentStatus.LABEL_CREATED: "label created, waiting for pickup",
    ShipmentStatus.IN_TRANSIT: "in transit",
    ShipmentStatus.OUT_FOR_DELIVERY: "out for delivery today",
    ShipmentStatus.DELIVERED: "delivered",
    ShipmentStatus.EXCEPTION: "held up by the carrier",
}
CANCEL_REFUSALS = {
    "order_shipped": "it has already shipped. Once it arrives you can return it for free.",
    "order_partially_shipped": "part of it has already shipped. A colleague can cancel the rest for you.",
    "order_delivered": "it has already been delivered. You can return it instead.",
    "order_returned": "it has already been returned.",
    "order_refunded": "it has already been refunded.",
}
RETURN_REFUSALS = {
    "final_sale": "that item was a final-sale item, which can't be returned.",
    "not_delivered": "it hasn't been delivered yet. You can start a return once it arrives.",
    "window_closed": "it's outside our {days}-day return window.",
    "no_items": "there's nothing in that order that can be returned.",
    "unknown_item": "that item isn't part of the order.",
}


def money(amount: Decimal, currency: str) -> str:
    """'$12.50' for dollars, '12.50 EUR' otherwise."""
    return f"${amount:.2f}" if currency == "USD" else f"{amount:.2f} {currency}"


def day(value: date) -> str:
    """'Mon 24 Nov'."""
    return value.strftime("%a %d %b").replace(" 0", " ")


def order_summary(order: Order) -> str:
    """'2 items, $97.00'."""
    count = sum(line.quantity for line in order.lines)
    return f"{count} item{'s' if count != 1 else ''}, {money(order.total, order.currency)}"


def order_status(order: Order, shipments: Sequence[Shipment], today: date | None = None) -> str:
    """Status of one order with carrier, tracking link and expected date for each parcel."""
    today = today or datetime.now(timezone.utc).date()
    lines = [f"Order #{order.order_number} ({order_summary(order)}) {STATE_PHRASES[order.state]}."]
    for shipment in shipments:
        text = f"• {shipment.carrier} {shipment.tracking_number}: {SHIPMENT_PHRASES[shipment.status]}"
        if shipment.status is ShipmentStatus.DELIVERED and shipment.delivered_at:
            text += f" on {day(shipment.delivered_at.date())}"
        elif shipment.expected_delivery:
            late = shipment.expected_delivery < today
            text += (f", expected {day(shipment.expected_delivery)}" if not late
                     else f", it was expected {day(shipment.expected_delivery)} and is running late; sorry about that")
        if shipment.tracking_url:
            text += f". Track it: {shipment.tracking_url}"
        lines.append(text)
    return "\n".join(lines)


def refund_status(order: Order, refunds: Sequence[Refund]) -> str:
    """What happened to the refunds of an order."""
    if not refunds:
        return f"There's no refund on order #{order.order_number} yet. Refunds start once a return arrives or an order is cancelled."
    lines = [f"Refunds on order #{order.order_number}:"]
    for refund in refunds:
        status = {"pending": "being processed (usually within 5 business days)", "succeeded": "paid back",
                  "completed": "paid back", "failed": "failed; a colleague will contact you"}.get(refund.status, refund.status)
        lines.append(f"• {money(refund.amount, refund.currency)}: {status}")
    return "\n".join(lines)


def cancel_outcome(order_number: str, result: CancelResult) -> str:
    """The reply to a cancellation."""
    if result.status is CancelOutcome.CANCELLED:
        return f"Done: order #{order_number} is cancelled. If you already paid, the refund is on its way."
    if result.status is CancelOutcome.ALREADY_CANCELLED:
        return f"Order #{order_number} is already cancelled; nothing more to do."
    reason = CANCEL_REFUSALS.get(result.reason or "", "it's too far along to be cancelled.")
    return f"Sorry, order #{order_number} can't be cancelled: {reason}"


def return_outcome(order_number: str, result: ReturnResult, policy: ReturnPolicy) -> str:
    """The reply to a return request."""
    if result.status is ReturnOutcome.CREATED and result.request:
        return (f"Your return {result.request.return_id} for order #{order_number} is started. "
                f"You'll get a {'free ' if policy.free_returns else ''}return label by email; the refund follows "
                f"within {policy.refund_processing_days} business days of the parcel arriving.")
    if result.status is ReturnOutcome.ALREADY_REQUESTED:
        suffix = f" ({result.request.return_id})" if result.request else ""
        return f"A return for that item on order #{order_number} is already open{suffix}; no need to start another."
    reason = RETURN_REFUSALS.get(result.reason or "", "it can't be returned.").format(days=policy.window_days)
    return f"Sorry, that can't be returned: {reason}"


def return_policy(policy: ReturnPolicy) -> str:
    """The return policy in two sentences."""
    cost = "free" if policy.free_returns else "possible"
    return (f"Returns are {cost} within {policy.window_days} days of delivery. {policy.conditions} "
            f"Refunds are paid within {policy.refund_processing_days} business days after the return arrives.")


def delivery_options(options: Sequence[DeliveryOption], country: str) -> str:
    """Delivery methods with price and time."""
    if not options:
        return "Sorry, I don't have delivery options for that country; a colleague can check."
    where = f" to {country}" if country and country != "*" else ""
    lines = [f"Delivery{where}:"]
    for option in options:
        days = f"{option.min_days}-{option.max_days}" if option.min_days != option.max_days else f"{option.max_days}"
        lines.append(f"• {option.name} ({option.carrier}): {money(option.price, option.currency)}, {days} business days")
    return "\n".join(lines)
