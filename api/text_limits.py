"""Fit text into a channel's documented limits: clip short fields, split long messages at sentence ends."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def clip(text: str, limit: int) -> str:
    """The text itself when it fits, else cut with an ellipsis inside the limit."""
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most `limit` characters, broken after sentences, else between words, else anywhere."""
    text = (text or "").strip()
    if len(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        candidate = f"{current} {piece.strip()}" if current else piece.strip()
        if len(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = piece.strip()
    if current:
        chunks.append(current)
    return chunks


def _pieces(text: str, limit: int) -> list[str]:
    """Sentences; any sentence longer than the limit broken into words, any word into slices."""
    pieces: list[str] = []
    for sentence in (s for s in SENTENCE_END.split(text) if s.strip()):
        if len(sentence) <= limit:
            pieces.append(sentence)
            continue
        for word in sentence.split():
            pieces.extend(word[i:i + limit] for i in range(0, len(word), limit))
    return pieces
