"""Synthetic catalogs for scale benchmarks: variants of the real demo products, and vectors made by
perturbing real embeddings (embedding a million texts on two cores would take hours)."""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np

from assistant.catalog.model import Product

SERIES_LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ"


def base_products(paths: list[Path]) -> list[Product]:
    """The real products the synthetic ones are made from."""
    from assistant.catalog.importers import read_catalog

    products: list[Product] = []
    for path in paths:
        result = read_catalog(path)
        if not result.ok:
            raise ValueError(f"{path}: {len(result.errors)} errors")
        products += result.products
    return products


def series_code(number: int) -> str:
    """A model code like "K4821" that makes each synthetic title unique."""
    return f"{SERIES_LETTERS[number % len(SERIES_LETTERS)]}{number // len(SERIES_LETTERS)}"


def base_id(synthetic_id: str) -> str:
    """Id of the real product a synthetic one was made from (`variant_of` appends "-" and a model code)."""
    return synthetic_id.rsplit("-", 1)[0]


def variant_of(base: Product, number: int) -> Product:
    """Synthetic product `number`: the base product with a model code, reshuffled text and another price."""
    rng = random.Random(number)
    sentences = [s for s in base.description.split(". ") if s]
    rng.shuffle(sentences)
    factor = Decimal(str(round(rng.uniform(0.7, 1.4), 2)))
    variants = tuple(
        replace(v, sku=f"{v.sku}-{number}", price=(v.price * factor).quantize(Decimal("0.01")), sale_price=None)
        for v in base.variants
    )
    return replace(
        base,
        id=f"{base.id}-{series_code(number)}",
        title=f"{base.title} {series_code(number)}",
        description=". ".join(sentences),
        variants=variants,
    )


def synthetic_catalog(bases: list[Product], count: int) -> list[Product]:
    """`count` distinct products cycling over the bases."""
    return [variant_of(bases[i % len(bases)], i) for i in range(count)]


class SyntheticEmbedder:
    """Stands in for the real embedder at build time: a product's vector is its base product's real
    vector plus seeded noise (cosine about 0.9 to the base), so near-duplicates cluster as in real catalogs."""

    def __init__(self, real_embedder, bases: list[Product], noise: float = 0.025) -> None:
        self.model_id = real_embedder.model_id
        self.dimension = real_embedder.dimension
        self.noise = noise
        self._base_vectors = real_embedder.encode([b.search_text() for b in bases])
        self._by_title = {b.title: i for i, b in enumerate(bases)}

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Perturbed base vectors, one per synthetic product text (the same text always gets the same vector)."""
        out = np.empty((len(texts), self.dimension), dtype="float32")
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
            noise = np.random.default_rng(seed).normal(0.0, self.noise, self.dimension)
            vector = self._base_vectors[self._base_index(text)] + noise
            out[row] = vector / np.linalg.norm(vector)
        return out

    def _base_index(self, text: str) -> int:
        title = text.split("\n", 1)[0].rsplit(" ", 1)[0]
        return self._by_title[title]
