"""Build a new index version from a catalog: incremental, immutable, switched atomically."""

from __future__ import annotations

import hashlib
import platform
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import faiss
import numpy as np

from assistant import __version__
from assistant.catalog.model import Product
from assistant.index import vectors, versions
from assistant.index.embedder import Embedder
from assistant.index.store import CatalogStore, product_key, text_hash
from assistant.index.versions import Manifest

TRAINING_PER_LIST = 64


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    version: str
    changed: bool
    count: int
    embedded: int
    reused: int
    removed: int
    factory: str

    def summary(self) -> str:
        """One line for people."""
        if not self.changed:
            return f"catalog unchanged: version {self.version} stays live ({self.count} products)"
        return (
            f"version {self.version} is live: {self.count} products, {self.embedded} embedded, "
            f"{self.reused} reused, {self.removed} removed ({self.factory})"
        )


def catalog_hash(products: list[Product]) -> str:
    """Hash of a whole catalog, independent of product order."""
    digest = hashlib.blake2b(digest_size=16)
    for product_id, content in sorted((p.id, p.content_hash()) for p in products):
        digest.update(f"{product_id}\0{content}\n".encode())
    return digest.hexdigest()


def build_index(
    products: list[Product],
    data_dir: Path,
    embedder: Embedder,
    source: str = "",
    progress: bool = False,
    full: bool = False,
) -> BuildReport:
    """Publish a version holding exactly `products`; reuse vectors of unchanged products."""
    _check_unique_ids(products)
    wanted_hash = catalog_hash(products)
    with versions.build_lock(data_dir):
        previous = versions.current_folder(data_dir)
        old_manifest = Manifest.read(previous) if previous else None
        if (
            not full
            and old_manifest
            and old_manifest.catalog_hash == wanted_hash
            and old_manifest.model == embedder.model_id
            and old_manifest.format == versions.FORMAT
        ):
            return BuildReport(old_manifest.version, False, old_manifest.count, 0, old_manifest.count, 0, old_manifest.factory)

        name = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + wanted_hash[:8]
        staged = versions.staging_folder(data_dir, name)
        store = CatalogStore.create(staged / versions.STORE_FILE, products)
        store.close()
        factory = vectors.factory_for(len(products))
        reusable = (
            not full
            and old_manifest is not None
            and old_manifest.model == embedder.model_id
            and old_manifest.factory == factory
        )
        if reusable:
            index, embedded, removed = _update(previous, products, embedder, progress)
        else:
            index, embedded, removed = _fresh(products, factory, embedder, progress), len(products), 0
        vectors.save(index, staged / versions.INDEX_FILE)
        Manifest(
            version=name,
            created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            model=embedder.model_id,
            dimension=index.d,
            factory=factory,
            count=len(products),
            catalog_hash=wanted_hash,
            source=source,
            build=_build_info(),
            stats={"embedded": embedded, "reused": len(products) - embedded, "removed": removed},
            format=versions.FORMAT,
        ).write(staged)
        versions.publish(data_dir, staged)
        return BuildReport(name, True, len(products), embedded, len(products) - embedded, removed, factory)


def _fresh(products: list[Product], factory: str, embedder: Embedder, progress: bool) -> faiss.Index:
    matrix = embedder.encode([p.search_text() for p in products], progress=progress)
    keys = np.array([product_key(p.id) for p in products], dtype="int64")
    training = None
    if not factory.startswith("IDMap"):
        nlist = int(factory.split(",")[0].removeprefix("IVF"))
        sample = np.random.default_rng(0).permutation(len(matrix))[: nlist * TRAINING_PER_LIST]
        training = matrix[np.sort(sample)]
    index = vectors.new_index(embedder.dimension, factory, training)
    index.add_with_ids(matrix, keys)
    return index


def _update(previous: Path, products: list[Product], embedder: Embedder, progress: bool):
    old_store = CatalogStore(previous / versions.STORE_FILE)
    old_hashes = old_store.text_hashes()
    old_store.close()
    index = vectors.load(previous / versions.INDEX_FILE)
    new = {product_key(p.id): p for p in products}
    stale = [k for k, h in old_hashes.items() if k not in new or text_hash(new[k]) != h]
    fresh = [k for k, p in new.items() if old_hashes.get(k) != text_hash(p)]
    if stale:
        index.remove_ids(np.array(stale, dtype="int64"))
    if fresh:
        matrix = embedder.encode([new[k].search_text() for k in fresh], progress=progress)
        index.add_with_ids(matrix, np.array(fresh, dtype="int64"))
    removed = len(set(old_hashes) - set(new))
    return index, len(fresh), removed


def _check_unique_ids(products: list[Product]) -> None:
    seen: set[str] = set()
    for product in products:
        if product.id in seen:
            raise ValueError(f"duplicate product id {product.id!r}")
        seen.add(product.id)


def _build_info() -> dict[str, str]:
    return {
        "assistant": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "faiss": faiss.__version__,
        "sentence-transformers": metadata.version("sentence-transformers"),
    }
