"""Ownership verification rules, with an in-memory ledger and order book (no database)."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from assistant.orders.identity import (
    AttemptLimits,
    OwnershipVerifier,
    Verification,
    normalize_email,
    normalize_postcode,
    proof_matches,
)
from assistant.orders.model import Customer, Order, OrderLine, OrderState


class Clock:
    def __init__(self):
        self.now = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)

    def __call__(self):
        return self.now


class MemoryLedger:
    def __init__(self):
        self.failures: list[tuple[str, datetime]] = []

    def record_failure(self, subjects, at):
        self.failures += [(s, at) for s in subjects]

    def failures_since(self, subject, since):
        return sum(1 for s, at in self.failures if s == subject and at >= since)


ORDER = Order(
    order_number="100101", customer_id="cus_alice", state=OrderState.DELIVERED,
    placed_at=datetime(2025, 3, 1, tzinfo=timezone.utc),
    lines=(OrderLine("WT04-M-Blue", "Nona Fitness Tank", 1, Decimal("39.00")),),
    email="Alice.Martin@example.com", shipping_postcode="SW1A 1AA", shipping_country="GB",
)


class OrderBook:
    def __init__(self):
        self.lookups: list[str] = []
        self.links = {("web", "demo-alice"): Customer("cus_alice", "Alice", "alice@example.com")}

    def find_order(self, number):
        self.lookups.append(number)
        return ORDER if number == ORDER.order_number else None

    def customer_for_identity(self, channel, user_id):
        return self.links.get((channel, user_id))


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def ledger():
    return MemoryLedger()


@pytest.fixture
def verifier(clock, ledger):
    return OwnershipVerifier(OrderBook(), ledger, AttemptLimits(), clock)


def _verify(verifier, number="100101", conversation="conv-1", sender="web:s1", **proof):
    return verifier.verify(number, conversation_id=conversation, sender_id=sender, **proof)


@pytest.mark.parametrize("proof", [
    {"email": "alice.martin@example.com"},
    {"email": "  ALICE.MARTIN@EXAMPLE.COM "},
    {"postcode": "sw1a1aa"},
    {"postcode": " SW1A 1AA"},
    {"email": "wrong@example.com", "postcode": "SW1A-1AA"},
])
def test_matching_email_or_postcode_verifies(verifier, proof):
    assert _verify(verifier, number="#100101", **proof) is Verification.VERIFIED


@pytest.mark.parametrize("proof", [{"email": "alice@example.com"}, {"postcode": "SW1A 1AB"}, {}, {"email": ""}])
def test_wrong_or_missing_proof_is_not_verified(verifier, proof):
    assert _verify(verifier, **proof) is Verification.NOT_VERIFIED


def test_unknown_order_and_wrong_email_look_the_same(verifier, ledger):
    unknown = _verify(verifier, number="199999", conversation="a", email="alice.martin@example.com")
    wrong = _verify(verifier, number="100101", conversation="b", email="mallory@example.com")
    assert unknown == wrong == Verification.NOT_VERIFIED
    assert len(ledger.failures) == 4  # both count against conversation and sender alike


def test_third_failure_in_a_conversation_locks_it_even_for_the_right_proof(verifier):
    results = [_verify(verifier, email="bad@example.com") for _ in range(3)]
    assert results == [Verification.NOT_VERIFIED, Verification.NOT_VERIFIED, Verification.LOCKED]
    assert _verify(verifier, email="alice.martin@example.com") is Verification.LOCKED


def test_sender_is_locked_after_five_failures_across_conversations(verifier, clock):
    for n in range(5):
        _verify(verifier, conversation=f"c{n}", email="bad@example.com")
    assert _verify(verifier, conversation="fresh", email="alice.martin@example.com") is Verification.LOCKED
    assert _verify(verifier, conversation="fresh", sender="web:other",
                   email="alice.martin@example.com") is Verification.VERIFIED
    clock.now += timedelta(minutes=61)
    assert _verify(verifier, conversation="fresh", email="alice.martin@example.com") is Verification.VERIFIED


def test_locked_conversation_does_not_even_look_up_the_order(clock, ledger):
    book = OrderBook()
    verifier = OwnershipVerifier(book, ledger, AttemptLimits(per_conversation=1), clock)
    _verify(verifier, email="bad@example.com")
    book.lookups.clear()
    assert _verify(verifier, email="alice.martin@example.com") is Verification.LOCKED
    assert book.lookups == []


def test_ledger_keys_are_pseudonymous(verifier, ledger):
    _verify(verifier, conversation="whatsapp:15550001111", sender="whatsapp:15550001111", email="x@example.com")
    assert ledger.failures and all("15550001111" not in subject for subject, _ in ledger.failures)


def test_linked_identity_owns_its_customers_orders_only(verifier):
    assert verifier.linked_owner("#100101", "web", "demo-alice") is True
    assert verifier.linked_owner("199999", "web", "demo-alice") is False
    assert verifier.linked_owner("100101", "web", "someone-else") is False
    assert verifier.linked_owner("100101", "whatsapp", "demo-alice") is False


def test_proof_normalizers():
    assert normalize_email(" A.B@Example.COM ") == "a.b@example.com"
    assert normalize_postcode("sw1a-1aa ") == "SW1A1AA"
    assert proof_matches(None, "alice.martin@example.com", "SW1A 1AA") is False
