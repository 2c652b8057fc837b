"""Worker threads that drain the inbox: one conversation at a time each, stoppable for tests and shutdown."""

from __future__ import annotations

import logging
import threading
import uuid

from api.inbox.model import Inbox
from api.processing import Processor

log = logging.getLogger(__name__)


class InboxWorkers:
    """`count` threads claiming inbox items; `notify` wakes them when a webhook stored something."""

    def __init__(self, inbox: Inbox, processor: Processor, count: int = 4, lease_seconds: float = 120.0,
                 poll_seconds: float = 0.25) -> None:
        self.inbox, self.processor = inbox, processor
        self.count, self.lease_seconds, self.poll_seconds = count, lease_seconds, poll_seconds
        self.instance = uuid.uuid4().hex[:12]
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def running(self) -> bool:
        """True while any worker thread is alive."""
        return any(t.is_alive() for t in self._threads)

    def start(self) -> "InboxWorkers":
        """Start the threads (once)."""
        if not self._threads:
            self._stop.clear()
            self._threads = [threading.Thread(target=self._run, args=(f"{self.instance}-{n}",),
                                              name=f"inbox-worker-{n}", daemon=True) for n in range(self.count)]
            for thread in self._threads:
                thread.start()
        return self

    def notify(self) -> None:
        """New messages are in the inbox."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Let each worker finish its current message, then end the threads."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def run_once(self, owner: str = "inline") -> str | None:
        """Claim and process one item in the calling thread (for tests); None when nothing is ready."""
        item = self.inbox.claim(owner, self.lease_seconds)
        return None if item is None else self._process(item)

    def _run(self, owner: str) -> None:
        while not self._stop.is_set():
            try:
                item = self.inbox.claim(owner, self.lease_seconds)
            except Exception:  # noqa: BLE001 - a broken backend must not kill the worker
                log.exception("inbox claim failed")
                self._stop.wait(2.0)
                continue
            if item is None:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
                continue
            self._process(item)

    def _process(self, item) -> str:
        try:
            return self.processor.handle(item)
        except Exception:  # noqa: BLE001 - log, and let the message come back later
            log.exception("processing failed; message %d will be retried", item.seq)
            try:
                self.inbox.retry_later(item, 5.0)
            except Exception:  # noqa: BLE001
                log.exception("could not reschedule message %d; its lease will expire", item.seq)
            return "error"
