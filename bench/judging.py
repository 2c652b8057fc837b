"""Graded relevance judgments written as rules over a catalog's real products, saved as TREC-like TSV."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.catalog.model import Product


@dataclass(frozen=True)
class Judged:
    """The fields a judge reads, in lower case and plain text."""

    id: str
    title: str
    description: str
    category: str
    gender: str
    tags: frozenset[str]
    colors: frozenset[str]
    sizes: frozenset[str]
    price: float
    brand: str = ""
    attributes: str = ""

    @classmethod
    def of(cls, product: Product) -> "Judged":
        """Flatten a catalog product for judging."""
        plain = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", product.description)))
        return cls(
            id=product.id,
            title=product.title.lower(),
            description=plain.lower(),
            category=" > ".join(product.category).lower(),
            gender=(product.gender or "").lower(),
            tags=frozenset(html.unescape(t).lower() for t in product.tags),
            colors=frozenset(c.lower() for c in product.colors),
            sizes=frozenset(s.lower() for s in product.sizes),
            price=float(product.price or 0),
            brand=(product.brand or "").lower(),
            attributes=" ".join(product.attributes.values()).lower(),
        )


class Rule:
    """A predicate over a judged product; combine with `&`, `|` and `~`."""

    def __init__(self, test: Callable[[Judged], bool]) -> None:
        self.test = test

    def __call__(self, product: Judged) -> bool:
        return self.test(product)

    def __and__(self, other: "Rule") -> "Rule":
        return Rule(lambda p: self(p) and other(p))

    def __or__(self, other: "Rule") -> "Rule":
        return Rule(lambda p: self(p) or other(p))

    def __invert__(self) -> "Rule":
        return Rule(lambda p: not self(p))


def title(pattern: str) -> Rule:
    """Title matches a regular expression (word boundaries are the caller's)."""
    compiled = re.compile(pattern, re.I)
    return Rule(lambda p: bool(compiled.search(p.title)))


def text(pattern: str) -> Rule:
    """Title or description matches a regular expression."""
    compiled = re.compile(pattern, re.I)
    return Rule(lambda p: bool(compiled.search(p.title) or compiled.search(p.description)))


def brand(name: str) -> Rule:
    """Brand is exactly this (any case)."""
    return Rule(lambda p: p.brand == name.lower())


def attribute(pattern: str) -> Rule:
    """An attribute value (material, pattern...) matches a regular expression."""
    compiled = re.compile(pattern, re.I)
    return Rule(lambda p: bool(compiled.search(p.attributes)))


def category(*names: str) -> Rule:
    """Category path contains one of these segments."""
    wanted = [n.lower() for n in names]
    return Rule(lambda p: any(n in p.category for n in wanted))


def tag(*names: str) -> Rule:
    """Has one of these tags."""
    wanted = {n.lower() for n in names}
    return Rule(lambda p: bool(p.tags & wanted))


def gender(value: str) -> Rule:
    """Gender is exactly this (male, female or '' for unisex)."""
    return Rule(lambda p: p.gender == value)


def color(*names: str) -> Rule:
    """Comes in one of these colours."""
    wanted = {n.lower() for n in names}
    return Rule(lambda p: bool(p.colors & wanted))


def size(*names: str) -> Rule:
    """Comes in one of these sizes."""
    wanted = {n.lower() for n in names}
    return Rule(lambda p: bool(p.sizes & wanted))


def price_at_most(limit: float) -> Rule:
    """Lowest price is at most `limit`."""
    return Rule(lambda p: p.price <= limit)


def price_at_least(limit: float) -> Rule:
    """Lowest price is at least `limit`."""
    return Rule(lambda p: p.price >= limit)


def ids(*names: str) -> Rule:
    """One of these product ids."""
    wanted = set(names)
    return Rule(lambda p: p.id in wanted)


NOTHING = Rule(lambda p: False)


@dataclass(frozen=True)
class Query:
    """A shopper's query and the rules that grade products for it (3 beats 2 beats 1)."""

    text: str
    grade3: Rule = NOTHING
    grade2: Rule = NOTHING
    grade1: Rule = NOTHING

    def grade(self, product: Judged) -> int:
        """Graded relevance 0-3 of one product."""
        for value, rule in ((3, self.grade3), (2, self.grade2), (1, self.grade1)):
            if rule(product):
                return value
        return 0


def write(queries: list[Query], products: list[Product], folder: Path, prefix: str) -> tuple[int, int]:
    """Write queries.tsv (qid, text) and qrels.tsv (qid, product_id, grade > 0); return their sizes."""
    judged = [Judged.of(p) for p in products]
    query_lines, qrel_lines = ["qid\tquery"], ["qid\tproduct_id\tgrade"]
    for number, query in enumerate(queries, start=1):
        qid = f"{prefix}{number:03d}"
        grades = [(p.id, query.grade(p)) for p in judged]
        relevant = [(pid, g) for pid, g in grades if g > 0]
        if not any(g >= 2 for _, g in relevant):
            raise ValueError(f"{qid} {query.text!r} has no product graded 2 or 3: fix the rules")
        query_lines.append(f"{qid}\t{query.text}")
        qrel_lines += [f"{qid}\t{pid}\t{g}" for pid, g in sorted(relevant, key=lambda r: (-r[1], r[0]))]
    (folder / "queries.tsv").write_text("\n".join(query_lines) + "\n")
    (folder / "qrels.tsv").write_text("\n".join(qrel_lines) + "\n")
    return len(query_lines) - 1, len(qrel_lines) - 1
