"""Build a new index version from a catalog: incremental, immutable, switched atomically."""

from __future__ import annotations

import hashlib
import platform
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import faiss
import numpy as np

from assistant import __version__
from assistant.catalog.model import Product
from assistant.index import vectors, versions
from assistant.index.changes import CatalogChanges
from assistant.index.embedder import Embedder
from assistant.index.hashing import product_hash, product_key
from assistant.index.store import CatalogStore, StoredHashes
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
    store_rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for people."""
        if not self.changed:
            return f"catalog unchanged: version {self.version} stays live ({self.count} products)"
        return (
            f"version {self.version} is live: {self.count} products, {self.embedded} embedded, "
            f"{self.reused} reused, {self.removed} removed, {self.store_rows} written to the store ({self.factory})"
        )


def catalog_hash(hashes: dict[str, str]) -> str:
    """Hash of a whole catalog from its products' hashes by id, independent of product order."""
    digest = hashlib.blake2b(digest_size=16)
    for product_id, content in sorted(hashes.items()):
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
    """Publish a version holding exactly `products`. It starts from the live version's store and vectors
    (only changed products are written and embedded) unless `full`, a new format or index type says otherwise."""
    _check_unique_ids(products)
    clock = _Stopwatch()
    hashes = {p.id: product_hash(p) for p in products}
    wanted_hash = catalog_hash(hashes)
    clock.lap("compare")
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
        base = None if full else previous
        with versions.staging(data_dir, name) as staged:
            changes = CatalogChanges.between(_stored_hashes(base), products, hashes)
            clock.lap("compare")
            store_rows = _write_store(staged, base, old_manifest, products, changes, hashes)
            clock.lap("store")
            factory = vectors.factory_for(len(products))
            if base is not None and old_manifest.model == embedder.model_id and old_manifest.factory == factory:
                index, embedded = _update(base, changes, embedder, progress), len(changes.to_embed)
            else:
                index, embedded = _fresh(products, factory, embedder, progress), len(products)
            vectors.save(index, staged / versions.INDEX_FILE)
            clock.lap("vectors")
            removed = len(changes.removed)
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
                stats={
                    "embedded": embedded, "reused": len(products) - embedded, "removed": removed,
                    "store_rows": store_rows,
                },
                format=versions.FORMAT,
            ).write(staged)
            versions.publish(data_dir, staged)
            clock.lap("publish")
        return BuildReport(
            name, True, len(products), embedded, len(products) - embedded, removed, factory, store_rows, clock.laps
        )


def _stored_hashes(version: Path | None) -> dict[int, StoredHashes]:
    """Hashes of the products in a version's store (none without a version)."""
    if version is None:
        return {}
    store = CatalogStore(version / versions.STORE_FILE)
    try:
        return store.hashes()
    finally:
        store.close()


def _write_store(
    staged: Path,
    base: Path | None,
    manifest: Manifest | None,
    products: list[Product],
    changes: CatalogChanges,
    hashes: dict[str, str],
) -> int:
    """Write the new version's store, from the base version's when its format allows; return the rows written."""
    path = staged / versions.STORE_FILE
    if base is not None and manifest is not None and manifest.format == versions.FORMAT:
        CatalogStore.derive(base / versions.STORE_FILE, path, changes.upserts, changes.removed, hashes).close()
        return changes.store_rows
    CatalogStore.create(path, products, hashes).close()
    return len(products)


class _Stopwatch:
    """Seconds spent in each named step of a build."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps[step] = round(self.laps.get(step, 0.0) + now - self._last, 3)
        self._last = now


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


def _update(previous: Path, changes: CatalogChanges, embedder: Embedder, progress: bool) -> faiss.Index:
    """The previous version's index with the vectors of removed and re-worded products replaced."""
    index = vectors.load(previous / versions.INDEX_FILE)
    if changes.stale_vectors:
        index.remove_ids(np.array(changes.stale_vectors, dtype="int64"))
    if changes.to_embed:
        matrix = embedder.encode([p.search_text() for p in changes.to_embed], progress=progress)
        index.add_with_ids(matrix, np.array([product_key(p.id) for p in changes.to_embed], dtype="int64"))
    return index


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
