"""Proving that a shopper owns an order, without revealing which orders exist."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Protocol

from assistant.orders.model import Order, normalize_order_number
from assistant.orders.system import OrderSystem


class Verification(str, Enum):
    """The only answers a shopper-facing caller gets; "no such order" is NOT_VERIFIED too."""

    VERIFIED = "verified"
    NOT_VERIFIED = "not_verified"
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class AttemptLimits:
    """How many failed proofs are tolerated, per conversation and per sender, in a window."""

    per_conversation: int = 3
    conversation_window: timedelta = timedelta(hours=24)
    per_sender: int = 5
    sender_window: timedelta = timedelta(hours=1)


class AttemptLedger(Protocol):
    """Durable record of failed verification attempts, keyed by opaque subjects."""

    def record_failure(self, subjects: Sequence[str], at: datetime) -> None:
        """Count one failed attempt against every subject."""
        ...

    def failures_since(self, subject: str, since: datetime) -> int:
        """Failed attempts of a subject at or after `since`."""
        ...


def normalize_email(text: str | None) -> str:
    """Email for comparison: no whitespace, lower case."""
    return "".join((text or "").split()).lower()


def normalize_postcode(text: str | None) -> str:
    """Postcode for comparison: no whitespace or hyphens, upper case."""
    return "".join((text or "").split()).replace("-", "").upper()


def _same(given: str, expected: str) -> bool:
    """Constant-time equality of normalized strings; an empty claim never matches."""
    equal = hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
    return equal and bool(given)


def proof_matches(order: Order | None, email: str | None, postcode: str | None) -> bool:
    """Whether the email or postcode matches the order (always compares both, even without an order)."""
    expected_email = normalize_email(order.email) if order else "\x00no-order"
    expected_postcode = normalize_postcode(order.shipping_postcode) if order else "\x00NO-ORDER"
    email_ok = _same(normalize_email(email), expected_email)
    postcode_ok = _same(normalize_postcode(postcode), expected_postcode)
    return order is not None and (email_ok or postcode_ok)


def attempt_subject(kind: str, value: str) -> str:
    """Pseudonymous ledger key for a conversation or sender (raw ids are never stored)."""
    return hashlib.blake2b(f"{kind}:{value}".encode("utf-8"), digest_size=16).hexdigest()


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class OwnershipVerifier:
    """Checks order-number-plus-email/postcode proofs and linked chat identities, with lockout."""

    def __init__(
        self,
        orders: OrderSystem,
        ledger: AttemptLedger,
        limits: AttemptLimits = AttemptLimits(),
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._orders = orders
        self._ledger = ledger
        self._limits = limits
        self._clock = clock

    def verify(
        self,
        order_number: str,
        *,
        conversation_id: str,
        sender_id: str,
        email: str | None = None,
        postcode: str | None = None,
    ) -> Verification:
        """VERIFIED when the proof matches the order; NOT_VERIFIED for any miss; LOCKED past the limits."""
        if self.is_locked(conversation_id=conversation_id, sender_id=sender_id):
            return Verification.LOCKED
        number = normalize_order_number(order_number)
        order = self._orders.find_order(number) if number else None
        if proof_matches(order, email, postcode):
            return Verification.VERIFIED
        subjects = [attempt_subject("conversation", conversation_id), attempt_subject("sender", sender_id)]
        self._ledger.record_failure(subjects, self._clock())
        if self.is_locked(conversation_id=conversation_id, sender_id=sender_id):
            return Verification.LOCKED
        return Verification.NOT_VERIFIED

    def is_locked(self, *, conversation_id: str, sender_id: str) -> bool:
        """Whether this conversation or sender has used up its failed attempts."""
        now = self._clock()
        limits = self._limits
        conversation_failures = self._ledger.failures_since(
            attempt_subject("conversation", conversation_id), now - limits.conversation_window
        )
        sender_failures = self._ledger.failures_since(
            attempt_subject("sender", sender_id), now - limits.sender_window
        )
        return conversation_failures >= limits.per_conversation or sender_failures >= limits.per_sender

    def linked_owner(self, order_number: str, channel: str, channel_user_id: str) -> bool:
        """Whether this chat identity is linked to the customer who placed the order."""
        customer = self._orders.customer_for_identity(channel, channel_user_id)
        number = normalize_order_number(order_number)
        if customer is None or number is None:
            return False
        order = self._orders.find_order(number)
        return order is not None and order.customer_id == customer.customer_id
