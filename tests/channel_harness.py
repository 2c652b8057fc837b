"""A bridge app for channel tests: SQLite inbox in a temp folder, the fake Graph API, a stub Rasa, no threads."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from api import create_app
from api.config import BridgeSettings, MessengerSettings, WhatsAppSettings
from api.signature import sign

FIXTURES = Path(__file__).parent / "fixtures"
WA_SECRET, FB_SECRET = "wa-app-secret", "fb-app-secret"
WA_TOKEN, FB_TOKEN = "wa-access-token", "fb-page-token"
AGENT_TOKEN = "agent-token-for-tests"


def settings_for(tmp_path: Path, graph_url: str, **overrides) -> BridgeSettings:
    """Both channels on, pointing at the fake Graph API; workers not started (tests drive them)."""
    base = BridgeSettings(
        whatsapp=WhatsAppSettings(verify_token="wa-verify", app_secret=WA_SECRET, access_token=WA_TOKEN,
                                  phone_number_id="106540352242922"),
        messenger=MessengerSettings(verify_token="fb-verify", app_secret=FB_SECRET, page_access_token=FB_TOKEN),
        graph_api_url=graph_url, graph_timeout_seconds=2.0, graph_max_retries=1, graph_max_backoff_seconds=1.0,
        inbox_url=f"sqlite:///{tmp_path / 'inbox.sqlite3'}", start_workers=False, retry_max_seconds=0.2,
        agent_token=AGENT_TOKEN, rate_limit_per_minute=50,
    )
    return replace(base, **overrides)


def make_app(tmp_path: Path, graph, rasa, **overrides):
    """The bridge with the given fakes."""
    return create_app(settings_for(tmp_path, graph.url, **overrides), rasa=rasa)


def fixture(name: str) -> dict:
    """A webhook payload from tests/fixtures."""
    return json.loads((FIXTURES / name).read_text())


def post_webhook(client, channel: str, payload: dict | bytes, secret: str | None = None, headers: dict | None = None):
    """POST a payload signed like Meta does (with the channel's secret unless another is given)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    secret = secret or (WA_SECRET if channel == "whatsapp" else FB_SECRET)
    all_headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, secret), **(headers or {})}
    return client.post(f"/webhooks/{channel}", data=body, headers=all_headers)


def drain(app, limit: int = 100) -> list[str]:
    """Process every message that is ready now, in this thread; return the outcomes."""
    outcomes = []
    for _ in range(limit):
        outcome = app.extensions["workers"].run_once()
        if outcome is None:
            break
        outcomes.append(outcome)
    return outcomes
