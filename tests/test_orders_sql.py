"""The SQL order store on SQLite (temp file) and PostgreSQL (unique schema per test)."""

import json
import threading
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text

from assistant.orders.errors import OrderNotFound
from assistant.orders.identity import OwnershipVerifier, Verification
from assistant.orders.model import OrderState, ShipmentStatus
from assistant.orders.sql_store import SqlOrderStore
from assistant.orders.store_policies import DEMO_ORDERS_DIR
from assistant.orders.system import CancelOutcome, OrderSystem, ReturnOutcome

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEMO_ORDERS = json.loads((DEMO_ORDERS_DIR / "orders.json").read_text())
DEMO_CUSTOMERS = json.loads((DEMO_ORDERS_DIR / "customers.json").read_text())


def _pg_reachable() -> bool:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


class Clock:
    def __init__(self):
        self.now = datetime.now(timezone.utc)

    def __call__(self):
        return self.now


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request, tmp_path):
    """(url, schema) of a fresh database; PostgreSQL gets its own schema, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'orders.sqlite'}", None
        return
    if not _pg_reachable():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    schema = f"orders_test_{uuid.uuid4().hex[:12]}"
    yield PG_URL, schema
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def open_store(backend, clock):
    """Opens stores on the test database (closing them afterwards)."""
    url, schema = backend
    stores = []

    def _open():
        store = SqlOrderStore(url, schema=schema, clock=clock)
        stores.append(store)
        return store

    yield _open
    for store in stores:
        store.close()


@pytest.fixture
def store(open_store, clock):
    store = open_store()
    store.seed(now=clock())
    return store


def _demo(state, scenario_filter=lambda o: True):
    """Order number of the first demo order in a state."""
    return next(o["order_number"] for o in DEMO_ORDERS if o["state"] == state and scenario_filter(o))


def _delivered_days_ago(order):
    return max(s.get("delivered_days_ago", -1) for s in order["shipments"]) if order["shipments"] else -1


# seeding and reads -------------------------------------------------------------------------


def test_store_satisfies_the_protocol(store):
    assert isinstance(store, OrderSystem)


def test_seeding_twice_adds_nothing(store, clock):
    assert store.seed(now=clock()) == 0
    total = sum(len(store.orders_for_customer(c["customer_id"])) for c in DEMO_CUSTOMERS)
    assert total == len(DEMO_ORDERS)


def test_demo_orders_cover_every_state(store):
    states = {o.state for c in DEMO_CUSTOMERS for o in store.orders_for_customer(c["customer_id"])}
    assert states == set(OrderState)


def test_find_order_returns_the_demo_lines(store):
    demo = DEMO_ORDERS[0]
    order = store.find_order(demo["order_number"])
    assert order.state.value == demo["state"] and order.email == demo["email"]
    assert [(l.sku, l.quantity, str(l.unit_price)) for l in order.lines] == [
        (l["sku"], l["quantity"], l["unit_price"]) for l in demo["lines"]
    ]


def test_unknown_order_is_none(store):
    assert store.find_order("199999") is None


def test_customer_orders_are_newest_first(store):
    orders = store.orders_for_customer("cus_alice")
    assert len(orders) == sum(o["customer_id"] == "cus_alice" for o in DEMO_ORDERS)
    assert [o.placed_at for o in orders] == sorted((o.placed_at for o in orders), reverse=True)


def test_shipments_carry_tracking(store):
    number = _demo("shipped")
    shipments = store.shipments(number)
    assert shipments and shipments[0].carrier in {"UPS", "DHL", "USPS", "FedEx"}
    assert shipments[0].tracking_number in shipments[0].tracking_url
    assert shipments[0].expected_delivery >= (store._clock() - timedelta(days=3)).date()


def test_linked_identities_resolve_and_can_be_relinked(store):
    assert store.customer_for_identity("web", "demo-alice").customer_id == "cus_alice"
    assert store.customer_for_identity("whatsapp", "15550001111").email == "alice.martin@example.com"
    assert store.customer_for_identity("web", "stranger") is None
    store.link_identity("web", "demo-alice", "cus_bob")
    assert store.customer_for_identity("web", "demo-alice").customer_id == "cus_bob"


def test_refund_status_lists_refunds(store):
    number = _demo("refunded")
    refunds = store.refund_status(number)
    demo = next(o for o in DEMO_ORDERS if o["order_number"] == number)
    assert [(r.refund_id, str(r.amount), r.status) for r in refunds] == [
        (r["refund_id"], r["amount"], r["status"]) for r in demo["refunds"]
    ]


def test_delivery_options_and_policy(store):
    assert [o.name for o in store.delivery_options("GB")][0] == "International Standard"
    assert store.return_policy().window_days == 30


# cancellation ------------------------------------------------------------------------------


def test_cancel_is_done_once_whatever_is_repeated(store):
    number = _demo("paid")
    first = store.cancel_order(number, "conv-1:cancel:1")
    replay = store.cancel_order(number, "conv-1:cancel:1")
    other_key = store.cancel_order(number, "conv-1:cancel:2")
    assert first.status is CancelOutcome.CANCELLED
    assert replay.status is other_key.status is CancelOutcome.ALREADY_CANCELLED
    assert store.find_order(number).state is OrderState.CANCELLED
    assert len([r for r in store.refund_status(number) if r.reason == "cancellation"]) == 1
    changes, _ = store.changes_since(0)
    assert [(c.order_number, c.to_state) for c in changes] == [(number, OrderState.CANCELLED)]


def test_unpaid_order_cancels_without_refund(store):
    number = _demo("pending")
    assert store.cancel_order(number, "k").status is CancelOutcome.CANCELLED
    assert store.refund_status(number) == []


@pytest.mark.parametrize("state", ["shipped", "partially_shipped", "delivered", "returned", "refunded"])
def test_cancel_not_allowed_once_shipped(store, state):
    number = _demo(state)
    result = store.cancel_order(number, f"k-{state}")
    assert (result.status, result.reason) == (CancelOutcome.NOT_ALLOWED, f"order_{state}")
    assert store.find_order(number).state.value == state


def test_cancel_of_unknown_order_raises(store):
    with pytest.raises(OrderNotFound):
        store.cancel_order("199999", "k")


def test_idempotency_key_cannot_be_reused_for_another_order(store):
    store.cancel_order(_demo("paid"), "shared-key")
    with pytest.raises(ValueError):
        store.cancel_order(_demo("pending"), "shared-key")


@pytest.mark.postgres
def test_concurrent_confirmations_cancel_once(open_store, clock, backend):
    if backend[1] is None:
        pytest.skip("SQLite serializes writers; the race is exercised on PostgreSQL")
    store = open_store()
    store.seed(now=clock())
    number = _demo("packed")
    results, barrier = [], threading.Barrier(4)

    def confirm():
        barrier.wait()
        results.append(store.cancel_order(number, "same-confirmation"))

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(r.status.value for r in results) == ["already_cancelled"] * 3 + ["cancelled"]
    assert len(store.refund_status(number)) == 1


# returns -----------------------------------------------------------------------------------


def _recent_delivered():
    return next(o for o in DEMO_ORDERS if o["state"] == "delivered" and 0 <= _delivered_days_ago(o) <= 5
                and not o["returns"] and all(l.get("returnable", True) for l in o["lines"]))


def test_return_inside_window_is_created_once(store):
    order = _recent_delivered()
    sku = order["lines"][0]["sku"]
    created = store.request_return(order["order_number"], [sku], "too small", "ret-1")
    replay = store.request_return(order["order_number"], [sku], "too small", "ret-1")
    again = store.request_return(order["order_number"], [sku, sku], "too small", "ret-2")
    assert created.status is ReturnOutcome.CREATED and created.request.skus == (sku,)
    assert replay.status is again.status is ReturnOutcome.ALREADY_REQUESTED
    assert replay.request == again.request == created.request
    assert len(store.return_requests(order["order_number"])) == 1


def test_return_window_follows_the_clock(store, clock):
    order = _recent_delivered()
    clock.now += timedelta(days=30)
    result = store.request_return(order["order_number"], [order["lines"][0]["sku"]], "late", "ret-late")
    assert result.status is ReturnOutcome.OUTSIDE_WINDOW


def test_old_delivery_is_outside_window(store):
    order = next(o for o in DEMO_ORDERS if o["state"] == "delivered" and _delivered_days_ago(o) > 30)
    result = store.request_return(order["order_number"], [order["lines"][0]["sku"]], "x", "k")
    assert result.status is ReturnOutcome.OUTSIDE_WINDOW


def test_undelivered_and_final_sale_items_are_not_returnable(store):
    shipped = next(o for o in DEMO_ORDERS if o["state"] == "shipped")
    final = next(o for o in DEMO_ORDERS if any(l.get("returnable") is False for l in o["lines"]))
    sku = next(l["sku"] for l in final["lines"] if l.get("returnable") is False)
    first = store.request_return(shipped["order_number"], [shipped["lines"][0]["sku"]], "x", "k1")
    second = store.request_return(final["order_number"], [sku], "x", "k2")
    assert (first.status, first.reason) == (ReturnOutcome.NOT_RETURNABLE, "not_delivered")
    assert (second.status, second.reason) == (ReturnOutcome.NOT_RETURNABLE, "final_sale")


def test_open_demo_return_is_already_requested(store):
    order = next(o for o in DEMO_ORDERS if any(r["status"] == "requested" for r in o["returns"]))
    existing = order["returns"][0]
    result = store.request_return(order["order_number"], existing["skus"], "again", "k")
    assert result.status is ReturnOutcome.ALREADY_REQUESTED
    assert result.request.return_id == existing["return_id"]


# change log --------------------------------------------------------------------------------


def test_set_state_logs_changes_for_polling(store):
    number = _demo("packed")
    change = store.set_state(number, "shipped", carrier="DHL", tracking_number="JD0001",
                             expected_delivery=date(2030, 1, 2))
    changes, cursor = store.changes_since(0)
    assert changes == [change] and cursor == change.change_id
    assert (change.from_state, change.to_state) == (OrderState.PACKED, OrderState.SHIPPED)
    assert store.changes_since(cursor) == ([], cursor)
    parcel = store.shipments(number)[-1]
    assert (parcel.carrier, parcel.status, parcel.expected_delivery) == ("DHL", ShipmentStatus.IN_TRANSIT, date(2030, 1, 2))
    assert "JD0001" in parcel.tracking_url
    store.set_state(number, OrderState.DELIVERED)
    later, cursor2 = store.changes_since(cursor)
    assert [c.to_state for c in later] == [OrderState.DELIVERED] and cursor2 > cursor
    assert all(s.status is ShipmentStatus.DELIVERED for s in store.shipments(number))


def test_set_state_of_unknown_order_raises(store):
    with pytest.raises(OrderNotFound):
        store.set_state("199999", "shipped")


# verification attempts ---------------------------------------------------------------------


def test_lockout_survives_a_restart(open_store, clock):
    store = open_store()
    store.seed(now=clock())
    verifier = OwnershipVerifier(store, store, clock=clock)
    for _ in range(3):
        verifier.verify("100101", conversation_id="c1", sender_id="web:s1", email="bad@example.com")
    store.close()
    reopened = open_store()
    verifier = OwnershipVerifier(reopened, reopened, clock=clock)
    assert verifier.verify("100101", conversation_id="c1", sender_id="web:s1",
                           email="alice.martin@example.com") is Verification.LOCKED
    assert verifier.verify("100101", conversation_id="c2", sender_id="web:s2",
                           email="alice.martin@example.com") is Verification.VERIFIED


def test_unknown_order_and_wrong_email_are_indistinguishable(store, clock):
    verifier = OwnershipVerifier(store, store, clock=clock)
    unknown = verifier.verify("199999", conversation_id="a", sender_id="s", email="alice.martin@example.com")
    wrong = verifier.verify("100101", conversation_id="b", sender_id="s2", email="bob.chen@example.com")
    assert unknown == wrong == Verification.NOT_VERIFIED


def test_linked_identity_skips_the_proof_for_own_orders(store, clock):
    verifier = OwnershipVerifier(store, store, clock=clock)
    alice = _demo("delivered", lambda o: o["customer_id"] == "cus_alice")
    bob = _demo("pending", lambda o: o["customer_id"] == "cus_bob")
    assert verifier.linked_owner(alice, "web", "demo-alice")
    assert not verifier.linked_owner(bob, "web", "demo-alice")
