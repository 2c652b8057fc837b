"""Settings of the bridge: the only module of `api/` that reads the environment."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from api.wechat_crypto import decode_encoding_aes_key
from assistant.config import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)
RETIRED_MESSENGER_TAG = (
    "MESSENGER_OUTSIDE_WINDOW_TAG is no longer supported: Meta retired the ACCOUNT_UPDATE, POST_PURCHASE_UPDATE and "
    "CONFIRMED_EVENT_UPDATE message tags (April 27, 2026) and HUMAN_AGENT is for people, not automated updates. "
    "It is ignored; unset it and set MESSENGER_ORDER_UTILITY_TEMPLATE to an approved Messenger utility message template.")


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
class WeChatSettings:
    """WeChat Official Account credentials; the channel is on when token, app id and app secret are set."""

    token: str = field(default="", repr=False)
    app_id: str = ""
    app_secret: str = field(default="", repr=False)
    encoding_aes_key: str = field(default="", repr=False)
    api_url: str = "https://api.weixin.qq.com"
    max_body_bytes: int = 16 * 1024
    template_id: str = ""

    def __post_init__(self) -> None:
        if self.encoding_aes_key:
            decode_encoding_aes_key(self.encoding_aes_key)  # a wrong key stops start-up with the fix, not a 400 later

    @property
    def enabled(self) -> bool:
        """True when webhooks can be verified and replies can be sent."""
        return all((self.token, self.app_id, self.app_secret))

    @property
    def safe_mode(self) -> bool:
        """True when encrypted (safe and compatibility mode) pushes can be decrypted."""
        return self.enabled and bool(self.encoding_aes_key)


@dataclass(frozen=True)
class ProactiveSettings:
    """Messages the assistant starts: consent store, signed order events, polling and per-platform templates."""

    store_url: str = field(default="", repr=False)
    events_secret: str = field(default="", repr=False)
    poll_seconds: float = 0.0
    dispatch_seconds: float = 5.0
    whatsapp_order_template: str = ""
    whatsapp_alert_template: str = ""
    whatsapp_template_language: str = "en_US"
    messenger_order_template: str = ""
    messenger_template_language: str = "en"

    @property
    def events_enabled(self) -> bool:
        """True when `POST /events/orders` accepts signed events."""
        return bool(self.events_secret)


@dataclass(frozen=True)
class BridgeSettings:
    """How the bridge reaches Rasa and the Graph API, where its inbox lives, and its limits."""

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_seconds: float = 30.0
    max_body_bytes: int = 64 * 1024
    whatsapp: WhatsAppSettings = field(default_factory=WhatsAppSettings)
    messenger: MessengerSettings = field(default_factory=MessengerSettings)
    wechat: WeChatSettings = field(default_factory=WeChatSettings)
    proactive: ProactiveSettings = field(default_factory=ProactiveSettings)
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
        if get("MESSENGER_OUTSIDE_WINDOW_TAG"):
            log.warning(RETIRED_MESSENGER_TAG)  # ignored: a stale variable must not take every channel down
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
            wechat=WeChatSettings(
                token=get("WECHAT_TOKEN", ""),
                app_id=get("WECHAT_APP_ID", ""),
                app_secret=get("WECHAT_APP_SECRET", ""),
                encoding_aes_key=get("WECHAT_ENCODING_AES_KEY", "").strip(),
                api_url=(get("WECHAT_API_URL") or WeChatSettings.api_url).rstrip("/"),
                max_body_bytes=int(get("WECHAT_MAX_BODY_BYTES") or WeChatSettings.max_body_bytes),
                template_id=get("WECHAT_ORDER_TEMPLATE_ID", ""),
            ),
            proactive=ProactiveSettings(
                store_url=Settings.from_env(environ).orders_url,
                events_secret=get("ORDER_EVENTS_SECRET", ""),
                poll_seconds=float(get("ORDER_POLL_SECONDS") or 0),
                dispatch_seconds=float(get("PROACTIVE_DISPATCH_SECONDS") or ProactiveSettings.dispatch_seconds),
                whatsapp_order_template=get("WHATSAPP_ORDER_UPDATE_TEMPLATE", ""),
                whatsapp_alert_template=get("WHATSAPP_PRODUCT_ALERT_TEMPLATE", ""),
                whatsapp_template_language=get("WHATSAPP_TEMPLATE_LANGUAGE") or ProactiveSettings.whatsapp_template_language,
                messenger_order_template=get("MESSENGER_ORDER_UTILITY_TEMPLATE", ""),
                messenger_template_language=get("MESSENGER_TEMPLATE_LANGUAGE") or d.proactive.messenger_template_language,
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
            "wechat": self.wechat.enabled,
            "wechat_safe_mode": self.wechat.safe_mode,
            "order_events": self.proactive.events_enabled,
            "agent_api": bool(self.agent_token),
            "workers": self.workers,
        }
