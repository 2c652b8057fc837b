"""The durable inbox on SQLite, Redis and PostgreSQL: dedup, per-conversation order, leases, retries, restarts."""

from __future__ import annotations

import threading
import time

import pytest

from api.inbound import InboundMessage, ReplyAddress
from api.inbox import open_inbox
from tests.inbox_backends import inbox_url

BACKENDS = [
    "sqlite",
    pytest.param("redis", marks=pytest.mark.redis),
    pytest.param("postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    with inbox_url(request.param, tmp_path) as made:
        yield made


@pytest.fixture
def inbox(url):
    opened = open_inbox(url)
    yield opened
    opened.close()


def message(conversation: str, n: int, channel: str = "whatsapp") -> InboundMessage:
    return InboundMessage(channel=channel, message_id=f"{conversation}-{n}",
                          address=ReplyAddress(channel=channel, phone=conversation), kind="text", text=f"m{n}")


def test_redelivered_message_is_stored_once(inbox):
    assert inbox.put(message("1555", 1)) is True
    assert inbox.put(message("1555", 1)) is False
    assert inbox.pending() == 1


def test_a_conversation_is_held_by_one_worker_at_a_time(inbox):
    inbox.put(message("1555", 1))
    inbox.put(message("1555", 2))
    first = inbox.claim("worker-a", 30)
    assert first.message.text == "m1" and first.attempts == 1
    assert inbox.claim("worker-b", 30) is None
    inbox.complete(first, "answered")
    second = inbox.claim("worker-b", 30)
    assert second.message.text == "m2"


def test_other_conversations_proceed_while_one_is_held(inbox):
    inbox.put(message("1555", 1))
    inbox.put(message("1666", 1))
    a, b = inbox.claim("w1", 30), inbox.claim("w2", 30)
    assert {a.message.conversation, b.message.conversation} == {"whatsapp:1555", "whatsapp:1666"}


def test_message_retried_later_stays_ahead_of_its_successors(inbox):
    inbox.put(message("1555", 1))
    inbox.put(message("1555", 2))
    first = inbox.claim("w1", 30)
    inbox.retry_later(first, 0.3)
    assert inbox.claim("w1", 30) is None
    time.sleep(0.35)
    again = inbox.claim("w2", 30)
    assert again.message.text == "m1" and again.attempts == 2


def test_an_expired_lease_lets_another_worker_take_over(inbox):
    inbox.put(message("1555", 1))
    inbox.claim("crashed", 0.2)
    time.sleep(0.3)
    assert inbox.claim("w2", 30).message.text == "m1"


def test_outbound_progress_survives_a_reopen(url):
    first = open_inbox(url)
    first.put(message("1555", 1))
    item = first.claim("w1", 0.2)
    item = first.save_outbound(item, [{"type": "text", "n": 1}, {"type": "text", "n": 2}])
    first.mark_sent(item, 1)
    first.close()
    time.sleep(0.3)
    reopened = open_inbox(url)
    again = reopened.claim("w2", 30)
    assert again.outbound == ({"type": "text", "n": 1}, {"type": "text", "n": 2}) and again.sent == 1
    reopened.complete(again, "answered")
    assert reopened.outcome(message("1555", 1)) == "answered" and reopened.pending() == 0
    assert reopened.put(message("1555", 1)) is False
    reopened.close()


def test_handoffs_open_list_and_release(inbox):
    inbox.open_handoff("whatsapp:1555", "asked for a person")
    inbox.open_handoff("messenger:42", "complaint")
    assert inbox.in_handoff("whatsapp:1555") and not inbox.in_handoff("whatsapp:1666")
    assert [h.conversation for h in inbox.handoffs()] == ["whatsapp:1555", "messenger:42"]
    assert inbox.release_handoff("whatsapp:1555") is True
    assert inbox.release_handoff("whatsapp:1555") is False
    assert [h.conversation for h in inbox.handoffs()] == ["messenger:42"]


def test_many_workers_process_each_message_once_and_in_order(url):
    inboxes = [open_inbox(url) for _ in range(2)]
    conversations = [f"1555000{c}" for c in range(6)]
    for n in range(10):
        for conversation in conversations:
            assert inboxes[n % 2].put(message(conversation, n))
            inboxes[(n + 1) % 2].put(message(conversation, n))
    processed: list[tuple[str, str]] = []
    lock = threading.Lock()

    def work(inbox, owner):
        idle_since = time.monotonic()
        while time.monotonic() - idle_since < 1.0:
            item = inbox.claim(owner, 30)
            if item is None:
                time.sleep(0.01)
                continue
            idle_since = time.monotonic()
            with lock:
                processed.append((item.message.conversation, item.message.text))
            time.sleep(0.001)
            inbox.complete(item, "answered")

    threads = [threading.Thread(target=work, args=(inboxes[i % 2], f"w{i}")) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(processed) == 60 == len(set(processed))
    for conversation in conversations:
        texts = [text for conv, text in processed if conv == f"whatsapp:{conversation}"]
        assert texts == [f"m{n}" for n in range(10)]
    for inbox in inboxes:
        inbox.close()


def test_unknown_inbox_scheme_is_refused():
    with pytest.raises(ValueError):
        open_inbox("mongodb://x")
