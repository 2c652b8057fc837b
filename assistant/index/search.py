"""Hybrid product search over one loaded index version: dense + BM25, fused, exact filters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.catalog.model import Product
from assistant.index import vectors, versions
from assistant.index.embedder import Embedder
from assistant.index.filters import Filters
from assistant.index.ranking import reciprocal_rank_fusion
from assistant.index.store import CatalogStore
from assistant.index.versions import Manifest

CANDIDATES = 100


class IndexMismatch(RuntimeError):
    """The index on disk was built with another model or dimension than the one loaded."""


class NoIndex(RuntimeError):
    """No catalog has been imported into the data folder yet."""


@dataclass(frozen=True)
class SearchHit:
    """One ranked product with the evidence for its rank."""

    product: Product
    score: float
    dense_score: float | None
    lexical_score: float | None


class ProductIndex:
    """One immutable index version, loaded for search."""

    def __init__(self, folder: Path, embedder: Embedder) -> None:
        self.folder = folder
        self.manifest = Manifest.read(folder)
        if self.manifest.model != embedder.model_id:
            raise IndexMismatch(
                f"index {folder.name} was built with {self.manifest.model}, not {embedder.model_id}; "
                "rebuild it with `assistant index build --full`"
            )
        self.embedder = embedder
        self.vectors = vectors.load(folder / versions.INDEX_FILE)
        if self.vectors.d != self.manifest.dimension:
            raise IndexMismatch(f"index dimension {self.vectors.d} != manifest {self.manifest.dimension}")
        self.store = CatalogStore(folder / versions.STORE_FILE)

    @classmethod
    def load_current(cls, data_dir: Path, embedder: Embedder) -> "ProductIndex":
        """Load the live version of a data folder."""
        folder = versions.current_folder(data_dir)
        if folder is None:
            raise NoIndex(f"no catalog imported in {data_dir}; run `assistant catalog import FILE`")
        return cls(folder, embedder)

    @property
    def version(self) -> str:
        """Name of this version."""
        return self.manifest.version

    def get(self, product_id: str) -> Product | None:
        """One product by its catalog id."""
        return self.store.get(product_id)

    def search(self, query: str, filters: Filters | None = None, k: int = 10) -> list[SearchHit]:
        """The k best products for a free-text query among those meeting the filters."""
        filters = filters or Filters()
        allowed = None
        if not filters.is_empty():
            allowed = np.array(self.store.matching_keys(filters), dtype="int64")
            if len(allowed) == 0:
                return []
        depth = max(CANDIDATES, 5 * k)
        query_vector = self.embedder.encode([query])[0]
        dense = vectors.search(self.vectors, query_vector, depth, allowed)
        lexical = self.store.lexical_search(query, filters, depth)
        dense_scores = dict(dense)
        lexical_scores = dict(lexical)
        fused = reciprocal_rank_fusion([[key for key, _ in dense], [key for key, _ in lexical]])[:k]
        products = self.store.by_keys([key for key, _ in fused])
        return [
            SearchHit(products[key], score, dense_scores.get(key), lexical_scores.get(key))
            for key, score in fused
            if key in products
        ]

    def close(self) -> None:
        """Release files."""
        self.store.close()
