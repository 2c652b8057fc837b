"""Choose and open the order system configuration asks for: SQL store or Shopify."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.config import Settings
from assistant.orders.identity import AttemptLimits, OwnershipVerifier
from assistant.orders.shopify import ShopifyOrderSystem
from assistant.orders.shopify_client import ShopifySettings
from assistant.orders.sql_store import SqlOrderStore
from assistant.orders.store_policies import StorePolicies
from assistant.orders.system import OrderSystem


@dataclass(frozen=True)
class OrderServices:
    """The order system, the ownership verifier over it, and the local SQL store they share."""

    orders: OrderSystem
    verifier: OwnershipVerifier
    local: SqlOrderStore


def open_order_services(
    target: str | ShopifySettings,
    *,
    local_url: str | None = None,
    policies: StorePolicies | None = None,
    seed_demo: bool = False,
    limits: AttemptLimits = AttemptLimits(),
) -> OrderServices:
    """Open an SQL URL (orders, links and attempts in one database) or Shopify (links/attempts in `local_url`)."""
    if isinstance(target, ShopifySettings):
        local = SqlOrderStore(local_url or Settings().orders_url, policies=policies)
        orders: OrderSystem = ShopifyOrderSystem(target, links=local, policies=policies)
    elif isinstance(target, str) and "://" in target:
        local = SqlOrderStore(target, policies=policies)
        if seed_demo:
            local.seed()
        orders = local
    else:
        raise ValueError("expected a database URL or ShopifySettings")
    return OrderServices(orders=orders, verifier=OwnershipVerifier(orders, local, limits), local=local)


def open_order_system(target: str | ShopifySettings, **options) -> OrderSystem:
    """The `OrderSystem` for a database URL (SQLite/PostgreSQL) or Shopify settings."""
    return open_order_services(target, **options).orders


def order_services_from_settings(settings: Settings) -> OrderServices:
    """The order services the configuration names (ORDER_SYSTEM=sql|shopify)."""
    if settings.order_system == "shopify":
        if not (settings.shopify_api_url and settings.shopify_access_token):
            raise ValueError("ORDER_SYSTEM=shopify needs SHOPIFY_API_URL and SHOPIFY_ACCESS_TOKEN")
        target: str | ShopifySettings = ShopifySettings(
            api_url=settings.shopify_api_url,
            access_token=settings.shopify_access_token,
            api_version=settings.shopify_api_version,
        )
        return open_order_services(target, local_url=settings.orders_url)
    if settings.order_system != "sql":
        raise ValueError(f"ORDER_SYSTEM must be sql or shopify, not {settings.order_system!r}")
    _ensure_sqlite_folder(settings.orders_url)
    return open_order_services(settings.orders_url, seed_demo=settings.seed_demo_orders)


def _ensure_sqlite_folder(url: str) -> None:
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
