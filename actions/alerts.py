"""Alert actions: tell me when a product is back or cheaper; stop all messages I did not ask for."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.conversation import first_entity, shopper_text
from actions.products import _catalog, ask_which_product, resolve_product
from assistant.notifications.model import AlertKind

log = logging.getLogger(__name__)
PRICE_WORDS = re.compile(r"\b(cheaper|price|sale|discount|drops?|reduced|goes down)\b", re.I)


def alert_kind(text: str) -> AlertKind:
    """A price-drop alert when the shopper talks about price, otherwise back-in-stock."""
    return AlertKind.PRICE_DROP if PRICE_WORDS.search(text) else AlertKind.BACK_IN_STOCK


class ActionSubscribeAlert(Action):
    """Record a back-in-stock or price-drop alert for the product (and size/colour) in question."""

    def __init__(self, catalog=None) -> None:
        self._catalog = catalog

    def name(self) -> str:
        return "action_subscribe_alert"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        index = _catalog(self)
        product = resolve_product(index, tracker)
        if product is None:
            return ask_which_product(dispatcher, tracker, index)
        size, color = first_entity(tracker, "size"), first_entity(tracker, "color")
        kind = alert_kind(shopper_text(tracker))
        variant = " ".join(filter(None, [color, f"size {size}" if size else None]))
        what = f"the {product.title}" + (f" in {variant}" if variant else "")
        in_stock_now = any(
            v.in_stock and (not size or (v.size or "").lower() == size.lower())
            and (not color or (v.color or "").lower() == color.lower())
            for v in product.variants
        )
        if kind is AlertKind.BACK_IN_STOCK and in_stock_now:
            dispatcher.utter_message(text=f"Good news: {what} is in stock right now, no need to wait!")
            return []
        services.subscriptions().subscribe(tracker.sender_id, product.id, size=size, color=color, kind=kind)
        event = "is back in stock" if kind is AlertKind.BACK_IN_STOCK else "gets cheaper"
        dispatcher.utter_message(
            text=f"Done: I'll message you here once when {what} {event}. Say \"stop\" any time to stop messages."
        )
        return []


class ActionStopNotifications(Action):
    """Opt out of every proactive message on this channel at once."""

    def name(self) -> str:
        return "action_stop_notifications"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        services.subscriptions().opt_out(tracker.sender_id)
        dispatcher.utter_message(response="utter_notifications_stopped")
        return []
