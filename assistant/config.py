"""Settings of the assistant library: the only module of `assistant/` that reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where the assistant's data lives and how it reaches its backends."""

    data_dir: Path = PROJECT_ROOT / "catalog_index"
    orders_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'orders.sqlite'}"
    embedding_model: str | None = None
    index_reload_seconds: float = 2.0
    order_system: str = "sql"
    shopify_api_url: str | None = None
    shopify_access_token: str | None = field(default=None, repr=False)
    shopify_api_version: str = "2025-01"
    seed_demo_orders: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        """Read settings from environment variables, falling back to the embedded defaults."""
        defaults = cls()
        return cls(
            data_dir=Path(environ.get("ASSISTANT_DATA_DIR") or defaults.data_dir),
            orders_url=environ.get("ORDERS_DATABASE_URL") or defaults.orders_url,
            embedding_model=environ.get("EMBEDDING_MODEL_PATH") or None,
            index_reload_seconds=float(
                environ.get("INDEX_RELOAD_SECONDS") or defaults.index_reload_seconds
            ),
            order_system=(environ.get("ORDER_SYSTEM") or defaults.order_system).lower(),
            shopify_api_url=environ.get("SHOPIFY_API_URL") or None,
            shopify_access_token=environ.get("SHOPIFY_ACCESS_TOKEN") or None,
            shopify_api_version=environ.get("SHOPIFY_API_VERSION") or defaults.shopify_api_version,
            seed_demo_orders=_flag(environ.get("ORDERS_SEED_DEMO"), defaults.seed_demo_orders),
        )

    def __repr__(self) -> str:
        token = "'**********'" if self.shopify_access_token else "None"
        return (
            f"Settings(data_dir={str(self.data_dir)!r}, orders_url={_mask_url(self.orders_url)!r}, "
            f"order_system={self.order_system!r}, shopify_api_url={self.shopify_api_url!r}, "
            f"shopify_access_token={token})"
        )


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _mask_url(url: str) -> str:
    """A database URL with its password hidden."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"
