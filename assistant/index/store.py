"""The metadata store of one index version: products, variants and a full-text index in SQLite."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from assistant.catalog.model import Product
from assistant.index.filters import Filters
from assistant.index.stopwords import STOPWORDS

SCHEMA = """
CREATE TABLE products (
    key INTEGER PRIMARY KEY,          -- the vector id in FAISS
    id TEXT NOT NULL UNIQUE,          -- the catalog's own product id
    hash TEXT NOT NULL,               -- changes with anything about the product
    text_hash TEXT NOT NULL,          -- changes only with the embedded text
    title TEXT NOT NULL,
    brand TEXT,
    gender TEXT,
    data TEXT NOT NULL
);
CREATE TABLE variants (
    product_key INTEGER NOT NULL,
    sku TEXT,
    color TEXT,
    size TEXT,
    price REAL NOT NULL,
    in_stock INTEGER NOT NULL
);
CREATE INDEX variants_product ON variants(product_key);
CREATE INDEX variants_color_size ON variants(color COLLATE NOCASE, size COLLATE NOCASE);
CREATE TABLE product_categories (product_key INTEGER NOT NULL, segment TEXT NOT NULL);
CREATE INDEX product_categories_segment ON product_categories(segment COLLATE NOCASE);
CREATE INDEX products_brand ON products(brand COLLATE NOCASE);
CREATE VIRTUAL TABLE products_fts USING fts5(
    title, brand, category, details, description,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""

# Column weights of bm25(): title, brand, category, details (colours, sizes, attributes), description.
BM25_WEIGHTS = (4.0, 2.0, 2.0, 1.0, 1.0)
_WORD = re.compile(r"\w+", re.UNICODE)


def product_key(product_id: str) -> int:
    """Stable 63-bit vector id for a catalog product id."""
    digest = hashlib.blake2b(product_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF


def text_hash(product: Product) -> str:
    """Hash of the text a product is embedded from: unchanged text, reusable vector."""
    return hashlib.blake2b(product.search_text().encode(), digest_size=16).hexdigest()


def fts_query(text: str) -> str | None:
    """An FTS5 query matching any word of free text (quoted, so no syntax leaks through)."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]
    if not words:
        return None
    return " OR ".join(f'"{w}"' for w in dict.fromkeys(words))


class CatalogStore:
    """Products of one index version, with exact filters and BM25 lexical search."""

    def __init__(self, path: Path, readonly: bool = True) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}?mode=rwc"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    @classmethod
    def create(cls, path: Path, products: Iterable[Product]) -> "CatalogStore":
        """Write a new store holding exactly these products."""
        store = cls(path, readonly=False)
        with store._lock, store._db:
            store._db.executescript(SCHEMA)
            for product in products:
                store._insert(product)
        return store

    def _insert(self, product: Product) -> None:
        key = product_key(product.id)
        self._db.execute(
            "INSERT INTO products (key, id, hash, text_hash, title, brand, gender, data) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (
                key,
                product.id,
                product.content_hash(),
                text_hash(product),
                product.title,
                product.brand,
                product.gender,
                json.dumps(product.to_dict(), ensure_ascii=False),
            ),
        )
        self._db.executemany(
            "INSERT INTO variants (product_key, sku, color, size, price, in_stock) VALUES (?,?,?,?,?,?)",
            [
                (key, v.sku, v.color, v.size, float(v.effective_price), int(v.in_stock))
                for v in product.variants
            ],
        )
        self._db.executemany(
            "INSERT INTO product_categories (product_key, segment) VALUES (?, ?)",
            [(key, segment) for segment in dict.fromkeys(product.category)],
        )
        details = " ".join(
            [*product.colors, *product.sizes, *product.attributes.values(), *product.tags]
        )
        self._db.execute(
            "INSERT INTO products_fts (rowid, title, brand, category, details, description) "
            "VALUES (?,?,?,?,?,?)",
            (key, product.title, product.brand or "", " ".join(product.category), details, product.description),
        )

    def close(self) -> None:
        """Release the database file."""
        self._db.close()

    def _query(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, list(params)).fetchall()

    def count(self) -> int:
        """Number of products."""
        return self._query("SELECT count(*) FROM products")[0][0]

    def text_hashes(self) -> dict[int, str]:
        """Hash of the embedded text of every product, by vector id."""
        return dict(self._query("SELECT key, text_hash FROM products"))

    def get(self, product_id: str) -> Product | None:
        """One product by its catalog id."""
        rows = self._query("SELECT data FROM products WHERE id = ?", [product_id])
        return Product.from_dict(json.loads(rows[0][0])) if rows else None

    def by_keys(self, keys: list[int]) -> dict[int, Product]:
        """Products by vector id."""
        found: dict[int, Product] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, data in self._query(f"SELECT key, data FROM products WHERE key IN ({marks})", chunk):
                found[key] = Product.from_dict(json.loads(data))
        return found

    def iter_products(self) -> Iterator[Product]:
        """Every product, in id order."""
        for (data,) in self._query("SELECT data FROM products ORDER BY id"):
            yield Product.from_dict(json.loads(data))

    def matching_keys(self, filters: Filters) -> list[int]:
        """Vector ids of all products that meet the filters."""
        where, params = filters.where_clause()
        return [row[0] for row in self._query(f"SELECT p.key FROM products p WHERE {where}", params)]

    def lexical_search(self, text: str, filters: Filters, limit: int) -> list[tuple[int, float]]:
        """BM25 ranking of the products that meet the filters: (vector id, score), best first."""
        match = fts_query(text)
        if match is None:
            return []
        where, params = filters.where_clause()
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        sql = (
            f"SELECT f.rowid, -bm25(products_fts, {weights}) AS score FROM products_fts f "
            f"JOIN products p ON p.key = f.rowid "
            f"WHERE products_fts MATCH ? AND {where} ORDER BY bm25(products_fts, {weights}) LIMIT ?"
        )
        return [(key, score) for key, score in self._query(sql, [match, *params, limit])]
