"""Typo tolerance from the catalog's own vocabulary: unknown query words are mapped to close catalog words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# Words shorter than this are never corrected: too many real words are one edit apart.
MIN_LENGTH = 5
# Words of at least this length may be two edits away from their correction.
TWO_EDITS_FROM = 10
MAX_ALTERNATIVES = 3
_WORD = re.compile(r"\w+", re.UNICODE)


def vocabulary_words(text: str) -> list[str]:
    """Lower-case words of a text, as the vocabulary records them."""
    return _WORD.findall(text.lower())


def trigrams(word: str) -> list[str]:
    """Distinct three-letter substrings of a word, in order."""
    return list(dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2)))


def lookup_trigrams(word: str) -> list[str]:
    """Trigrams of a word and of its neighbour swaps, so "wacth" shares some with "watch"."""
    variants = [word] + [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
    return list(dict.fromkeys(gram for variant in variants for gram in trigrams(variant)))


def max_edits(word: str) -> int:
    """Edits allowed between a query word and its correction (0: leave it alone)."""
    if len(word) < MIN_LENGTH or not word.isalpha():
        return 0
    return 2 if len(word) >= TWO_EDITS_FROM else 1


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit); `limit + 1` once above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def corrections(
    word: str, candidates: Iterable[tuple[str, int]], is_word: Callable[[str], bool] | None = None
) -> list[str]:
    """Closest catalog words to an unknown word (most frequent first), or its split into two catalog words."""
    limit = max_edits(word)
    if limit == 0:
        return []
    scored = []
    for candidate, frequency in candidates:
        if candidate != word:
            distance = edit_distance(word, candidate, limit)
            if distance <= limit:
                scored.append((distance, -frequency, candidate))
    if scored:
        best = min(scored)[0]
        return [c for d, _, c in sorted(scored) if d == best][:MAX_ALTERNATIVES]
    if is_word is not None:
        for cut in range(3, len(word) - 2):
            if is_word(word[:cut]) and is_word(word[cut:]):
                return [f"{word[:cut]} {word[cut:]}"]
    return []
