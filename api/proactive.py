"""Send queued proactive messages under each platform's rules, record every outcome, never send one twice."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from datetime import datetime, timezone

from api.config import ProactiveSettings, WeChatSettings
from api.graph import GraphClient, GraphOutcomeUnknown, GraphRejected, GraphRetryLater
from api.masking import mask_id
from api.proactive_policy import Plan, plan
from assistant.notifications.model import ChannelIdentity
from assistant.notifications.orders import OrderUpdates
from assistant.notifications.store import NotificationStore

log = logging.getLogger(__name__)
Deliver = Callable[[ChannelIdentity, Plan], None]


def _now() -> datetime:
    return datetime.now(timezone.utc)


class ProactiveDispatcher:
    """Claims pending notices, checks consent and the window, sends through the channel, records the outcome."""

    def __init__(self, store: NotificationStore, deliver: dict[str, Deliver], proactive: ProactiveSettings,
                 wechat: WeChatSettings | None = None, clock: Callable[[], datetime] = _now) -> None:
        self.store, self.deliver, self.proactive, self.wechat, self.clock = store, deliver, proactive, wechat, clock

    def run_once(self) -> dict[str, int]:
        """Handle every pending notice once; returns counts by outcome."""
        counts: dict[str, int] = {}
        for notice in self.store.claim_pending():
            outcome = self._handle(notice)
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    def _handle(self, notice) -> str:
        who = f"{notice.identity.channel}:{mask_id(notice.identity.user_id)}"
        if not self.store.consents(notice.identity):
            self.store.finish(notice, "skipped", "opted_out")
            return "skipped"
        deliver = self.deliver.get(notice.identity.channel)
        if deliver is None:
            self.store.finish(notice, "skipped", f"channel_{notice.identity.channel}_disabled")
            return "skipped"
        decision = plan(notice, self.store.last_message_at(notice.identity), self.clock(), self.proactive, self.wechat)
        if not decision.sends:
            log.info("proactive %s to %s not sent: %s", notice.kind.value, who, decision.reason)
            self.store.finish(notice, "skipped", decision.reason)
            return "skipped"
        try:
            deliver(notice.identity, decision)
        except GraphRetryLater as error:
            log.warning("proactive %s to %s postponed: %s", notice.kind.value, who, error)
            self.store.release(notice)
            return "postponed"
        except GraphRejected as error:
            self.store.finish(notice, "failed", str(error))
            return "failed"
        except GraphOutcomeUnknown as error:
            self.store.finish(notice, "unknown", str(error))
            return "unknown"
        self.store.finish(notice, "sent", decision.reason)
        log.info("proactive %s sent to %s (%s)", notice.kind.value, who, decision.reason)
        return "sent"


def graph_deliveries(graph: GraphClient, settings) -> dict[str, Deliver]:
    """Senders of plans for the enabled Meta channels."""
    out: dict[str, Deliver] = {}
    wa, fb = settings.whatsapp, settings.messenger
    if wa.enabled:
        def whatsapp(identity: ChannelIdentity, decision: Plan) -> None:
            target = {"to": identity.user_id} if re.fullmatch(r"\d{6,}", identity.user_id) \
                else {"recipient": identity.user_id}
            graph.post(f"{wa.phone_number_id}/messages", wa.access_token,
                       {"messaging_product": "whatsapp", "recipient_type": "individual", **target, **decision.body},
                       retries=1)
        out["whatsapp"] = whatsapp
    if fb.enabled:
        def messenger(identity: ChannelIdentity, decision: Plan) -> None:
            graph.post("me/messages", fb.page_access_token, {"recipient": {"id": identity.user_id}, **decision.body},
                       retries=1)
        out["messenger"] = messenger
    return out


def wechat_delivery(client) -> Deliver:
    """Sender of plans through the WeChat API (custom send inside 48 hours, template message outside)."""
    def wechat(identity: ChannelIdentity, decision: Plan) -> None:
        client.post(decision.path, {"touser": identity.user_id, **decision.body})
    return wechat


class ProactiveLoop:
    """A background thread: poll the SQL order store (when enabled), then dispatch pending notices."""

    def __init__(self, dispatcher: ProactiveDispatcher, updates: OrderUpdates | None, poll: bool,
                 interval_seconds: float) -> None:
        self.dispatcher, self.updates, self.poll, self.interval = dispatcher, updates, poll, interval_seconds
        self._stop, self._wake = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> dict[str, int]:
        """One round: poll, then dispatch (tests call this directly)."""
        if self.poll and self.updates is not None:
            self.updates.poll()
        return self.dispatcher.run_once()

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None and self.interval > 0:
            self._thread = threading.Thread(target=self._run, name="proactive", daemon=True)
            self._thread.start()

    def notify(self) -> None:
        """Something was queued: dispatch now."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """End the thread after its current round."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - a broken database must not end proactive messages for good
                log.exception("proactive round failed")
            self._wake.wait(self.interval)
            self._wake.clear()
