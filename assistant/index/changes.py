"""What differs between the live index version and a new catalog: the work an incremental build does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.catalog.model import Product
from assistant.index.hashing import product_hash, product_key, text_hash
from assistant.index.store import StoredHashes


@dataclass(frozen=True)
class CatalogChanges:
    """Products to write, remove and re-embed to turn the previous version into the new catalog."""

    upserts: list[Product]
    removed: list[int]
    stale_vectors: list[int]
    to_embed: list[Product]

    @classmethod
    def between(
        cls, previous: Mapping[int, StoredHashes], products: list[Product], hashes: Mapping[str, str] | None = None
    ) -> "CatalogChanges":
        """Compare the previous version's hashes (by vector id) with the new catalog (`hashes`: its
        products' `product_hash` by id, if already computed)."""
        upserts: list[Product] = []
        to_embed: list[Product] = []
        stale: list[int] = []
        wanted: set[int] = set()
        for product in products:
            key = product_key(product.id)
            wanted.add(key)
            old = previous.get(key)
            content = hashes[product.id] if hashes is not None else product_hash(product)
            if old is not None and old.content == content:
                continue
            upserts.append(product)
            if old is None or old.text != text_hash(product):
                to_embed.append(product)
                if old is not None:
                    stale.append(key)
        removed = [key for key in previous if key not in wanted]
        return cls(upserts, removed, stale + removed, to_embed)

    @property
    def store_rows(self) -> int:
        """Products whose store rows are written or deleted."""
        return len(self.upserts) + len(self.removed)
