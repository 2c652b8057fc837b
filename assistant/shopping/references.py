"""Which product the shopper means: a card's id, "the second one", a name, or the one in focus."""

from __future__ import annotations

import re

ORDINALS = {
    "first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3, "three": 3,
    "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5, "five": 5,
}


def mentioned_position(mention: str | None, shown: list[str]) -> str | None:
    """The id of the shown product a mention ('2', 'second', 'last') points at, if any."""
    if not mention or not shown:
        return None
    value = mention.strip().lower()
    if value in ("last", "latest"):
        return shown[-1]
    number = ORDINALS.get(value)
    if number is None:
        match = re.search(r"\d+", value)
        number = int(match.group()) if match else None
    if number is None or not 1 <= number <= len(shown):
        return None
    return shown[number - 1]


def names_product(text: str, title: str) -> bool:
    """True when the message names the product: a distinctive word of its title appears in it."""
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    title_words = [w for w in re.findall(r"[a-z0-9]+", title.lower()) if len(w) >= 4]
    return bool(title_words) and title_words[0] in words
