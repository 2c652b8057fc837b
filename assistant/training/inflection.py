"""Singular and plural forms of category names, confirmed by the words a catalog's own titles use."""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MIN_LENGTH = 3


def title_words(titles: Iterable[str]) -> frozenset[str]:
    """Lower-case words of product titles: the evidence an inflected form is really used."""
    return frozenset(word for title in titles for word in _WORD.findall(title.lower()))


def number_variants(phrase: str, vocabulary: frozenset[str]) -> list[str]:
    """Other-number forms of a phrase's last word (jackets → jacket) that the vocabulary contains."""
    head, _, last = phrase.lower().rpartition(" ")
    if len(last) < _MIN_LENGTH or not last.isalpha():
        return []
    found = [form for form in _candidates(last) if form != last and form in vocabulary]
    return [f"{head} {form}" if head else form for form in dict.fromkeys(found)]


def _candidates(word: str) -> list[str]:
    """Regular English singulars and plurals of one word, possibly wrong: callers confirm them."""
    if word.endswith("ss"):
        return [word + "es"]
    if word.endswith("ies"):
        return [word[:-3] + "y", word[:-1]]
    if word.endswith("es"):
        return [word[:-2], word[:-1]]
    if word.endswith("s"):
        return [word[:-1]]
    if word.endswith("y"):
        return [word[:-1] + "ies", word + "s"]
    return [word + "s", word + "es"]
