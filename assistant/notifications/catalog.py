"""Back-in-stock and price-drop alerts: compare a product before and after a catalog import, alert once."""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from assistant.catalog.model import Product, Variant
from assistant.notifications.model import AlertKind, Notice, NoticeKind, ProductAlert
from assistant.notifications.store import NotificationStore

log = logging.getLogger(__name__)


class ProductLookup(Protocol):
    """The read-only part of a catalog version (`CatalogStore`)."""

    def get(self, product_id: str) -> Product | None:
        """One product by id."""


def _matching(product: Product | None, alert: ProductAlert) -> list[Variant]:
    if product is None:
        return []
    return [v for v in product.variants
            if (alert.size is None or (v.size or "").casefold() == alert.size.casefold())
            and (alert.color is None or (v.color or "").casefold() == alert.color.casefold())]


def _best_price(variants: list[Variant]) -> Decimal | None:
    prices = [v.effective_price for v in variants if v.in_stock]
    return min(prices) if prices else None


def alert_message(alert: ProductAlert, before: Product | None, after: Product | None) -> str | None:
    """The alert text when this import makes the alert true, else None."""
    now = _matching(after, alert)
    if after is None or not now:
        return None
    wanted = " ".join(filter(None, [alert.color, alert.size and f"size {alert.size}"]))
    name = f"{after.title} ({wanted})" if wanted else after.title
    link = f" {after.product_url}" if after.product_url else ""
    if alert.kind is AlertKind.BACK_IN_STOCK:
        was_in_stock = any(v.in_stock for v in _matching(before, alert))
        if any(v.in_stock for v in now) and not was_in_stock:
            return f"Good news: {name} is back in stock.{link} Reply \"stop\" to stop these alerts."
        return None
    price, previous = _best_price(now), _best_price(_matching(before, alert))
    reference = min(p for p in (alert.baseline_price, previous) if p is not None) \
        if (alert.baseline_price, previous) != (None, None) else None
    if price is not None and reference is not None and price < reference:
        return (f"Price drop: {name} is now {price} {after.currency} (was {reference}).{link} "
                f"Reply \"stop\" to stop these alerts.")
    return None


def queue_catalog_alerts(store: NotificationStore, before: ProductLookup | None, after: ProductLookup) -> int:
    """Queue one notice for every open alert this import makes true, and close it; returns alerts fired."""
    fired = 0
    for alert in store.open_alerts():
        product = after.get(alert.product_id)
        text = alert_message(alert, before.get(alert.product_id) if before else None, product)
        if text is None:
            continue
        kind = NoticeKind.BACK_IN_STOCK if alert.kind is AlertKind.BACK_IN_STOCK else NoticeKind.PRICE_DROP
        store.enqueue(Notice(f"alert:{alert.alert_id}", alert.identity, kind, text, (product.title, text)))
        store.close_alert(alert.alert_id, "sent")
        fired += 1
    return fired


def previous_version(data_dir: Path, version: str) -> Path | None:
    """The newest version folder older than `version` (versions are named by build time)."""
    from assistant.index import versions

    folders = sorted(p for p in (data_dir / versions.VERSIONS).glob("*") if p.is_dir() and p.name < version)
    return folders[-1] if folders else None


def notify_catalog_change(settings, report) -> int:
    """CLI hook after a successful import: compare the new version with the one before it and queue alerts."""
    from assistant.index import versions
    from assistant.index.store import CatalogStore

    if not getattr(report, "changed", False):
        return 0
    current = settings.data_dir / versions.VERSIONS / report.version
    older = previous_version(settings.data_dir, report.version)
    store = NotificationStore(settings.orders_url)
    after = CatalogStore(current / versions.STORE_FILE)
    before = CatalogStore(older / versions.STORE_FILE) if older else None
    try:
        fired = queue_catalog_alerts(store, before, after)
    finally:
        after.close()
        if before:
            before.close()
        store.close()
    if fired:
        log.warning("catalog import: %d product alert(s) queued", fired)
    return fired
