"""Pure order rules: cancellation, return window, store policies, demo data offsets."""

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.orders.carriers import tracking_url
from assistant.orders.demo_data import load_demo_data
from assistant.orders.model import (
    Order, OrderLine, OrderState, ReturnPolicy, ReturnRequest, Shipment, ShipmentStatus,
)
from assistant.orders.policy import cancel_refusal, open_return_for, return_refusal
from assistant.orders.store_policies import DEMO_ORDERS_DIR, StorePolicies
from assistant.orders.system import CancelOutcome, ReturnOutcome

NOW = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)
POLICY = ReturnPolicy(window_days=30)


def _order(state=OrderState.DELIVERED, returnable=True):
    return Order(
        order_number="100500", customer_id="c", state=state, placed_at=NOW - timedelta(days=20),
        lines=(OrderLine("A-1", "Tank", 1, Decimal("10.00"), returnable=returnable),
               OrderLine("B-2", "Tee", 1, Decimal("20.00"))),
        email="x@example.com", shipping_postcode="1", shipping_country="US",
    )


def _parcel(status=ShipmentStatus.DELIVERED, delivered_days_ago=5, skus=("A-1", "B-2")):
    delivered = NOW - timedelta(days=delivered_days_ago) if status is ShipmentStatus.DELIVERED else None
    return Shipment("100500", "UPS", "1Z1", None, status, None, skus, delivered_at=delivered)


@pytest.mark.parametrize("state", [OrderState.PENDING, OrderState.PAID, OrderState.PACKED])
def test_orders_before_shipping_may_be_cancelled(state):
    assert cancel_refusal(state) is None


@pytest.mark.parametrize("state", [OrderState.SHIPPED, OrderState.PARTIALLY_SHIPPED, OrderState.DELIVERED,
                                   OrderState.RETURNED, OrderState.REFUNDED])
def test_orders_after_shipping_may_not_be_cancelled(state):
    refusal = cancel_refusal(state)
    assert refusal.status is CancelOutcome.NOT_ALLOWED and refusal.reason == f"order_{state.value}"


def test_cancelled_order_reports_already_cancelled():
    assert cancel_refusal(OrderState.CANCELLED).status is CancelOutcome.ALREADY_CANCELLED


def test_delivered_item_inside_window_may_be_returned():
    assert return_refusal(_order(), [_parcel(delivered_days_ago=29)], ["A-1"], POLICY, NOW) is None


def test_delivered_item_after_window_is_outside_window():
    refusal = return_refusal(_order(), [_parcel(delivered_days_ago=31)], ["A-1"], POLICY, NOW)
    assert refusal.status is ReturnOutcome.OUTSIDE_WINDOW


def test_item_still_in_transit_is_not_returnable():
    refusal = return_refusal(_order(), [_parcel(ShipmentStatus.IN_TRANSIT)], ["A-1"], POLICY, NOW)
    assert (refusal.status, refusal.reason) == (ReturnOutcome.NOT_RETURNABLE, "not_delivered")


def test_only_the_delivered_parcel_counts_for_partial_shipments():
    parcels = [_parcel(skus=("A-1",)), _parcel(ShipmentStatus.IN_TRANSIT, skus=("B-2",))]
    assert return_refusal(_order(), parcels, ["A-1"], POLICY, NOW) is None
    assert return_refusal(_order(), parcels, ["B-2"], POLICY, NOW).reason == "not_delivered"


@pytest.mark.parametrize("skus, reason", [([], "no_items"), (["ZZZ"], "unknown_item")])
def test_bad_item_lists_are_not_returnable(skus, reason):
    assert return_refusal(_order(), [_parcel()], skus, POLICY, NOW).reason == reason


def test_final_sale_item_is_not_returnable():
    refusal = return_refusal(_order(returnable=False), [_parcel()], ["A-1"], POLICY, NOW)
    assert refusal.reason == "final_sale"


def test_refunded_order_is_not_returnable():
    refusal = return_refusal(_order(OrderState.REFUNDED), [_parcel()], ["A-1"], POLICY, NOW)
    assert refusal.reason == "order_refunded"


def test_open_return_covering_an_item_is_found():
    existing = ReturnRequest("rt1", "100500", ("A-1",), "size", "requested", NOW)
    closed = ReturnRequest("rt0", "100500", ("B-2",), "size", "closed", NOW)
    assert open_return_for([closed, existing], ["A-1"]) == existing
    assert open_return_for([closed, existing], ["B-2"]) is None


def test_tracking_urls_per_carrier():
    assert tracking_url("UPS", "1Z999") == "https://www.ups.com/track?tracknum=1Z999"
    assert "449044304137821" in tracking_url("FedEx", "449044304137821")
    assert tracking_url("Pigeon", "1") is None


def test_delivery_options_per_country_cheapest_first_with_fallback():
    policies = StorePolicies.load()
    us = policies.delivery_options("us")
    assert [o.price for o in us] == sorted(o.price for o in us) and us[0].carrier == "USPS"
    assert policies.delivery_options("JP") == policies.delivery_options("*")
    assert policies.return_policy.window_days == 30


def test_demo_data_offsets_are_relative_to_seed_time():
    first = load_demo_data(DEMO_ORDERS_DIR, NOW)
    later = load_demo_data(DEMO_ORDERS_DIR, NOW + timedelta(days=100))
    assert first.orders[0].placed_at + timedelta(days=100) == later.orders[0].placed_at
    delivered = [s for s in first.shipments if s.delivered_at]
    assert delivered and all(s.delivered_at <= NOW for s in delivered)


def test_demo_orders_use_real_catalog_skus_and_prices():
    catalog = Path("/work/shared/data/catalogs/magento-luma/luma_shopify.derived.csv")
    if not catalog.exists():
        pytest.skip("demo catalog not available")
    import csv

    with catalog.open(newline="", encoding="utf-8") as handle:
        prices = {r["Variant SKU"]: Decimal(r["Variant Price"]) for r in csv.DictReader(handle)}
    orders = json.loads((DEMO_ORDERS_DIR / "orders.json").read_text())
    lines = [line for order in orders for line in order["lines"]]
    assert lines and all(Decimal(line["unit_price"]) == prices[line["sku"]] for line in lines)
