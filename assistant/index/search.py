"""Hybrid product search over one loaded index version: dense + BM25, fused, exact filters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.catalog.model import Product
from assistant.index import vectors, versions
from assistant.index.embedder import Embedder
from assistant.index.filters import Filters
from assistant.index.query import AnalyzedQuery
from assistant.index.ranking import DENSE_WEIGHT, FEEDBACK_WEIGHT, feedback_query, score_fusion
from assistant.index.store import CatalogStore
from assistant.index.versions import Manifest

CANDIDATES = 100
MODES = ("hybrid", "dense", "lexical")


def _fuse(dense: list[tuple[int, float]], lexical: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """One ranking from whichever rankings there are."""
    weight = DENSE_WEIGHT if dense and lexical else (1.0 if dense else 0.0)
    return score_fusion(dense, lexical, weight)


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
        vectors.serve_one_query_at_a_time()
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

    def search(self, query: str, filters: Filters | None = None, k: int = 10, mode: str = "hybrid") -> list[SearchHit]:
        """The k best products for a free-text query among those meeting the filters.

        `mode` is "hybrid" (dense and lexical fused), or "dense" / "lexical" alone for evaluation.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        filters = filters or Filters()
        allowed = None
        if not filters.is_empty():
            allowed = np.array(self.store.matching_keys(filters), dtype="int64")
            if len(allowed) == 0:
                return []
        depth = max(CANDIDATES, 5 * k)
        analyzed = self.store.analyze(query, self.embedder.knows_word)
        lexical = self.store.lexical_search(analyzed, filters, depth) if mode != "dense" else []
        dense = self._dense_ranking(analyzed, lexical, depth, allowed) if mode != "lexical" else []
        fused = _fuse(dense, lexical)[:k]
        dense_scores = dict(dense)
        lexical_scores = dict(lexical)
        products = self.store.by_keys([key for key, _ in fused])
        return [
            SearchHit(products[key], score, dense_scores.get(key), lexical_scores.get(key))
            for key, score in fused
            if key in products
        ]

    def _dense_ranking(
        self, analyzed: AnalyzedQuery, lexical: list[tuple[int, float]], depth: int, allowed: np.ndarray | None
    ) -> list[tuple[int, float]]:
        """Nearest products to the query, searched again from the query moved towards the best product so far."""
        query_vector = self.embedder.encode([analyzed.dense_text()])[0]
        dense = vectors.search(self.vectors, query_vector, depth, allowed)
        best = _fuse(dense, lexical)
        if not best or FEEDBACK_WEIGHT == 0:
            return dense
        top = vectors.reconstruct(self.vectors, np.array([best[0][0]], dtype="int64"))
        return vectors.search(self.vectors, feedback_query(query_vector, top, FEEDBACK_WEIGHT), depth, allowed)

    def close(self) -> None:
        """Release files."""
        self.store.close()
