"""The Shopify adapter against a real local HTTP server serving documented GraphQL payloads."""

import json
import time
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.orders.errors import OrderSystemAuthError, OrderSystemUnavailable
from assistant.orders.factory import open_order_services, open_order_system
from assistant.orders.identity import OwnershipVerifier, Verification
from assistant.orders.model import OrderState, ShipmentStatus
from assistant.orders.shopify import ShopifyOrderSystem
from assistant.orders.shopify_client import (
    ShopifyGraphQLClient,
    ShopifySettings,
    retry_after_seconds,
    throttle_wait_seconds,
)
from assistant.orders.shopify_mapping import order_from_node, return_reason_code, shipments_from_node
from assistant.orders.sql_store import SqlOrderStore
from assistant.orders.system import CancelOutcome, OrderSystem, ReturnOutcome
from tests.fakes.shopify_server import FIXTURES, FakeShopify

NOW = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)
FIXTURE_ORDERS = {o["name"]: o for o in json.loads((FIXTURES / "orders.json").read_text())}


@pytest.fixture
def fake():
    with FakeShopify() as server:
        server.hang_seconds = 1.5
        yield server


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def local(tmp_path):
    store = SqlOrderStore(f"sqlite:///{tmp_path / 'local.sqlite'}")
    yield store
    store.close()


def _settings(fake, **changes):
    options = dict(read_timeout=0.4, connect_timeout=0.5, max_attempts=3, backoff_seconds=0.01)
    return ShopifySettings(fake.url, fake.token, **{**options, **changes})


@pytest.fixture
def shop(fake, local, sleeps):
    client = ShopifyGraphQLClient(_settings(fake), sleep=sleeps.append)
    return ShopifyOrderSystem(client, links=local, clock=lambda: NOW)


# reads and mapping -------------------------------------------------------------------------


@pytest.mark.parametrize("number, state", [
    ("100201", OrderState.PAID), ("#100202", OrderState.DELIVERED), ("100203", OrderState.SHIPPED),
    ("100204", OrderState.CANCELLED), ("100206", OrderState.PARTIALLY_SHIPPED),
])
def test_orders_are_found_by_name_and_mapped(shop, number, state):
    order = shop.find_order(number)
    assert order.state is state and order.order_number == number.lstrip("#")


def test_order_fields_come_from_the_payload(shop):
    order = shop.find_order("100202")
    node = FIXTURE_ORDERS["#100202"]
    assert order.email == node["email"] and order.shipping_postcode == "94107"
    assert order.customer_id == "7001" and order.total == Decimal("97.00")
    assert [l.sku for l in order.lines] == ["WT04-M-Blue", "24-WG088"]


def test_unknown_or_malformed_order_numbers_are_none(shop, fake):
    assert shop.find_order("199999") is None
    assert shop.find_order("name:* OR 1") is None
    assert fake.calls_of("orders") == 1  # the malformed one never reached Shopify


def test_tracking_comes_from_fulfillments(shop):
    (parcel,) = shop.shipments("100203")
    assert (parcel.carrier, parcel.tracking_number, parcel.status) == ("DHL", "1234567890", ShipmentStatus.IN_TRANSIT)
    assert parcel.expected_delivery.isoformat() == "2025-03-12" and "1234567890" in parcel.tracking_url


def test_refunds_are_listed(shop):
    (refund,) = shop.refund_status("100204")
    assert (refund.amount, refund.currency, refund.reason) == (Decimal("35.00"), "USD", "Order cancelled")


def test_customer_orders_and_linked_identity(shop, local):
    assert [o.order_number for o in shop.orders_for_customer("7001")] == ["100201", "100206", "100202", "100205"]
    assert shop.customer_for_identity("web", "nina") is None
    shop.link_identity("web", "nina", "7001")
    assert shop.customer_for_identity("web", "nina").email == "nina.demo@example.com"
    assert isinstance(shop, OrderSystem)


def test_mapping_is_pure():
    node = FIXTURE_ORDERS["#100206"]
    assert order_from_node(node).state is OrderState.PARTIALLY_SHIPPED
    assert [s.skus for s in shipments_from_node(node)] == [("MS04-XS-Black",)]
    assert return_reason_code("It is too small") == "SIZE_TOO_SMALL"
    assert return_reason_code("meh") == "OTHER"


# failures and retries ----------------------------------------------------------------------


def test_wrong_token_is_an_auth_error(fake, local):
    shop = ShopifyOrderSystem(ShopifySettings(fake.url, "wrong", max_attempts=1), links=local)
    with pytest.raises(OrderSystemAuthError):
        shop.find_order("100201")


def test_429_then_200_waits_as_told(shop, fake, sleeps):
    fake.fail_next(1, "429", retry_after="2.0")
    assert shop.find_order("100201").state is OrderState.PAID
    assert sleeps == [2.0] and fake.calls_of("orders") == 2


def test_throttled_200_waits_for_the_bucket(shop, fake, sleeps):
    fake.fail_next(1, "throttled")
    assert shop.find_order("100201") is not None
    assert sleeps == [pytest.approx(0.5)]  # (752 requested - 702 available) / 100 per second


def test_500_then_200_is_retried_for_queries(shop, fake, sleeps):
    fake.fail_next(2, "500")
    assert shop.find_order("100201") is not None
    assert fake.calls_of("orders") == 3 and sleeps == [0.01, 0.02]


def test_persistent_500_is_unavailable(shop, fake):
    fake.fail_next(5, "500")
    with pytest.raises(OrderSystemUnavailable):
        shop.find_order("100201")
    assert fake.calls_of("orders") == 3


def test_timeout_is_unavailable(shop, fake):
    fake.fail_next(3, "hang")
    started = time.monotonic()
    with pytest.raises(OrderSystemUnavailable):
        shop.find_order("100201")
    assert time.monotonic() - started < 3


def test_platform_down_is_unavailable(local):
    dead = FakeShopify()
    url = dead.url
    dead.stop()
    shop = ShopifyOrderSystem(ShopifySettings(url, "t", max_attempts=2, backoff_seconds=0), links=local)
    with pytest.raises(OrderSystemUnavailable):
        shop.find_order("100201")


# writes ------------------------------------------------------------------------------------


def test_cancel_runs_the_mutation_once(shop, fake):
    assert shop.cancel_order("100201", "k1").status is CancelOutcome.CANCELLED
    assert shop.cancel_order("100201", "k1").status is CancelOutcome.ALREADY_CANCELLED
    assert shop.cancel_order("#100201", "k2").status is CancelOutcome.ALREADY_CANCELLED
    assert fake.calls_of("orderCancel") == 1
    assert shop.find_order("100201").state is OrderState.CANCELLED


def test_cancel_of_shipped_order_is_refused_without_mutation(shop, fake):
    result = shop.cancel_order("100203", "k")
    assert (result.status, result.reason) == (CancelOutcome.NOT_ALLOWED, "order_shipped")
    assert fake.calls_of("orderCancel") == 0


def test_cancel_that_timed_out_after_applying_is_not_repeated(shop, fake):
    fake.fail_next(1, "apply_then_hang", field="orderCancel")
    assert shop.cancel_order("100201", "k").status is CancelOutcome.CANCELLED
    assert fake.calls_of("orderCancel") == 1


def test_cancel_that_failed_with_500_is_checked_then_retried(shop, fake):
    fake.fail_next(1, "500", field="orderCancel")
    assert shop.cancel_order("100201", "k").status is CancelOutcome.CANCELLED
    assert fake.calls_of("orderCancel") == 2
    assert len(shop.refund_status("100201")) == 1


def test_cancel_rate_limited_is_retried(shop, fake, sleeps):
    fake.fail_next(1, "429", retry_after="1", field="orderCancel")
    assert shop.cancel_order("100201", "k").status is CancelOutcome.CANCELLED
    assert sleeps == [1.0] and fake.calls_of("orderCancel") == 2


def test_cancel_with_shopify_down_is_unavailable(shop, fake):
    fake.fail_next(2, "500", field="orderCancel")
    with pytest.raises(OrderSystemUnavailable):
        shop.cancel_order("100201", "k")
    assert shop.find_order("100201").state is OrderState.PAID


def test_return_request_is_created_once(shop, fake):
    created = shop.request_return("100202", ["WT04-M-Blue"], "too small", "r1")
    again = shop.request_return("100202", ["WT04-M-Blue"], "too small", "r2")
    assert created.status is ReturnOutcome.CREATED and created.request.skus == ("WT04-M-Blue",)
    assert again.status is ReturnOutcome.ALREADY_REQUESTED and again.request.return_id == created.request.return_id
    assert fake.calls_of("returnRequest") == 1


def test_return_that_timed_out_after_applying_is_not_repeated(shop, fake):
    fake.fail_next(1, "apply_then_hang", field="returnRequest")
    assert shop.request_return("100202", ["24-WG088"], "defective", "r").status is ReturnOutcome.CREATED
    assert fake.calls_of("returnRequest") == 1


@pytest.mark.parametrize("number, sku, status", [
    ("100205", "WS02-XS-Blue", ReturnOutcome.OUTSIDE_WINDOW),
    ("100203", "WJ01-S-Blue", ReturnOutcome.NOT_RETURNABLE),
    ("100206", "24-WB05", ReturnOutcome.NOT_RETURNABLE),
])
def test_returns_outside_the_rules_never_reach_shopify(shop, fake, number, sku, status):
    assert shop.request_return(number, [sku], "too small", "r").status is status
    assert fake.calls_of("returnRequest") == 0


# verification and factory ------------------------------------------------------------------


def test_verification_over_shopify_does_not_reveal_existence(shop, local):
    verifier = OwnershipVerifier(shop, local)
    unknown = verifier.verify("199999", conversation_id="c1", sender_id="s1", email="nina.demo@example.com")
    wrong = verifier.verify("100201", conversation_id="c2", sender_id="s2", email="omar.demo@example.com")
    right = verifier.verify("100201", conversation_id="c3", sender_id="s3", postcode="94 107")
    assert unknown == wrong == Verification.NOT_VERIFIED and right is Verification.VERIFIED


def test_factory_picks_the_backend(tmp_path, fake):
    sql = open_order_system(f"sqlite:///{tmp_path / 'a.sqlite'}", seed_demo=True)
    assert isinstance(sql, SqlOrderStore) and sql.find_order("100101") is not None
    services = open_order_services(_settings(fake), local_url=f"sqlite:///{tmp_path / 'b.sqlite'}")
    assert isinstance(services.orders, ShopifyOrderSystem)
    assert services.orders.find_order("100201").state is OrderState.PAID
    with pytest.raises(ValueError):
        open_order_system("not a url")


def test_settings_never_print_the_token():
    settings = ShopifySettings("https://demo.myshopify.com", "shpat_secret")
    assert "shpat_secret" not in repr(settings)
    assert settings.endpoint == "https://demo.myshopify.com/admin/api/2025-01/graphql.json"


def test_retry_after_parsing():
    assert retry_after_seconds("2.0") == 2.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc)) == 10
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    body = json.loads(Path(FIXTURES / "throttled.json").read_text())
    assert throttle_wait_seconds(body) == pytest.approx(0.5)
