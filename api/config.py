"""Settings of the bridge: the only module of `api/` that reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class WhatsAppSettings:
    """WhatsApp Cloud API credentials; the channel is on only when all four are set."""

    verify_token: str = field(default="", repr=False)
    app_secret: str = field(default="", repr=False)
    access_token: str = field(default="", repr=False)
    phone_number_id: str = ""
    catalog_id: str = ""

    @property
    def enabled(self) -> bool:
        """True when the webhook can be verified and replies can be sent."""
        return all((self.verify_token, self.app_secret, self.access_token, self.phone_number_id))


@dataclass(frozen=True)
class MessengerSettings:
    """Messenger Platform credentials; the channel is on only when all three are set."""

    verify_token: str = field(default="", repr=False)
    app_secret: str = field(default="", repr=False)
    page_access_token: str = field(default="", repr=False)

    @property
    def enabled(self) -> bool:
        """True when the webhook can be verified and replies can be sent."""
        return all((self.verify_token, self.app_secret, self.page_access_token))


@dataclass(frozen=True)
class BridgeSettings:
    """How the bridge reaches Rasa and the Graph API, where its inbox lives, and its limits."""

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_seconds: float = 30.0
    max_body_bytes: int = 64 * 1024
    whatsapp: WhatsAppSettings = field(default_factory=WhatsAppSettings)
    messenger: MessengerSettings = field(default_factory=MessengerSettings)
    graph_api_url: str = "https://graph.facebook.com/v21.0"
    graph_timeout_seconds: float = 10.0
    graph_max_retries: int = 3
    graph_max_backoff_seconds: float = 30.0
    inbox_url: str = field(default=f"sqlite:///{PROJECT_ROOT / 'var' / 'inbox.sqlite3'}", repr=False)
    workers: int = 4
    start_workers: bool = True
    lease_seconds: float = 120.0
    retry_max_seconds: float = 30.0
    agent_token: str = field(default="", repr=False)
    rate_limit_per_minute: int = 20

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "BridgeSettings":
        """Read settings from environment variables, with working defaults."""
        d = cls()
        get = environ.get
        return cls(
            rasa_url=(get("RASA_URL") or d.rasa_url).rstrip("/"),
            rasa_timeout_seconds=float(get("RASA_TIMEOUT_SECONDS") or d.rasa_timeout_seconds),
            max_body_bytes=int(get("BRIDGE_MAX_BODY_BYTES") or d.max_body_bytes),
            whatsapp=WhatsAppSettings(
                verify_token=get("WHATSAPP_VERIFY_TOKEN", ""),
                app_secret=get("WHATSAPP_APP_SECRET", ""),
                access_token=get("WHATSAPP_ACCESS_TOKEN", ""),
                phone_number_id=get("WHATSAPP_PHONE_NUMBER_ID", ""),
                catalog_id=get("WHATSAPP_CATALOG_ID", ""),
            ),
            messenger=MessengerSettings(
                verify_token=get("MESSENGER_VERIFY_TOKEN", ""),
                app_secret=get("MESSENGER_APP_SECRET", ""),
                page_access_token=get("MESSENGER_PAGE_ACCESS_TOKEN", ""),
            ),
            graph_api_url=(get("GRAPH_API_URL") or d.graph_api_url).rstrip("/"),
            graph_timeout_seconds=float(get("GRAPH_TIMEOUT_SECONDS") or d.graph_timeout_seconds),
            graph_max_retries=int(get("GRAPH_MAX_RETRIES") or d.graph_max_retries),
            graph_max_backoff_seconds=float(get("GRAPH_MAX_BACKOFF_SECONDS") or d.graph_max_backoff_seconds),
            inbox_url=get("BRIDGE_INBOX_URL") or d.inbox_url,
            workers=int(get("BRIDGE_WORKERS") or d.workers),
            lease_seconds=float(get("BRIDGE_LEASE_SECONDS") or d.lease_seconds),
            retry_max_seconds=float(get("BRIDGE_RETRY_MAX_SECONDS") or d.retry_max_seconds),
            agent_token=get("BRIDGE_AGENT_TOKEN", ""),
            rate_limit_per_minute=int(get("BRIDGE_RATE_LIMIT_PER_MINUTE") or d.rate_limit_per_minute),
        )

    def safe_summary(self) -> dict[str, object]:
        """Settings fit for a log line: which channels are on, never a secret."""
        return {
            "rasa_url": self.rasa_url,
            "graph_api_url": self.graph_api_url,
            "inbox": self.inbox_url.split("://", 1)[0],
            "whatsapp": self.whatsapp.enabled,
            "messenger": self.messenger.enabled,
            "agent_api": bool(self.agent_token),
            "workers": self.workers,
        }
