"""Query analysis shared by both rankers: content words, price expressions left out, typo corrections."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.index.stopwords import STOPWORDS

_WORD = re.compile(r"\w+", re.UNICODE)
_AMOUNT = r"\d+(?:[.,]\d+)?"
_CURRENCY_WORDS = r"dollars?|bucks|usd|eur|euros?|gbp|pounds?|quid"
_PRICE_WORDS = r"under|below|less than|cheaper than|over|above|more than|around|about|max|up to|within|for"
# Price expressions ("under 50", "$5", "40 dollars"): the conversation layer turns them into filters;
# as text they would only match sizes and model numbers.
_PRICE = re.compile(
    rf"(?:\b(?:{_PRICE_WORDS})\s+)?(?:[$€£]\s*{_AMOUNT}|\b{_AMOUNT}\s*(?:[$€£]|(?:{_CURRENCY_WORDS})\b))"
    rf"|\b(?:under|below|less than|cheaper than|over|above|more than)\s+{_AMOUNT}\b",
    re.IGNORECASE,
)


def without_prices(text: str) -> str:
    """The text with price expressions removed."""
    return re.sub(r"\s+", " ", _PRICE.sub(" ", text)).strip()


def content_words(text: str) -> list[str]:
    """Distinct lower-case words worth matching: no stopwords, no price expressions."""
    words = _WORD.findall(without_prices(text).lower())
    return list(dict.fromkeys(w for w in words if w not in STOPWORDS))


@dataclass(frozen=True)
class AnalyzedQuery:
    """A shopper's query as both rankers see it."""

    text: str
    words: tuple[str, ...]
    corrections: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def word_match(self, word: str) -> str:
        """FTS5 expression for one word or any of its corrections (quoted, so no syntax leaks through)."""
        return " OR ".join(f'"{term}"' for term in (word, *self.corrections.get(word, ())))

    def fts(self, words: Sequence[str] | None = None, every: bool = False) -> str | None:
        """FTS5 query matching any (or, with `every`, each) of the words, by default all content words."""
        chosen = self.words if words is None else words
        if not chosen:
            return None
        if every:
            return " AND ".join(f"({self.word_match(word)})" for word in chosen)
        return " OR ".join(self.word_match(word) for word in chosen)

    def dense_text(self) -> str:
        """Text to embed: prices removed, misspelled words replaced by their best correction."""
        text = without_prices(self.text) or self.text
        for word, alternatives in self.corrections.items():
            text = re.sub(rf"\b{re.escape(word)}\b", alternatives[0], text, flags=re.IGNORECASE)
        return text
