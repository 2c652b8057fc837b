"""Rank fusion and query feedback: pure functions over ranked lists and vectors, tested without a model."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

RRF_K = 60
# Share of the fused score that comes from the dense ranking (the rest is lexical).
DENSE_WEIGHT = 0.5
# Weight of the top product's vector added to the query vector for the second dense pass.
FEEDBACK_WEIGHT = 1.0


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Hashable]],
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
) -> list[tuple[Hashable, float]]:
    """Fuse ranked lists by weighted reciprocal rank (Cormack et al. 2009); best first."""
    weights = weights or [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[Hashable, float] = {}
    first_seen: dict[Hashable, int] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
            first_seen.setdefault(item, len(first_seen))
    return sorted(scores.items(), key=lambda pair: (-pair[1], first_seen[pair[0]]))


def min_max(scored: Sequence[tuple[Hashable, float]]) -> dict[Hashable, float]:
    """Scores rescaled to 0..1 over the list (all 1.0 when they are equal)."""
    if not scored:
        return {}
    values = [score for _, score in scored]
    low, high = min(values), max(values)
    if high == low:
        return {item: 1.0 for item, _ in scored}
    return {item: (score - low) / (high - low) for item, score in scored}


def score_fusion(
    dense: Sequence[tuple[Hashable, float]],
    lexical: Sequence[tuple[Hashable, float]],
    dense_weight: float = DENSE_WEIGHT,
) -> list[tuple[Hashable, float]]:
    """Fuse by a weighted sum of min-max dense scores and lexical scores (already 0..1); best first.

    Unlike rank fusion this keeps how sure the lexical ranker is: products that match only half the
    query's words (their scores carry that share) weigh less than a confident dense match.
    """
    dense_scores = min_max(dense)
    lexical_scores = dict(lexical)
    order: dict[Hashable, int] = {}
    for item, _ in [*dense, *lexical]:
        order.setdefault(item, len(order))
    fused = {
        item: dense_weight * dense_scores.get(item, 0.0) + (1 - dense_weight) * lexical_scores.get(item, 0.0)
        for item in order
    }
    return sorted(fused.items(), key=lambda pair: (-pair[1], order[pair[0]]))


def feedback_query(query: np.ndarray, feedback: np.ndarray, weight: float = FEEDBACK_WEIGHT) -> np.ndarray:
    """Unit query vector moved towards the vectors of the best products so far (Rocchio feedback)."""
    query = np.asarray(query, dtype="float32")
    centroid = np.asarray(feedback, dtype="float32").reshape(-1, query.shape[-1]).mean(axis=0)
    moved = query + weight * centroid
    norm = float(np.linalg.norm(moved))
    return (moved / norm).astype("float32") if norm > 0 else query
