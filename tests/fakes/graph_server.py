"""A fake Graph API on 127.0.0.1: records every request the bridge sends and answers like Meta, faults included."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.fakes.local_server import LocalServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
#: Fault kinds: HTTP status, error body fixture (None for no body), and whether the request is applied anyway.
FAULTS = {
    "429": (429, "whatsapp/error_130429.json"),
    "500": (500, "whatsapp/error_131000.json"),
    "131047": (400, "whatsapp/error_131047.json"),
    "190": (401, "whatsapp/error_190.json"),
    "613": (400, "messenger/error_613.json"),
    "outside_window": (400, "messenger/error_outside_window.json"),
    "551": (400, "messenger/error_551.json"),
}


@dataclass(frozen=True)
class Recorded:
    """One request as the fake received it."""

    path: str
    token: str
    body: dict
    answered: int

    @property
    def is_message(self) -> bool:
        """A real outbound message, not a read receipt, typing indicator or sender action."""
        return "sender_action" not in self.body and self.body.get("status") != "read"

    @property
    def recipient(self) -> str | None:
        """Phone number, business-scoped user id or PSID the message was addressed to."""
        recipient = self.body.get("recipient")
        if isinstance(recipient, dict):
            return recipient.get("id")
        return self.body.get("to") or recipient


class FakeGraph(LocalServer):
    """Serves `POST /<version>/<phone-number-id>/messages` and `POST /<version>/me/messages`."""

    def __init__(self, token: str | None = None, version: str = "v21.0") -> None:
        self.token, self.version = token, version
        self.requests: list[Recorded] = []
        self.hang_seconds = 3.0
        self._faults: list[tuple[str, str | None]] = []
        self._pass_first = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        super().__init__(self._handler())

    @property
    def url(self) -> str:
        """Base URL including the version, as `GRAPH_API_URL` expects."""
        return f"{self.origin}/{self.version}"

    def fail_next(self, count: int, kind: str, retry_after: str | None = None, after: int = 0) -> None:
        """Answer `count` message requests, after the next `after` ones, with a fault from `FAULTS`,
        or "hang" (apply the request, answer after `hang_seconds`)."""
        with self._lock:
            self._faults += [(kind, retry_after)] * count
            self._pass_first = after

    def messages(self) -> list[Recorded]:
        """Outbound messages Meta accepted (answered 200), in arrival order."""
        with self._lock:
            return [r for r in self.requests if r.is_message and r.answered == 200]

    def acknowledgements(self) -> list[Recorded]:
        """Read receipts, typing indicators and sender actions."""
        with self._lock:
            return [r for r in self.requests if not r.is_message]

    def wait_for_messages(self, count: int, timeout: float = 10.0) -> list[Recorded]:
        """Block until at least `count` messages were accepted; return them all."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while sum(1 for r in self.requests if r.is_message and r.answered == 200) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
        return self.messages()

    # request handling --------------------------------------------------------------------

    def _answer(self, path: str, token: str, body: dict) -> tuple[int, dict, dict]:
        if self.token is not None and token != self.token:
            return 401, _load("whatsapp/error_190.json"), {}
        fault = None
        if "sender_action" not in body and body.get("status") != "read":
            with self._lock:
                if self._pass_first > 0:
                    self._pass_first -= 1
                elif self._faults:
                    fault = self._faults.pop(0)
        if fault and fault[0] != "hang":
            status, fixture = FAULTS[fault[0]]
            headers = {"Retry-After": fault[1]} if fault[1] is not None else {}
            return status, _load(fixture), headers
        if fault:
            time.sleep(self.hang_seconds)
        number = next(self._ids)
        if path.endswith("/me/messages"):
            recipient = body.get("recipient", {}).get("id")
            answer = {"recipient_id": recipient} if "sender_action" in body else \
                {"recipient_id": recipient, "message_id": f"m_fake_{number}"}
        elif body.get("status") == "read":
            answer = {"success": True}
        else:
            who = body.get("to") or body.get("recipient")
            answer = {"messaging_product": "whatsapp", "contacts": [{"input": who, "wa_id": who}],
                      "messages": [{"id": f"wamid.fake{number}"}]}
        return 200, answer, {}

    def _record(self, recorded: Recorded) -> None:
        with self._changed:
            self.requests.append(recorded)
            self._changed.notify_all()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                path = self.path.split("?", 1)[0]
                status, answer, headers = fake._answer(path, token, body)
                fake._record(Recorded(path, token, body, status))
                data = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    for name, value in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        return Handler


def _load(relative: str) -> dict:
    return json.loads((FIXTURES / relative).read_text())
