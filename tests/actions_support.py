"""Run actions the way the action server does: a tracker from a dict, a collecting dispatcher."""

from __future__ import annotations

import asyncio
import inspect

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(sender: str = "web:tester", text: str = "", intent: str = "search_product", entities=None,
            slots: dict | None = None, events: list | None = None, ranking: list | None = None) -> Tracker:
    """A tracker whose latest message is `text` with the given intent and entities."""
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9},
              "entities": entities or [], "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}]}
    history = list(events or []) + [{"event": "user", "text": text, "parse_data": latest}]
    return Tracker(sender, slots or {}, latest, history, False, None, {}, "action_listen")


def entity(name: str, value: str, role: str | None = None) -> dict:
    """One entity as Rasa reports it."""
    found = {"entity": name, "value": value}
    if role:
        found["role"] = role
    return found


def run(action, tracker_: Tracker) -> tuple[list[dict], list[dict]]:
    """(messages, events) of one action run."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker_, {})
    if inspect.isawaitable(result):
        result = asyncio.run(result)
    return dispatcher.messages, result


def slots_set(events: list[dict]) -> dict:
    """The slot values an action set."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def text_of(messages: list[dict]) -> str:
    """All text the action uttered."""
    return "\n".join(m.get("text") or "" for m in messages)
