"""What arrives from a channel, parsed once at the edge: messages to answer and delivery statuses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: Kinds whose `text` goes to Rasa; every other kind gets the polite "what I can read" reply.
READABLE_KINDS = frozenset({"text", "button_reply", "list_reply", "button", "quick_reply", "postback",
                            "voice_recognition", "menu_click", "follow"})
#: Kinds that need no answer at all (a reaction to one of our messages, a WeChat unfollow or other event).
SILENT_KINDS = frozenset({"reaction", "unsubscribe", "event"})


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyAddress:
    """Where replies go: a WhatsApp phone number and/or business-scoped user id, or a Messenger PSID."""

    channel: str
    phone: str | None = None
    user_id: str | None = None

    @property
    def key(self) -> str:
        """The stable id of the person on this channel (BSUID or PSID first, then phone)."""
        return self.user_id or self.phone or ""


@dataclass(frozen=True, slots=True, kw_only=True)
class InboundMessage:
    """One message from a shopper, channel-neutral; `text` is what Rasa reads."""

    channel: str
    message_id: str
    address: ReplyAddress
    kind: str
    text: str = ""
    profile_name: str | None = None
    timestamp: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def conversation(self) -> str:
        """The Rasa sender id: the channel name, a colon, the person's id on that channel."""
        return f"{self.channel}:{self.address.key}"

    @property
    def dedup_key(self) -> str:
        """Unique per platform message; Meta redelivers with the same id."""
        return f"{self.channel}:{self.message_id}"

    @property
    def readable(self) -> bool:
        """True when the assistant can act on this message's text."""
        return self.kind in READABLE_KINDS and bool(self.text.strip())

    @property
    def silent(self) -> bool:
        """True when no reply is expected."""
        return self.kind in SILENT_KINDS

    def metadata(self) -> dict:
        """What Rasa gets next to the text."""
        meta = {"channel": self.channel, "message_id": self.message_id, "kind": self.kind}
        if self.profile_name:
            meta["profile_name"] = self.profile_name
        return meta

    def to_dict(self) -> dict:
        """JSON-ready form, for the inbox."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "InboundMessage":
        """Inverse of `to_dict`."""
        return cls(**{**data, "address": ReplyAddress(**data["address"])})


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusUpdate:
    """What became of a message we sent: sent, delivered, read or failed (with error codes)."""

    channel: str
    message_id: str
    status: str
    errors: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class WebhookBatch:
    """Everything one webhook call carried."""

    messages: tuple[InboundMessage, ...] = ()
    statuses: tuple[StatusUpdate, ...] = ()
    ignored: int = 0
    malformed: int = 0


def as_dict(value: object) -> dict:
    """The value if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list:
    """The value if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def as_str(value: object) -> str | None:
    """The value as a non-empty string (numbers included), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        text = str(value).strip()
        return text or None
    return None


def as_int(value: object) -> int:
    """The value as an integer, 0 when it is not one."""
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def payload_or_title(payload: object, title: object) -> str:
    """A tapped button's text for Rasa: our `/intent` payload when it is one, else what the shopper saw."""
    payload_text, title_text = as_str(payload), as_str(title)
    if payload_text and payload_text.startswith("/"):
        return payload_text
    return title_text or payload_text or ""
