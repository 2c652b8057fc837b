"""Order actions against the real SQL order store with the demo orders (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import sqlalchemy
from rasa_sdk.executor import CollectingDispatcher

from actions import orders as order_actions
from actions import services
from assistant.orders import OrderSystemUnavailable
from assistant.orders.factory import OrderServices
from assistant.orders.identity import OwnershipVerifier
from assistant.orders.sql_store import SqlOrderStore
from tests.actions_support import entity, run, slots_set, text_of, tracker

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_reachable() -> bool:
    try:
        with sqlalchemy.create_engine(PG_URL).connect():
            return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def order_services(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        store = SqlOrderStore(f"sqlite:///{tmp_path / 'orders.sqlite'}")
    else:
        if not _postgres_reachable():
            pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
        store = SqlOrderStore(PG_URL, schema=f"orders_actions_{uuid.uuid4().hex[:8]}")
        request.addfinalizer(store.drop_all)
    store.seed()
    svc = OrderServices(orders=store, verifier=OwnershipVerifier(store, store), local=store)
    monkeypatch.setattr(services, "orders", lambda: svc)
    return svc


def validate(slot: str, value: str, slots: dict, sender: str = "web:stranger") -> tuple[list, dict]:
    form = order_actions.ValidateOrderForm()
    t = tracker(sender=sender, text=value, intent="inform", slots=slots)
    dispatcher = CollectingDispatcher()
    result = getattr(form, f"validate_{slot}")(value, dispatcher, t, {})
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return dispatcher.messages, result


def do_task(task: str, number: str, sender: str = "web:stranger", verified=()) -> tuple[list, list]:
    slots = {"order_id": number, "order_task": task, "verified_orders": list(verified)}
    return run(order_actions.ActionDoOrderTask(), tracker(sender=sender, intent="inform", slots=slots))


def test_linked_shopper_sees_status_with_carrier_and_tracking(order_services):
    messages, _ = do_task("status", "100102", sender="whatsapp:15550001111")
    text = text_of(messages)
    assert "#100102" in text and "FedEx" in text and "Track it: http" in text


def test_stranger_is_shown_nothing_without_proof(order_services):
    messages, _ = do_task("status", "100102", sender="web:stranger")
    assert messages == []


def test_web_chat_sender_names_are_not_trusted_as_linked_identities(order_services):
    messages, _ = do_task("status", "100102", sender="web:demo-alice")  # linked in the demo data, but self-declared
    assert messages == []


def test_wrong_email_and_unknown_order_get_the_same_answer(order_services):
    wrong, result_wrong = validate("order_proof", "someone@example.com", {"order_id": "100102"})
    unknown, result_unknown = validate("order_proof", "someone@example.com", {"order_id": "199999"}, sender="web:other")
    assert [m["response"] for m in wrong] == [m["response"] for m in unknown] == ["utter_verification_failed"]
    assert result_wrong == result_unknown == {"order_proof": None, "order_id": None}


def test_right_email_verifies_the_order_for_this_conversation(order_services):
    _, result = validate("order_proof", "Alice.Martin@example.com ", {"order_id": "100102"})
    assert result["order_proof"] == "verified" and result["verified_orders"] == ["100102"]
    messages, _ = do_task("status", "100102", verified=result["verified_orders"])
    assert "#100102" in text_of(messages)


def test_repeated_wrong_proofs_lock_the_conversation(order_services):
    responses = [validate("order_proof", f"guess{i}@example.com", {"order_id": "100102"})[0][0]["response"] for i in range(3)]
    assert responses[-1] == "utter_verification_locked"
    assert validate("order_proof", "alice.martin@example.com", {"order_id": "100102"})[0][0]["response"] == "utter_verification_locked"


def test_cancel_asks_first_then_cancels_once(order_services):
    messages, events = do_task("cancel", "100103", sender="whatsapp:15550001111")
    assert "can't be undone" in text_of(messages) and slots_set(events)["pending_confirmation"] == "cancel"
    slots = {"order_id": "100103", "pending_confirmation": "cancel"}
    confirm = order_actions.ActionConfirmOrderTask()
    first, _ = run(confirm, tracker(sender="whatsapp:15550001111", text="yes", intent="affirm", slots=slots))
    again, _ = run(confirm, tracker(sender="whatsapp:15550001111", text="yes cancel it", intent="affirm", slots=slots))
    assert "is cancelled" in text_of(first) and "already cancelled" in text_of(again)
    assert order_services.orders.find_order("100103").state.value == "cancelled"


def test_shipped_order_cannot_be_cancelled(order_services):
    messages, events = do_task("cancel", "100102", sender="whatsapp:15550001111")
    assert "can't be cancelled" in text_of(messages) and "pending_confirmation" not in slots_set(events)


def test_return_outside_window_explains_the_policy(order_services):
    slots = {"order_id": "100104", "pending_confirmation": "return", "return_item": order_services.orders.find_order("100104").lines[0].sku, "return_reason": "too_small"}
    messages, _ = run(order_actions.ActionConfirmOrderTask(), tracker(sender="whatsapp:15550001111", intent="affirm", slots=slots))
    assert "30-day return window" in text_of(messages)


def test_return_within_window_is_started_once(order_services):
    sku = order_services.orders.find_order("100101").lines[0].sku
    slots = {"order_id": "100101", "pending_confirmation": "return", "return_item": sku, "return_reason": "too_small"}
    first, _ = run(order_actions.ActionConfirmOrderTask(), tracker(sender="whatsapp:15550001111", intent="affirm", slots=slots))
    again, _ = run(order_actions.ActionConfirmOrderTask(), tracker(sender="whatsapp:15550001111", intent="affirm", slots=slots))
    assert "is started" in text_of(first) and "already open" in text_of(again)


def test_order_system_outage_is_said_and_changes_nothing(order_services, monkeypatch):
    def down(*args, **kwargs):
        raise OrderSystemUnavailable("platform down")

    monkeypatch.setattr(order_services.orders, "cancel_order", down)
    slots = {"order_id": "100103", "pending_confirmation": "cancel"}
    messages, events = run(order_actions.ActionConfirmOrderTask(), tracker(sender="whatsapp:15550001111", intent="affirm", slots=slots))
    assert messages[-1]["response"] == "utter_orders_unavailable"
    assert slots_set(events)["pending_confirmation"] is None


def test_linked_shopper_is_offered_their_orders(order_services):
    messages, events = run(order_actions.ActionStartOrderTask(), tracker(sender="whatsapp:15550001111", text="where is my order", intent="order_status"))
    assert slots_set(events)["order_task"] == "status"
    assert messages and all(b["payload"].startswith('/inform{"order_id":"') for b in messages[0]["buttons"])


def test_order_number_in_the_message_is_normalized(order_services):
    _, events = run(order_actions.ActionStartOrderTask(), tracker(text="cancel #100103", intent="cancel_order", entities=[entity("order_id", "100103")]))
    assert slots_set(events)["order_id"] == "100103" and slots_set(events)["order_task"] == "cancel"
