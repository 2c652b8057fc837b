"""The durable inbox: what it stores and what every backend (SQL, Redis) must offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from api.inbound import InboundMessage


@dataclass(frozen=True, slots=True)
class InboxItem:
    """A claimed message: the head of its conversation, leased to one worker."""

    seq: int
    message: InboundMessage
    owner: str
    attempts: int = 0
    outbound: tuple[dict, ...] | None = None
    sent: int = 0


@dataclass(frozen=True, slots=True)
class Handoff:
    """A conversation waiting for a human agent; the bot stays quiet until it is released."""

    conversation: str
    reason: str
    opened_at: float


class Inbox(Protocol):
    """Durable, deduplicated, ordered per conversation, shared by every worker of every bridge."""

    def put(self, message: InboundMessage) -> bool:
        """Store a message; False when its platform id was seen before."""

    def claim(self, owner: str, lease_seconds: float) -> InboxItem | None:
        """The oldest ready message of a conversation nobody else holds, leased to `owner`."""

    def save_outbound(self, item: InboxItem, outbound: list[dict]) -> InboxItem:
        """Remember the rendered replies, so a retry resends exactly these and nothing twice."""

    def mark_sent(self, item: InboxItem, sent: int) -> InboxItem:
        """Record that the first `sent` outbound messages were delivered to the platform."""

    def complete(self, item: InboxItem, outcome: str) -> None:
        """Finish the message and free its conversation for the next one."""

    def retry_later(self, item: InboxItem, delay_seconds: float) -> None:
        """Put the message back at the head of its conversation, ready after a delay."""

    def pending(self) -> int:
        """Messages not finished yet."""

    def outcome(self, message: InboundMessage) -> str | None:
        """How a stored message ended (None while pending or unknown)."""

    def open_handoff(self, conversation: str, reason: str) -> None:
        """Pause the bot for this conversation."""

    def release_handoff(self, conversation: str) -> bool:
        """Give the conversation back to the bot; False when it was not in handoff."""

    def handoffs(self) -> list[Handoff]:
        """Open handoffs, oldest first."""

    def in_handoff(self, conversation: str) -> bool:
        """True while an agent owns the conversation."""

    def close(self) -> None:
        """Release connections."""
