"""The metadata store of one index version: products, variants and a full-text index in SQLite."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from assistant.catalog.model import Product
from assistant.index import spelling
from assistant.index.filters import Filters
from assistant.index.query import AnalyzedQuery, content_words

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
CREATE TABLE terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, frequency INTEGER NOT NULL);
CREATE TABLE stems (stem TEXT PRIMARY KEY, products INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE terms_trigrams USING fts5(term, content = 'terms', content_rowid = 'id', tokenize = 'trigram');
"""

FTS_COLUMNS = "title, brand, category, details, description"
TOKENIZER = "tokenize = 'porter unicode61 remove_diacritics 2'"
# A query's candidate products, matched word by word to measure how much of the query each one has.
CANDIDATES_SCHEMA = f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.candidates USING fts5({FTS_COLUMNS}, {TOKENIZER})"
# A scratch full-text table with the index's tokenizer, to learn the stems of a query's words.
STEMMER_SCHEMA = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer USING fts5(word, {TOKENIZER});"
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer_terms USING fts5vocab(temp, stemmer, 'instance');"
)
# In catalogs larger than this, only the query's rarest words (as long as the products they match add up
# to at most this many) are matched in every field; the others only in title, brand and category.
# BM25 over a common word in descriptions would score a large share of a big catalog for every query.
MATCH_BUDGET = 20_000
SHORT_FIELDS = "{title brand category}"
# Column weights of bm25(): title, brand, category, details (gender, colours, sizes, attributes, tags), description.
BM25_WEIGHTS = (4.0, 2.0, 2.0, 1.0, 1.0)
# Words shoppers use for the feed's standard gender values.
GENDER_WORDS = {
    "male": "men men's man male",
    "female": "women women's woman female ladies",
    "unisex": "unisex men women",
}
# Catalog words fetched by trigram overlap before edit distances are computed.
SPELLING_CANDIDATES = 40


def product_key(product_id: str) -> int:
    """Stable 63-bit vector id for a catalog product id."""
    digest = hashlib.blake2b(product_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF


def text_hash(product: Product) -> str:
    """Hash of the text a product is embedded from: unchanged text, reusable vector."""
    return hashlib.blake2b(product.search_text().encode(), digest_size=16).hexdigest()


def fts_query(text: str) -> str | None:
    """An FTS5 query matching any content word of free text (quoted, so no syntax leaks through)."""
    return AnalyzedQuery(text, tuple(content_words(text))).fts()


class CatalogStore:
    """Products of one index version, with exact filters and BM25 lexical search."""

    def __init__(self, path: Path, readonly: bool = True) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}?mode=rwc"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._vocabulary: bool | None = None
        self._count: int | None = None

    @classmethod
    def create(cls, path: Path, products: Iterable[Product]) -> "CatalogStore":
        """Write a new store holding exactly these products."""
        store = cls(path, readonly=False)
        vocabulary: Counter[str] = Counter()
        with store._lock, store._db:
            store._db.executescript(SCHEMA)
            for product in products:
                vocabulary.update(set(store._insert(product)))
            store._db.executemany("INSERT INTO terms (term, frequency) VALUES (?, ?)", vocabulary.items())
            store._db.execute("INSERT INTO terms_trigrams (terms_trigrams) VALUES ('rebuild')")
            store._db.execute("CREATE VIRTUAL TABLE temp.products_stems USING fts5vocab(main, products_fts, 'row')")
            store._db.execute("INSERT INTO stems (stem, products) SELECT term, doc FROM temp.products_stems")
            store._db.execute("DROP TABLE temp.products_stems")
        return store

    def _insert(self, product: Product) -> list[str]:
        """Add one product; return the words it contributes to the vocabulary."""
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
        gender = GENDER_WORDS.get((product.gender or "").lower(), product.gender or "")
        details = " ".join(
            [gender, *product.colors, *product.sizes, *product.attributes.values(), *product.tags]
        )
        fields = (product.title, product.brand or "", " ".join(product.category), details, product.description)
        self._db.execute(
            "INSERT INTO products_fts (rowid, title, brand, category, details, description) "
            "VALUES (?,?,?,?,?,?)",
            (key, *fields),
        )
        return spelling.vocabulary_words(" ".join(fields))

    def close(self) -> None:
        """Release the database file."""
        self._db.close()

    def _query(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, list(params)).fetchall()

    def count(self) -> int:
        """Number of products."""
        if self._count is None:
            self._count = self._query("SELECT count(*) FROM products")[0][0]
        return self._count

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

    def analyze(self, text: str, is_language: Callable[[str], bool] | None = None) -> AnalyzedQuery:
        """Content words of a query, with close catalog words for those neither the catalog nor `is_language` knows."""
        words = tuple(content_words(text))
        corrections: dict[str, tuple[str, ...]] = {}
        if self._has_vocabulary():
            for word in words:
                if not spelling.max_edits(word) or self._is_known(word):
                    continue
                if is_language is None or not is_language(word):
                    found = spelling.corrections(word, self._spelling_candidates(word), self._is_known)
                    if found:
                        corrections[word] = tuple(found)
        return AnalyzedQuery(text, words, corrections)

    def _has_vocabulary(self) -> bool:
        """Whether this store has the spelling vocabulary (versions built before it have not)."""
        if self._vocabulary is None:
            self._vocabulary = bool(self._query("SELECT 1 FROM sqlite_master WHERE name = 'terms'"))
        return self._vocabulary

    def _is_known(self, word: str) -> bool:
        """Whether the catalog has this word, as written or by its stem."""
        if self._query("SELECT 1 FROM terms WHERE term = ?", [word]):
            return True
        return bool(self._query("SELECT 1 FROM products_fts WHERE products_fts MATCH ? LIMIT 1", [f'"{word}"']))

    def _spelling_candidates(self, word: str) -> list[tuple[str, int]]:
        grams = spelling.lookup_trigrams(word)
        if not grams:
            return []
        match = " OR ".join(f'"{g}"' for g in grams)
        sql = (
            "SELECT t.term, t.frequency FROM terms_trigrams g JOIN terms t ON t.id = g.rowid "
            "WHERE terms_trigrams MATCH ? ORDER BY g.rank LIMIT ?"
        )
        return self._query(sql, [match, SPELLING_CANDIDATES])

    def lexical_search(self, query: str | AnalyzedQuery, filters: Filters, limit: int) -> list[tuple[int, float]]:
        """Lexical ranking of the products meeting the filters: (vector id, score in 0..1), best first.

        The score is BM25 relative to the best BM25, times the share of the query's words the product has.
        """
        analyzed = query if isinstance(query, AnalyzedQuery) else self.analyze(query)
        if not analyzed.words:
            return []
        ranked: list[tuple[int, float]] = []
        for match in self._candidate_queries(analyzed):
            ranked = self._bm25(match, filters, limit)
            if ranked:
                break
        if not ranked:
            return []
        coverage = self._coverage(analyzed, [key for key, _ in ranked])
        best = ranked[0][1] or 1.0
        scored = [(key, score / best * coverage[key]) for key, score in ranked]
        return sorted(scored, key=lambda pair: -pair[1])

    def _bm25(self, match: str | None, filters: Filters, limit: int) -> list[tuple[int, float]]:
        if match is None:
            return []
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        if filters.is_empty():
            sql = (
                f"SELECT rowid, -bm25(products_fts, {weights}) FROM products_fts "
                f"WHERE products_fts MATCH ? ORDER BY bm25(products_fts, {weights}) LIMIT ?"
            )
            return self._query(sql, [match, limit])
        where, params = filters.where_clause()
        sql = (
            f"SELECT f.rowid, -bm25(products_fts, {weights}) AS score FROM products_fts f "
            f"JOIN products p ON p.key = f.rowid "
            f"WHERE products_fts MATCH ? AND {where} ORDER BY bm25(products_fts, {weights}) LIMIT ?"
        )
        return self._query(sql, [match, *params, limit])

    def _candidate_queries(self, analyzed: AnalyzedQuery) -> list[str | None]:
        """FTS5 queries that find the candidates, tried in turn until one finds products: every word in
        every field, except in big catalogs (then common words only in title, brand and category)."""
        everywhere = analyzed.fts()
        if self.count() <= MATCH_BUDGET or not self._has_vocabulary():
            return [everywhere]
        frequency = self._product_frequencies(analyzed)
        parts: list[str] = []
        total = 0
        for word in sorted(analyzed.words, key=frequency.__getitem__):
            total += frequency[word]
            match = analyzed.word_match(word)
            parts.append(match if total <= MATCH_BUDGET else f"{SHORT_FIELDS} : ({match})")
        return [" OR ".join(parts), everywhere]

    def _product_frequencies(self, analyzed: AnalyzedQuery) -> dict[str, int]:
        """How many products have each query word (or a correction), by the stems the index stores."""
        terms = {word: (word, *analyzed.corrections.get(word, ())) for word in analyzed.words}
        flat = list(dict.fromkeys(t for forms in terms.values() for t in forms))
        with self._lock:
            self._db.executescript(STEMMER_SCHEMA)
            self._db.executemany("INSERT INTO temp.stemmer (rowid, word) VALUES (?, ?)", list(enumerate(flat)))
            stems = dict(self._db.execute("SELECT doc, term FROM temp.stemmer_terms").fetchall())
            self._db.execute("DELETE FROM temp.stemmer")
            self._db.commit()
            counts: dict[str, int] = {}
            for stem in set(stems.values()):
                row = self._db.execute("SELECT products FROM stems WHERE stem = ?", [stem]).fetchone()
                counts[stem] = row[0] if row else 0
        by_term = {term: counts.get(stems.get(i), 0) for i, term in enumerate(flat)}
        return {word: sum(by_term[t] for t in forms) for word, forms in terms.items()}

    def _coverage(self, analyzed: AnalyzedQuery, keys: list[int]) -> dict[int, float]:
        """Share of the query's words (a word or one of its corrections) each of these products has.

        The candidates are copied into a small in-memory full-text table, so the cost does not grow with
        the catalog the way matching a common word against the whole index would.
        """
        if len(analyzed.words) <= 1:
            return {key: 1.0 for key in keys}
        matched = dict.fromkeys(keys, 0)
        marks = ",".join("?" * len(keys))
        with self._lock:
            self._db.execute(CANDIDATES_SCHEMA)
            self._db.execute(
                f"INSERT INTO temp.candidates (rowid, {FTS_COLUMNS}) "
                f"SELECT rowid, {FTS_COLUMNS} FROM products_fts WHERE rowid IN ({marks})",
                keys,
            )
            for word in analyzed.words:
                for (key,) in self._db.execute(
                    "SELECT rowid FROM temp.candidates WHERE candidates MATCH ?", [analyzed.word_match(word)]
                ):
                    matched[key] += 1
            self._db.execute("DELETE FROM temp.candidates")
            self._db.commit()
        return {key: count / len(analyzed.words) for key, count in matched.items()}
