"""Handle one inbox message: Rasa, render for the channel, send each reply exactly once, finish."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from api.graph import GraphOutcomeUnknown, GraphRejected, GraphRetryLater
from api.inbox.model import Inbox, InboxItem
from api.masking import mask_id
from api.rasa_client import RasaClient, RasaUnavailable
from api.rate_limit import SlidingWindowLimiter
from api.replies import Reply, read_replies
from api.senders import Sender

log = logging.getLogger(__name__)

CANNOT_READ = (
    "Sorry, I can only read text messages and button taps for now. "
    "I can help you find products, answer questions about them and check on your orders: just type your question."
)
TOO_FAST = "You're sending messages faster than I can answer. Please wait a moment, then try again."


@dataclass(frozen=True)
class ChannelOut:
    """How one channel answers: a renderer from replies to platform messages, and a sender."""

    render: Callable[[list[Reply]], list[dict]]
    sender: Sender


class Processor:
    """Turns a claimed inbox item into sent replies; every outcome ends in `complete` or `retry_later`."""

    def __init__(self, inbox: Inbox, rasa: RasaClient, channels: dict[str, ChannelOut],
                 limiter: SlidingWindowLimiter, retry_max_seconds: float = 30.0) -> None:
        self.inbox, self.rasa, self.channels = inbox, rasa, channels
        self.limiter, self.retry_max_seconds = limiter, retry_max_seconds
        self.notices = SlidingWindowLimiter(1, limiter.window, limiter.clock)

    def handle(self, item: InboxItem) -> str:
        """Process one item; return its outcome (also recorded in the inbox unless it waits for a retry)."""
        message = item.message
        who = f"{message.channel}:{mask_id(message.address.key)}"
        channel = self.channels.get(message.channel)
        if channel is None:
            return self._finish(item, "channel_disabled")
        if item.outbound is None:
            replies = self._replies(item, channel)
            if isinstance(replies, str):
                return replies
            item = self.inbox.save_outbound(item, channel.render(replies))
        for index in range(item.sent, len(item.outbound or ())):
            try:
                channel.sender.send(message.address, item.outbound[index])
            except GraphRetryLater as error:
                log.warning("send to %s postponed %.1fs: %s", who, error.retry_after, error)
                self.inbox.retry_later(item, min(error.retry_after, self.retry_max_seconds * 4))
                return "send_postponed"
            except GraphRejected as error:
                log.warning("send to %s refused, not retried: %s", who, error)
                return self._finish(item, f"refused:{error.code}")
            except GraphOutcomeUnknown as error:
                log.warning("send to %s may or may not have arrived; not resent: %s", who, error)
            item = self.inbox.mark_sent(item, index + 1)
        return self._finish(item, "answered")

    def _replies(self, item: InboxItem, channel: ChannelOut) -> list[Reply] | str:
        """The replies to send, or an outcome string when there is nothing to send (or Rasa must be retried)."""
        message = item.message
        if self.inbox.in_handoff(message.conversation):
            return self._finish(item, "handoff")
        if message.silent:
            return self._finish(item, "ignored")
        if item.attempts == 1 and not self.limiter.allow(message.conversation):
            return [Reply(text=TOO_FAST)] if self.notices.allow(message.conversation) \
                else self._finish(item, "rate_limited")
        if item.attempts == 1:
            channel.sender.acknowledge(message)
        if not message.readable:
            return [Reply(text=CANNOT_READ)]
        try:
            raw = self.rasa.send(message.conversation, message.text, message.metadata())
        except RasaUnavailable as error:
            delay = min(self.retry_max_seconds, 0.5 * 2 ** min(item.attempts, 10)) * random.uniform(0.8, 1.0)
            log.warning("Rasa unavailable for %s (attempt %d), retry in %.1fs: %s",
                        f"{message.channel}:{mask_id(message.address.key)}", item.attempts, delay, error)
            self.inbox.retry_later(item, delay)
            return "waiting_for_rasa"
        replies = read_replies(raw)
        for reply in replies:
            if reply.handoff_reason:
                self.inbox.open_handoff(message.conversation, reply.handoff_reason)
                log.info("handoff opened for %s", f"{message.channel}:{mask_id(message.address.key)}")
        return replies

    def _finish(self, item: InboxItem, outcome: str) -> str:
        self.inbox.complete(item, outcome)
        return outcome
