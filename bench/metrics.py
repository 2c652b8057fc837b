"""Ranking quality metrics over graded judgments: nDCG@k (trec_eval's linear gains) and recall@k."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain of gains in rank order (rank 1 discounted by log2(2))."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at(ranked: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """nDCG@k of a ranked id list; 0 when the query has no relevant product."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([grades.get(item, 0) for item in ranked[:k]]) / ideal


def recall_at(ranked: Sequence[str], grades: Mapping[str, int], k: int, min_grade: int = 2) -> float:
    """Share of the products graded `min_grade` or more that appear in the top k."""
    relevant = {item for item, grade in grades.items() if grade >= min_grade}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / len(relevant)
