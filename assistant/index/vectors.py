"""FAISS vector index: the index type chosen by catalog size, exact filtered search."""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

# Up to this many products an exact index is fast enough and needs no training.
EXACT_LIMIT = 50_000
# Fewest IVF lists visited per query, whatever the catalog size.
MIN_NPROBE = 16
# Filters that leave at most this many products are scored exactly over those products.
EXACT_SUBSET_LIMIT = 20_000


def factory_for(count: int) -> str:
    """FAISS factory string for a catalog of `count` products (txtai's rule, with SQ8 for RAM)."""
    if count <= EXACT_LIMIT:
        return "IDMap2,Flat"
    nlist = 2 ** round(math.log2(4 * math.sqrt(count)))
    return f"IVF{min(nlist, 65536)},SQ8"


def new_index(dimension: int, factory: str, training: np.ndarray | None = None) -> faiss.Index:
    """An empty index of the given type, trained when the type needs it."""
    index = faiss.index_factory(dimension, factory, faiss.METRIC_INNER_PRODUCT)
    if not index.is_trained:
        if training is None or len(training) == 0:
            raise ValueError(f"{factory} needs training vectors")
        index.train(training)
    return index


def nprobe_for(index: faiss.Index) -> int:
    """Lists to visit per IVF query: recall@10 against exact search is 0.97-0.98 from nlist/64 up
    (docs/benchmarks.md), and visiting more only costs time."""
    ivf = faiss.extract_index_ivf(index)
    return max(1, min(ivf.nlist, max(MIN_NPROBE, ivf.nlist // 64)))


def serve_one_query_at_a_time() -> None:
    """Run FAISS searches on one thread in this process: a single query gains nothing from OpenMP on a
    two-core machine and loses about 50 ms to waking its threads (docs/benchmarks.md)."""
    faiss.omp_set_num_threads(1)


def prepare_for_search(index: faiss.Index) -> faiss.Index:
    """Set query-time parameters after loading (direct map for exact subset scoring)."""
    if _is_ivf(index):
        ivf = faiss.extract_index_ivf(index)
        ivf.nprobe = nprobe_for(index)
        ivf.set_direct_map_type(faiss.DirectMap.Hashtable)
    return index


def _is_ivf(index: faiss.Index) -> bool:
    try:
        faiss.extract_index_ivf(index)
        return True
    except RuntimeError:
        return False


def search(
    index: faiss.Index, query: np.ndarray, limit: int, allowed: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """Nearest products to one query vector: (vector id, cosine), best first; only `allowed` ids if given."""
    if index.ntotal == 0 or limit <= 0:
        return []
    query = query.reshape(1, -1).astype("float32")
    if allowed is not None:
        if len(allowed) == 0:
            return []
        if len(allowed) <= EXACT_SUBSET_LIMIT:
            return _exact_subset(index, query[0], allowed, limit)
        params = _selector_params(index, allowed)
        scores, ids = index.search(query, limit, params=params)
    else:
        scores, ids = index.search(query, limit)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i != -1]


def _exact_subset(index: faiss.Index, query: np.ndarray, allowed: np.ndarray, limit: int) -> list[tuple[int, float]]:
    keys = np.asarray(allowed, dtype="int64")
    vectors = reconstruct(index, keys)
    scores = vectors @ query
    order = np.argsort(-scores)[:limit]
    return [(int(keys[i]), float(scores[i])) for i in order]


def reconstruct(index: faiss.Index, keys: np.ndarray) -> np.ndarray:
    """Stored vectors of the given ids (exact for Flat, decoded for SQ8)."""
    if len(keys) == 0:
        return np.zeros((0, index.d), dtype="float32")
    return index.reconstruct_batch(np.asarray(keys, dtype="int64"))


def _selector_params(index: faiss.Index, allowed: np.ndarray) -> faiss.SearchParameters:
    selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype="int64"))
    if _is_ivf(index):
        ivf = faiss.extract_index_ivf(index)
        # Visit more lists the fewer products pass the filter, so `limit` of them are still found.
        widening = math.ceil(index.ntotal / max(1, len(allowed)))
        return faiss.SearchParametersIVF(sel=selector, nprobe=min(ivf.nlist, ivf.nprobe * widening))
    return faiss.SearchParameters(sel=selector)


def save(index: faiss.Index, path: Path) -> None:
    """Write an index file, without an IVF index's id -> list map (`load` rebuilds it; it would add 16 bytes
    a product to the file of a version updated from a loaded one)."""
    if _is_ivf(index):
        faiss.extract_index_ivf(index).set_direct_map_type(faiss.DirectMap.NoMap)
    faiss.write_index(index, str(path))


def load(path: Path) -> faiss.Index:
    """Read an index file, ready to search."""
    return prepare_for_search(faiss.read_index(str(path)))
