"""Stand-ins for Rasa's REST channel: an in-process stub for unit tests and an HTTP echo server for scale-out tests."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler

from api.rasa_client import RasaUnavailable
from tests.fakes.local_server import LocalServer


class StubRasa:
    """Answers from a table keyed by message text (else echoes); `down` makes it unavailable."""

    def __init__(self, answers: dict[str, list[dict]] | None = None) -> None:
        self.answers = answers or {}
        self.down = False
        self.calls: list[tuple[str, str, dict]] = []

    def send(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        """Record the call; answer or raise like the real client."""
        if self.down:
            raise RasaUnavailable("Rasa unreachable: ConnectionError")
        self.calls.append((sender, text, metadata or {}))
        return self.answers.get(text, [{"recipient_id": sender, "text": f"echo: {text}"}])

    def is_ready(self) -> bool:
        """Ready unless down."""
        return not self.down


class EchoRasa(LocalServer):
    """A real HTTP server speaking Rasa's REST webhook: replies `echo: <text>` after `delay` seconds."""

    def __init__(self, delay: float = 0.01) -> None:
        self.delay = delay
        self.received: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        super().__init__(self._handler())

    @property
    def url(self) -> str:
        """Base URL, as `RASA_URL` expects."""
        return self.origin

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self._json(200, {"model_file": "echo.tar.gz"})

            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                with fake._lock:
                    fake.received.append((body.get("sender"), body.get("message")))
                time.sleep(fake.delay)
                self._json(200, [{"recipient_id": body.get("sender"), "text": f"echo: {body.get('message')}"}])

            def _json(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
