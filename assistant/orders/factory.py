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
