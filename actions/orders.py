"""Order actions: collect and verify the order number, then status, refunds, cancel and return."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.conversation import first_entity
from actions.products import ActionSearchProducts
from assistant.orders import (
    OrderSystemError, OrderSystemUnavailable, Verification, normalize_order_number,
)
from assistant.orders import replies
from assistant.orders.policy import cancel_refusal

log = logging.getLogger(__name__)

TASKS = {
    "order_status": "status", "cancel_order": "cancel", "return_item": "return",
    "refund_status": "refund", "change_order": "change",
}
RETURN_REASONS = {
    "too_small": "Too small", "too_big": "Too big", "damaged": "Arrived damaged",
    "not_as_described": "Not as described", "changed_mind": "Changed my mind",
}


# Channels whose sender ids the platform authenticates (signed webhooks). Web chat senders name
# themselves, so they always prove ownership with the order number and email or postcode.
AUTHENTICATED_CHANNELS = frozenset({"whatsapp", "messenger", "wechat"})


def identity(tracker: Tracker) -> tuple[str, str]:
    """(channel, channel user id) from the namespaced sender id, e.g. ('whatsapp', '15550001111')."""
    channel, sep, user = tracker.sender_id.partition(":")
    return (channel, user) if sep else ("rest", tracker.sender_id)


def is_owner(tracker: Tracker, order_number: str) -> bool:
    """Whether this conversation may see the order: a linked identity or a proof given earlier."""
    if order_number in (tracker.get_slot("verified_orders") or []):
        return True
    channel, user = identity(tracker)
    return channel in AUTHENTICATED_CHANNELS and services.orders().verifier.linked_owner(order_number, channel, user)


def linked_customer(tracker: Tracker):
    """The customer this chat identity is linked to, on channels that authenticate senders."""
    channel, user = identity(tracker)
    if channel not in AUTHENTICATED_CHANNELS:
        return None
    return services.orders().orders.customer_for_identity(channel, user)


def idempotency_key(tracker: Tracker, operation: str, order_number: str) -> str:
    """One key per conversation, order and operation: a repeated confirmation cannot act twice."""
    raw = f"{tracker.sender_id}|{operation}|{order_number}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def unavailable(dispatcher: CollectingDispatcher) -> list:
    """Tell the shopper the order system is down, and keep nothing half-done."""
    dispatcher.utter_message(response="utter_orders_unavailable")
    return [SlotSet("pending_confirmation", None)]


class ActionStartOrderTask(Action):
    """Remember what the shopper wants to do with an order, before the order form asks for it."""

    def name(self) -> str:
        return "action_start_order_task"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        events = [SlotSet("order_task", TASKS.get(intent, "status")), SlotSet("pending_confirmation", None)]
        number = normalize_order_number(first_entity(tracker, "order_id"))
        if number:
            events.append(SlotSet("order_id", number))
        elif not tracker.get_slot("order_id"):
            events += self._offer_linked_orders(dispatcher, tracker)
        return events

    @staticmethod
    def _offer_linked_orders(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        try:
            orders_system = services.orders().orders
            customer = linked_customer(tracker)
            if customer is None:
                return []
            recent = orders_system.orders_for_customer(customer.customer_id)[:3]
        except OrderSystemError:
            return []
        if len(recent) == 1:
            return [SlotSet("order_id", recent[0].order_number)]
        if recent:
            dispatcher.utter_message(
                text=f"Hi {customer.name.split()[0]}, which order is it about?",
                buttons=[{"title": f"#{o.order_number} ({replies.order_summary(o)})"[:20],
                          "payload": f'/inform{{"order_id":"{o.order_number}"}}'} for o in recent],
            )
        return []


class ValidateOrderForm(FormValidationAction):
    """Normalizes the order number and checks ownership before anything about the order is said."""

    def name(self) -> str:
        return "validate_order_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        number = tracker.get_slot("order_id")
        if number and is_owner(tracker, number):
            return ["order_id"]
        return ["order_id", "order_proof"]

    def validate_order_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        number = normalize_order_number(str(value) if value else None)
        if number is None:
            dispatcher.utter_message(response="utter_invalid_order_id")
            return {"order_id": None}
        return {"order_id": number}

    def validate_order_proof(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        number = tracker.get_slot("order_id")
        proof = str(value or "").strip()
        if "@" not in proof and not any(ch.isdigit() for ch in proof):
            return {"order_proof": None}  # not an answer: the form asks again and no attempt is counted
        email, postcode = (proof, None) if "@" in proof else (None, proof)
        channel, user = identity(tracker)
        try:
            outcome = services.orders().verifier.verify(
                number, conversation_id=tracker.sender_id, sender_id=f"{channel}:{user}", email=email, postcode=postcode
            )
        except OrderSystemUnavailable:
            unavailable(dispatcher)
            return {"order_proof": None, "order_id": None, "requested_slot": None}
        if outcome is Verification.VERIFIED:
            verified = list(dict.fromkeys([*(tracker.get_slot("verified_orders") or []), number]))
            return {"order_proof": "verified", "verified_orders": verified}
        log.info("order ownership not verified: %s", outcome.value)
        if outcome is Verification.LOCKED:
            dispatcher.utter_message(response="utter_verification_locked")
            return {"order_proof": None, "order_id": None, "order_task": None, "requested_slot": None}
        dispatcher.utter_message(response="utter_verification_failed")
        return {"order_proof": None, "order_id": None}


class ActionDoOrderTask(Action):
    """With a verified order: show status or refunds, or prepare a cancel or return."""

    def name(self) -> str:
        return "action_do_order_task"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        number, task = tracker.get_slot("order_id"), tracker.get_slot("order_task") or "status"
        events: list = [SlotSet("order_proof", None)]
        if not number or not is_owner(tracker, number):
            return events  # the form stopped (locked out, or the shopper left): nothing is revealed
        system = services.orders().orders
        try:
            order = system.find_order(number)
            if order is None:
                dispatcher.utter_message(response="utter_verification_failed")
                return events + [SlotSet("order_id", None)]
            if task == "status":
                dispatcher.utter_message(text=replies.order_status(order, system.shipments(number)))
            elif task == "refund":
                dispatcher.utter_message(text=replies.refund_status(order, system.refund_status(number)))
            elif task == "cancel":
                return events + self._prepare_cancel(dispatcher, order)
            elif task == "return":
                return events + self._prepare_return(dispatcher, order, system)
            elif task == "change":
                dispatcher.utter_message(text=self._change_reply(order))
        except OrderSystemUnavailable:
            return events + unavailable(dispatcher)
        return events

    @staticmethod
    def _prepare_cancel(dispatcher: CollectingDispatcher, order) -> list:
        refusal = cancel_refusal(order.state)
        if refusal is not None:
            dispatcher.utter_message(text=replies.cancel_outcome(order.order_number, refusal))
            return []
        dispatcher.utter_message(
            text=f"Cancel order #{order.order_number} ({replies.order_summary(order)})? This can't be undone.",
            buttons=[{"title": "Yes, cancel it", "payload": "/affirm"}, {"title": "No, keep it", "payload": "/deny"}],
        )
        return [SlotSet("pending_confirmation", "cancel")]

    @staticmethod
    def _prepare_return(dispatcher: CollectingDispatcher, order, system) -> list:
        lines = [line for line in order.lines if line.returnable]
        if not lines:
            dispatcher.utter_message(text=f"Sorry, nothing on order #{order.order_number} can be returned (final sale).")
            return []
        chosen = [SlotSet("return_item", lines[0].sku)] if len(lines) == 1 else []
        return chosen + [ActiveLoop("return_form")]

    @staticmethod
    def _change_reply(order) -> str:
        if order.state.value in ("pending", "paid", "packed"):
            return (f"Order #{order.order_number} hasn't shipped yet, so it can still be changed. Tell a colleague "
                    "the new address or items: say \"agent\" and they'll update it before it ships.")
        return (f"Order #{order.order_number} {replies.STATE_PHRASES[order.state]}, so it can't be changed any more. "
                "You can return items you don't want once they arrive.")


class ValidateReturnForm(FormValidationAction):
    """The item to return must be on the order; the reason is one of ours or free text."""

    def name(self) -> str:
        return "validate_return_form"

    def validate_return_item(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        order = services.orders().orders.find_order(tracker.get_slot("order_id") or "")
        skus = {line.sku for line in order.lines} if order else set()
        if value in skus:
            return {"return_item": value}
        dispatcher.utter_message(text="Please pick one of the items from the buttons above.")
        return {"return_item": None}

    def validate_return_reason(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        reason = str(value or "").strip()
        return {"return_reason": reason[:200]} if reason else {"return_reason": None}


class ActionAskReturnItem(Action):
    """Ask which item of the order goes back, with its returnable items as buttons."""

    def name(self) -> str:
        return "action_ask_return_item"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        try:
            order = services.orders().orders.find_order(tracker.get_slot("order_id") or "")
        except OrderSystemUnavailable:
            return unavailable(dispatcher) + [ActiveLoop(None)]
        lines = [line for line in order.lines if line.returnable] if order else []
        dispatcher.utter_message(
            text="Which item would you like to return?",
            buttons=[{"title": line.title[:20], "payload": f'/inform{{"order_item":"{line.sku}"}}'} for line in lines],
        )
        return []


class ActionAskReturnReason(Action):
    """Ask why the item goes back, with the usual reasons as buttons."""

    def name(self) -> str:
        return "action_ask_return_reason"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        dispatcher.utter_message(
            text="What's the reason for the return?",
            buttons=[{"title": title, "payload": f'/inform{{"return_reason":"{key}"}}'} for key, title in RETURN_REASONS.items()],
        )
        return []


class ActionConfirmReturn(Action):
    """Ask the shopper to confirm the return before anything is requested."""

    def name(self) -> str:
        return "action_confirm_return"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        sku, reason = tracker.get_slot("return_item"), tracker.get_slot("return_reason")
        reason_text = RETURN_REASONS.get(reason, reason)
        dispatcher.utter_message(
            text=f"Return {sku} from order #{tracker.get_slot('order_id')} because: {reason_text}. Shall I start it?",
            buttons=[{"title": "Yes, start it", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
        )
        return [SlotSet("pending_confirmation", "return")]


class ActionConfirmOrderTask(Action):
    """On yes: carry out the pending cancel or return once; on no: drop it."""

    def name(self) -> str:
        return "action_confirm_order_task"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        pending = tracker.get_slot("pending_confirmation")
        number = tracker.get_slot("order_id")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        clear = [SlotSet("pending_confirmation", None), SlotSet("return_item", None), SlotSet("return_reason", None)]
        if not pending or not number or not is_owner(tracker, number):
            dispatcher.utter_message(response="utter_anything_else")
            return clear
        if intent != "affirm":
            dispatcher.utter_message(text=f"OK, I've left order #{number} as it is. Anything else?")
            return clear
        system = services.orders().orders
        try:
            if pending == "cancel":
                result = system.cancel_order(number, idempotency_key(tracker, "cancel", number))
                dispatcher.utter_message(text=replies.cancel_outcome(number, result))
            else:
                sku = tracker.get_slot("return_item")
                result = system.request_return(
                    number, [sku], tracker.get_slot("return_reason") or "unspecified",
                    idempotency_key(tracker, f"return:{sku}", number),
                )
                dispatcher.utter_message(text=replies.return_outcome(number, result, system.return_policy()))
        except OrderSystemUnavailable:
            return clear + unavailable(dispatcher)
        return clear


class ActionReturnPolicy(Action):
    """The store's return policy."""

    def name(self) -> str:
        return "action_return_policy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        try:
            dispatcher.utter_message(text=replies.return_policy(services.orders().orders.return_policy()))
        except OrderSystemUnavailable:
            return unavailable(dispatcher)
        return []


class ActionDeliveryOptions(Action):
    """Delivery methods, prices and times for the shopper's country (the US unless known)."""

    def name(self) -> str:
        return "action_delivery_options"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        country = "US"
        try:
            system = services.orders().orders
            customer = linked_customer(tracker)
            if customer and customer.country:
                country = customer.country
            dispatcher.utter_message(text=replies.delivery_options(system.delivery_options(country), country))
        except OrderSystemUnavailable:
            return unavailable(dispatcher)
        return []


class ActionRouteInform(Action):
    """A bare answer outside a form: an order number opens the order form, anything else refines the search."""

    def __init__(self, catalog=None) -> None:
        self._search = ActionSearchProducts(catalog)

    def name(self) -> str:
        return "action_route_inform"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        number = normalize_order_number(first_entity(tracker, "order_id"))
        if number:
            task = tracker.get_slot("order_task") or "status"
            return [SlotSet("order_id", number), SlotSet("order_task", task), ActiveLoop("order_form")]
        return self._search.run(dispatcher, tracker, domain)
