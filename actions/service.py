"""Service actions: clarify unclear messages, hand over to a person, store policies."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import FALLBACK_INTENT, user_messages

# How each intent is offered back to the shopper when a message was unclear.
INTENT_CHOICES = {
    "search_product": "Find a product",
    "product_question": "Ask about a product",
    "show_more": "See more results",
    "compare_products": "Compare products",
    "order_status": "Track an order",
    "cancel_order": "Cancel an order",
    "change_order": "Change an order",
    "return_item": "Return an item",
    "refund_status": "Check a refund",
    "return_policy": "Return policy",
    "delivery_options": "Delivery options",
    "payment_methods": "Ways to pay",
    "payment_issue": "Payment problem",
    "invoice": "Get an invoice",
    "store_info": "Store hours & contact",
    "human_handoff": "Talk to a person",
    "complaint": "Make a complaint",
    "account_help": "Account help",
    "help": "What can you do?",
    "subscribe_alert": "Stock & price alerts",
}


def likeliest_intents(ranking: list[dict], count: int = 2) -> list[str]:
    """The most likely intents that can be offered as choices, best first."""
    return [r["name"] for r in ranking if r.get("name") in INTENT_CHOICES][:count]


def failed_twice(tracker: Tracker) -> bool:
    """True when the shopper's previous message was unclear too."""
    messages = user_messages(tracker)
    return len(messages) >= 2 and (messages[-2].get("parse_data", {}).get("intent") or {}).get("name") == FALLBACK_INTENT


class ActionClarify(Action):
    """Low NLU confidence: offer the two likeliest meanings; on a second miss, offer a person."""

    def name(self) -> str:
        return "action_clarify"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        if failed_twice(tracker):
            dispatcher.utter_message(response="utter_offer_human")
            return []
        choices = likeliest_intents(tracker.latest_message.get("intent_ranking") or [])
        if not choices:
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(
            text="Sorry, I'm not sure I understood. Did you mean one of these?",
            buttons=[{"title": INTENT_CHOICES[name], "payload": f"/{name}"} for name in choices]
            + [{"title": "Something else", "payload": "/help"}],
        )
        return []


class ActionHandoff(Action):
    """Pause the bot for this conversation and mark it for an agent."""

    def name(self) -> str:
        return "action_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        dispatcher.utter_message(response="utter_handoff")
        dispatcher.utter_message(json_message={"type": "handoff", "reason": _handoff_reason(tracker)})
        return [SlotSet("handoff_requested", True), ConversationPaused()]


def _handoff_reason(tracker: Tracker) -> str:
    intents = [(m.get("parse_data", {}).get("intent") or {}).get("name") for m in user_messages(tracker)]
    if "complaint" in intents:
        return "complaint"
    if intents.count(FALLBACK_INTENT) >= 2:
        return "not_understood"
    return "requested"
