"""Where a big catalog's lexical candidates come from, so BM25 scores a bounded number of products.

FTS5's bm25() scores every product a query matches (and counts each word's products to weigh it), so a
common word would cost time in proportion to the catalog. In a big catalog the candidates are products
having every word the catalog knows; when there are too few of those, products having one of the query's
rarest words (their product counts adding up to a budget), which carry most of BM25's weight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.index.query import AnalyzedQuery


@dataclass(frozen=True)
class CandidatePlan:
    """FTS5 queries for a big catalog's candidates, used in this order."""

    every: str | None  # products having every known word (two or more of them)
    rare: str | None  # products having one of the rarest known words, matching at most the budget together
    any: str | None  # products having any word: the last resort
    known_share: float  # share of the query's words the catalog has: the coverage of an `every` match


def plan(analyzed: AnalyzedQuery, frequency: Mapping[str, int], budget: int) -> CandidatePlan:
    """The queries for one analyzed query, from how many products have each word (or a correction)."""
    known = [word for word in analyzed.words if frequency[word] > 0]
    rare: list[str] = []
    total = 0
    for word in sorted(known, key=frequency.__getitem__):
        total += frequency[word]
        if total > budget:
            break
        rare.append(word)
    return CandidatePlan(
        every=analyzed.fts(known, every=True) if len(known) > 1 else None,
        rare=analyzed.fts(rare) if rare else None,
        any=analyzed.fts(),
        known_share=len(known) / len(analyzed.words) if analyzed.words else 0.0,
    )
