"""Client of Rasa's REST channel: one shopper message in, the assistant's messages out."""

from __future__ import annotations

from dataclasses import dataclass

import requests


class RasaUnavailable(RuntimeError):
    """Rasa could not be reached or answered with an error."""


@dataclass(frozen=True)
class RasaClient:
    """Posts to `/webhooks/rest/webhook` with (connect, read) timeouts."""

    base_url: str
    timeout_seconds: float = 30.0
    session: requests.Session | None = None

    def send(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        """Deliver one message from `sender`; return Rasa's reply messages."""
        http = self.session or requests
        try:
            response = http.post(
                f"{self.base_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": metadata or {}},
                timeout=(3.05, self.timeout_seconds),
            )
        except requests.RequestException as error:
            raise RasaUnavailable(f"Rasa unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise RasaUnavailable(f"Rasa answered HTTP {response.status_code}")
        return response.json()

    def is_ready(self) -> bool:
        """True when Rasa is up with a model loaded."""
        try:
            response = (self.session or requests).get(f"{self.base_url}/status", timeout=(1, 2))
            return response.status_code == 200 and bool(response.json().get("model_file"))
        except (requests.RequestException, ValueError):
            return False
