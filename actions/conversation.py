"""Reading the tracker: the shopper's words, entities, and what happened in earlier turns."""

from __future__ import annotations

from rasa_sdk import Tracker

FALLBACK_INTENT = "nlu_fallback"


def entity_values(tracker: Tracker, name: str) -> list[str]:
    """Values of one entity in the latest message, in order."""
    return [
        str(e["value"]) for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == name and e.get("value") is not None
    ]


def first_entity(tracker: Tracker, name: str) -> str | None:
    """The first value of one entity in the latest message."""
    values = entity_values(tracker, name)
    return values[0] if values else None


def user_messages(tracker: Tracker) -> list[dict]:
    """The shopper's messages, oldest first."""
    return [e for e in tracker.events if e.get("event") == "user"]


def shopper_text(tracker: Tracker) -> str:
    """The latest words the shopper typed; after a clicked clarification button, the words that were unclear."""
    text = (tracker.latest_message.get("text") or "").strip()
    if not text.startswith("/"):
        return text
    earlier = user_messages(tracker)[:-1]
    if earlier and (earlier[-1].get("parse_data", {}).get("intent") or {}).get("name") == FALLBACK_INTENT:
        return (earlier[-1].get("text") or "").strip()
    return ""
