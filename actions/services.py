"""The library objects the actions share, created on first use (nothing connects at import)."""

from __future__ import annotations

import functools
import logging

from assistant.config import Settings
from assistant.index.embedder import Embedder
from assistant.index.live import LiveIndex
from assistant.notifications import NotificationStore, Subscriptions
from assistant.orders.factory import OrderServices, order_services_from_settings

log = logging.getLogger(__name__)


@functools.cache
def settings() -> Settings:
    """Settings of this action server, read once from the environment."""
    return Settings.from_env()


@functools.cache
def catalog() -> LiveIndex:
    """The live product index, following new catalog versions without restart."""
    config = settings()
    # One torch thread per query keeps tail latency steady on small machines (docs/benchmarks.md).
    return LiveIndex(config.data_dir, Embedder(config.embedding_model, threads=1), config.index_reload_seconds)


@functools.cache
def orders() -> OrderServices:
    """The order system the configuration names, with its ownership verifier."""
    return order_services_from_settings(settings())


@functools.cache
def subscriptions() -> Subscriptions:
    """Consent and product alerts, stored beside the orders; alert baselines come from the live catalog."""
    return Subscriptions(NotificationStore(settings().orders_url), price_of=_current_price)


def _current_price(product_id: str, size: str | None, color: str | None):
    product = catalog().get().get(product_id)
    if product is None:
        return None
    prices = [
        v.effective_price for v in product.variants
        if (not size or (v.size or "").lower() == size.lower()) and (not color or (v.color or "").lower() == color.lower())
    ]
    return min(prices) if prices else None


def warm_up() -> None:
    """Load the model and the index before the first shopper waits for them."""
    try:
        catalog().get().search("warm up", k=1)
    except Exception:  # a missing catalog must not stop the action server from starting
        log.exception("product index not ready at start; product actions will retry on use")
    try:
        orders()
    except Exception:
        log.exception("order system not ready at start; order actions will retry on use")
