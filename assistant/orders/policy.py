"""Pure rules deciding whether an order may be cancelled or items returned."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from assistant.orders.model import (
    Order,
    OrderState,
    ReturnPolicy,
    ReturnRequest,
    Shipment,
    ShipmentStatus,
)
from assistant.orders.system import CancelOutcome, CancelResult, ReturnOutcome, ReturnResult

CANCELLABLE_STATES = frozenset({OrderState.PENDING, OrderState.PAID, OrderState.PACKED})
FINISHED_STATES = frozenset({OrderState.CANCELLED, OrderState.RETURNED, OrderState.REFUNDED})
OPEN_RETURN_STATUSES = frozenset({"requested", "open", "approved"})


def cancel_refusal(state: OrderState) -> CancelResult | None:
    """Why an order in this state cannot be cancelled, or None when it can."""
    if state is OrderState.CANCELLED:
        return CancelResult(CancelOutcome.ALREADY_CANCELLED)
    if state in CANCELLABLE_STATES:
        return None
    return CancelResult(CancelOutcome.NOT_ALLOWED, reason=f"order_{state.value}")


def delivered_at(sku: str, shipments: Iterable[Shipment]) -> datetime | None:
    """When the parcel holding this SKU was delivered (None if it was not)."""
    for shipment in shipments:
        covers = not shipment.skus or sku in shipment.skus
        if covers and shipment.status is ShipmentStatus.DELIVERED and shipment.delivered_at:
            return shipment.delivered_at
    return None


def return_refusal(
    order: Order,
    shipments: Sequence[Shipment],
    skus: Sequence[str],
    policy: ReturnPolicy,
    now: datetime,
) -> ReturnResult | None:
    """Why these items cannot be returned, or None when the return may go ahead."""
    if not skus:
        return ReturnResult(ReturnOutcome.NOT_RETURNABLE, reason="no_items")
    if order.state in FINISHED_STATES:
        return ReturnResult(ReturnOutcome.NOT_RETURNABLE, reason=f"order_{order.state.value}")
    lines = {line.sku: line for line in order.lines}
    for sku in skus:
        line = lines.get(sku)
        if line is None:
            return ReturnResult(ReturnOutcome.NOT_RETURNABLE, reason="unknown_item")
        if not line.returnable:
            return ReturnResult(ReturnOutcome.NOT_RETURNABLE, reason="final_sale")
        arrived = delivered_at(sku, shipments)
        if arrived is None:
            return ReturnResult(ReturnOutcome.NOT_RETURNABLE, reason="not_delivered")
        if now > arrived + timedelta(days=policy.window_days):
            return ReturnResult(ReturnOutcome.OUTSIDE_WINDOW, reason="window_closed")
    return None


def open_return_for(requests: Iterable[ReturnRequest], skus: Sequence[str]) -> ReturnRequest | None:
    """An open return request that already covers any of these SKUs."""
    wanted = set(skus)
    for request in requests:
        if request.status in OPEN_RETURN_STATUSES and wanted & set(request.skus):
            return request
    return None
