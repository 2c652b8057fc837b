"""The order domain: order-number normalization and the frozen data classes."""

import dataclasses
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from assistant.orders.model import Order, OrderLine, OrderState, normalize_order_number


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("100234", "100234"),
        ("#100234", "100234"),
        ("  # 100234 ", "100234"),
        ("order 100234", "100234"),
        ("Order no. 100 234", "100234"),
        ("100-234", "100234"),
    ],
)
def test_typed_order_numbers_are_normalized(typed, expected):
    assert normalize_order_number(typed) == expected


@pytest.mark.parametrize("typed", ["", None, "200234", "10023", "1002345", "#abc123", "100234x", "email me"])
def test_things_that_are_not_order_numbers_give_none(typed):
    assert normalize_order_number(typed) is None


def _order(**changes) -> Order:
    base = dict(
        order_number="100234", customer_id="cus_x", state=OrderState.PAID,
        placed_at=datetime(2025, 1, 1, tzinfo=timezone.utc),
        lines=(OrderLine("MH01-M-Black", "Chaz Kangeroo Hoodie", 2, Decimal("52.00")),
               OrderLine("24-WG088", "Sprite Foam Roller", 1, Decimal("19.00"))),
        email="a@example.com", shipping_postcode="94107", shipping_country="US",
    )
    return Order(**{**base, **changes})


def test_order_total_sums_lines():
    assert _order().total == Decimal("123.00")
    assert _order().skus == ("MH01-M-Black", "24-WG088")


def test_orders_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        _order().state = OrderState.CANCELLED


def test_state_values_are_the_documented_names():
    assert {s.value for s in OrderState} == {
        "pending", "paid", "packed", "shipped", "partially_shipped",
        "delivered", "cancelled", "returned", "refunded",
    }
