"""What flows through notifications: who (a channel identity), what they asked for, what we tell them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum


class AlertKind(str, Enum):
    """What a shopper waits for on a product."""

    BACK_IN_STOCK = "back_in_stock"
    PRICE_DROP = "price_drop"


class NoticeKind(str, Enum):
    """Kinds of proactive message; order updates are transactional, alerts are promotional."""

    ORDER_UPDATE = "order_update"
    BACK_IN_STOCK = "back_in_stock"
    PRICE_DROP = "price_drop"

    @property
    def promotional(self) -> bool:
        """True for messages platforms treat as marketing (never sent with a transactional tag or template)."""
        return self is not NoticeKind.ORDER_UPDATE


@dataclass(frozen=True, slots=True)
class ChannelIdentity:
    """A person on one channel: `whatsapp` + phone/BSUID, `messenger` + PSID, `wechat` + openid."""

    channel: str
    user_id: str

    @classmethod
    def from_sender(cls, sender_id: str) -> "ChannelIdentity":
        """From a Rasa sender id such as `whatsapp:15551234567`."""
        channel, _, user_id = sender_id.partition(":")
        if not channel or not user_id:
            raise ValueError("sender id must look like '<channel>:<id>'")
        return cls(channel, user_id)

    @property
    def sender_id(self) -> str:
        """The Rasa sender id of this person."""
        return f"{self.channel}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class ProductAlert:
    """A shopper's request to hear when a product (in a size/colour) is back or cheaper."""

    alert_id: int
    identity: ChannelIdentity
    product_id: str
    kind: AlertKind
    size: str | None = None
    color: str | None = None
    baseline_price: Decimal | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """One proactive message to one person, idempotent by `event_id`; `params` fill a platform template."""

    event_id: str
    identity: ChannelIdentity
    kind: NoticeKind
    text: str
    params: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LoggedNotice:
    """A notice in the sent-log, with what became of it."""

    notice: Notice
    status: str
    reason: str | None = None
