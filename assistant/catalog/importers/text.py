"""Plain text from product copy: HTML to one readable line, whitespace collapsed.

Descriptions become a single line so the same product reads the same whatever the
source (a Shopify HTML body or a Merchant feed's stripped text):

- tags become word breaks, entities are decoded (``&bull;`` stays a visible bullet);
- ``<script>`` and ``<style>`` contents are dropped;
- a list whose items are sentences (each ends in ``. ! ? : ;``) reads as prose,
  ``Dual handles. Zip pocket.``; a list of fragments gets bullets,
  ``• 14k gold • Leather • Made in USA``, so the items stay apart.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr p pre section table tbody td th thead tr".split()
)
_LIST_TAGS = frozenset({"ul", "ol"})
_SKIPPED_TAGS = frozenset({"script", "style", "template"})
_SENTENCE_END = tuple(".!?:;…")
_CLOSING_MARKS = "\"')]»”’"
_HTML_HINT = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*)?/?>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);")


def clean_text(value: str | None) -> str:
    """Decode HTML entities ("&reg;" in titles) and collapse whitespace runs to one space."""
    return " ".join(html.unescape(value).split()) if value else ""


def html_to_text(html: str | None) -> str:
    """Convert an HTML fragment to one line of readable plain text."""
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


def to_plain_text(value: str | None) -> str:
    """Plain text from a field that may or may not hold HTML (feeds and plain files)."""
    if value and _HTML_HINT.search(value):
        return html_to_text(value)
    return clean_text(value)


def _ends_sentence(item: str) -> bool:
    return item.rstrip(_CLOSING_MARKS).endswith(_SENTENCE_END)


class _List:
    """An open <ul>/<ol>: finished items, plus the item being read."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.current: list[str] | None = None

    def close_item(self) -> None:
        if self.current is not None:
            item = clean_text("".join(self.current))
            if item:
                self.items.append(item)
            self.current = None

    def render(self) -> str:
        self.close_item()
        if all(_ends_sentence(item) for item in self.items):
            return " ".join(self.items)
        return " ".join(f"• {item}" for item in self.items)


class _TextExtractor(HTMLParser):
    """Collects text, turning block tags into spaces and lists into bullets or prose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._lists: list[_List] = []
        self._skipping = 0

    def _target(self) -> list[str]:
        for open_list in reversed(self._lists):
            if open_list.current is not None:
                return open_list.current
        return self._out

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _LIST_TAGS:
            self._target().append(" ")
            self._lists.append(_List())
        elif tag == "li":
            if not self._lists:
                self._lists.append(_List())
            self._lists[-1].close_item()
            self._lists[-1].current = []
        elif tag in _BLOCK_TAGS:
            self._target().append(" ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self._target().append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _LIST_TAGS and self._lists:
            self._close_list()
        elif tag == "li" and self._lists:
            self._lists[-1].close_item()
        elif tag in _BLOCK_TAGS:
            self._target().append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._target().append(data)

    def _close_list(self) -> None:
        rendered = self._lists.pop().render()
        target = self._target()
        target.extend((" ", rendered, " "))

    def text(self) -> str:
        """The collected text; lists left open by malformed HTML are closed here."""
        while self._lists:
            self._close_list()
        return clean_text("".join(self._out))
