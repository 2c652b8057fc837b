"""The metadata store of one index version: products, variants and a full-text index in SQLite."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.catalog.model import Product
from assistant.index import candidates, spelling
from assistant.index.filters import Filters
from assistant.index.hashing import product_hash, product_json, product_key, text_hash
from assistant.index.query import AnalyzedQuery, content_words

__all__ = ["CatalogStore", "StoredHashes", "fts_query", "product_key", "text_hash"]

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
CREATE INDEX product_categories_product ON product_categories(product_key);
CREATE INDEX products_brand ON products(brand COLLATE NOCASE);
CREATE INDEX products_hashes ON products(hash, text_hash);  -- an update reads them all, not the product data
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
# The stems of the scratch table's rows and in how many rows each occurs (to update `stems` by difference).
CANDIDATE_STEMS_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.candidate_stems USING fts5vocab(temp, candidates, 'row')"
)
# A scratch full-text table with the index's tokenizer, to learn the stems of a query's words.
STEMMER_SCHEMA = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer USING fts5(word, {TOKENIZER});"
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer_terms USING fts5vocab(temp, stemmer, 'instance');"
)
# In catalogs larger than this, BM25 scores at most about this many products per query (`candidates`).
MATCH_BUDGET = 5_000
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


@dataclass(frozen=True)
class StoredHashes:
    """What the store holds to tell whether a product changed: hashes of all of it and of its embedded text."""

    content: str
    text: str


def fts_query(text: str) -> str | None:
    """An FTS5 query matching any content word of free text (quoted, so no syntax leaks through)."""
    return AnalyzedQuery(text, tuple(content_words(text))).fts()


def _fts_fields(product: Product) -> tuple[str, ...]:
    """A product's full-text fields, in FTS_COLUMNS order."""
    gender = GENDER_WORDS.get((product.gender or "").lower(), product.gender or "")
    details = " ".join([gender, *product.colors, *product.sizes, *product.attributes.values(), *product.tags])
    return (product.title, product.brand or "", " ".join(product.category), details, product.description)


def _vocabulary(row: tuple[str, ...]) -> set[str]:
    """The distinct words a product's full-text fields add to the spelling vocabulary."""
    return set(spelling.vocabulary_words(" ".join(row)))


def _relative(ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """BM25 scores relative to the best of them."""
    best = ranked[0][1] if ranked and ranked[0][1] else 1.0
    return [(key, score / best) for key, score in ranked]


def _ranked(scored: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Best first (a stable sort: ties keep their order)."""
    return sorted(scored, key=lambda pair: -pair[1])


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
    def create(cls, path: Path, products: Iterable[Product], hashes: Mapping[str, str] | None = None) -> "CatalogStore":
        """Write a new store holding exactly these products (`hashes`: their `product_hash` by id, if known)."""
        store = cls(path, readonly=False)
        words: Counter[str] = Counter()
        with store._lock, store._db:
            store._db.executescript(SCHEMA)
            for product in products:
                words.update(_vocabulary(store._insert(product, hashes)))
            store._merge_terms(words)
            store._db.execute("CREATE VIRTUAL TABLE temp.products_stems USING fts5vocab(main, products_fts, 'row')")
            store._db.execute("INSERT INTO stems (stem, products) SELECT term, doc FROM temp.products_stems")
            store._db.execute("DROP TABLE temp.products_stems")
        return store

    @classmethod
    def derive(
        cls,
        previous: Path,
        path: Path,
        upserts: list[Product],
        removed: list[int],
        hashes: Mapping[str, str] | None = None,
    ) -> "CatalogStore":
        """Write a new store from a copy of a previous version's: the products in `upserts` written (added
        or replaced), those with vector ids in `removed` deleted, in one transaction. The previous file is
        only read, so its version stays intact and live; the work grows with the change, not the catalog."""
        shutil.copyfile(previous, path)
        store = cls(path, readonly=False)
        with store._lock, store._db:
            store._apply(upserts, removed, hashes)
        return store

    def _apply(self, upserts: list[Product], removed: list[int], hashes: Mapping[str, str] | None) -> None:
        """Replace and delete products, keeping the spelling vocabulary and stem counts exact."""
        gone = list(dict.fromkeys([*removed, *(product_key(p.id) for p in upserts)]))
        old_rows = self._fts_rows(gone)
        for table, column in (
            ("products", "key"), ("variants", "product_key"), ("product_categories", "product_key"),
            ("products_fts", "rowid"),
        ):
            self._db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(key,) for key in gone])
        new_rows = [self._insert(product, hashes) for product in upserts]
        words: Counter[str] = Counter()
        for row in new_rows:
            words.update(_vocabulary(row))
        for row in old_rows:
            words.subtract(_vocabulary(row))
        self._merge_terms(words)
        stems = self._stem_counts(new_rows)
        stems.subtract(self._stem_counts(old_rows))
        self._merge_stems(stems)

    def _insert(self, product: Product, hashes: Mapping[str, str] | None = None) -> tuple[str, ...]:
        """Add one product; return its full-text fields."""
        key = product_key(product.id)
        content_hash = hashes.get(product.id) if hashes is not None else None
        self._db.execute(
            "INSERT INTO products (key, id, hash, text_hash, title, brand, gender, data) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (
                key,
                product.id,
                content_hash or product_hash(product),
                text_hash(product),
                product.title,
                product.brand,
                product.gender,
                product_json(product),
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
        row = _fts_fields(product)
        self._db.execute(
            f"INSERT INTO products_fts (rowid, {FTS_COLUMNS}) VALUES (?,?,?,?,?,?)", (key, *row)
        )
        return row

    def _fts_rows(self, keys: list[int]) -> list[tuple[str, ...]]:
        """Full-text fields of the stored products with these vector ids (absent ones skipped)."""
        rows = []
        for key in keys:
            found = self._db.execute(f"SELECT {FTS_COLUMNS} FROM products_fts WHERE rowid = ?", [key]).fetchone()
            if found:
                rows.append(tuple(found))
        return rows

    def _merge_terms(self, delta: Counter[str]) -> None:
        """Count products' words into the spelling vocabulary (negative counts take them out) and keep its
        trigram index (external content: each term added or deleted by hand) in step."""
        changed = [term for term, count in delta.items() if count]
        existing: dict[str, tuple[int, int]] = {}
        for start in range(0, len(changed), 500):
            chunk = changed[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT term, id, frequency FROM terms WHERE term IN ({marks})"
            existing.update((term, (row_id, frequency)) for term, row_id, frequency in self._db.execute(sql, chunk))
        for term in changed:
            count = delta[term]
            if term not in existing:
                if count > 0:
                    insert = "INSERT INTO terms (term, frequency) VALUES (?, ?)"
                    row_id = self._db.execute(insert, (term, count)).lastrowid
                    self._db.execute("INSERT INTO terms_trigrams (rowid, term) VALUES (?, ?)", (row_id, term))
                continue
            row_id, frequency = existing[term]
            if frequency + count > 0:
                self._db.execute("UPDATE terms SET frequency = ? WHERE id = ?", (frequency + count, row_id))
            else:
                self._db.execute("DELETE FROM terms WHERE id = ?", (row_id,))
                self._db.execute(
                    "INSERT INTO terms_trigrams (terms_trigrams, rowid, term) VALUES ('delete', ?, ?)", (row_id, term)
                )

    def _stem_counts(self, rows: list[tuple[str, ...]]) -> Counter[str]:
        """In how many of these full-text rows each stem occurs, by the index's own tokenizer."""
        if not rows:
            return Counter()
        self._db.execute(CANDIDATES_SCHEMA)
        self._db.execute(CANDIDATE_STEMS_SCHEMA)
        self._db.executemany(f"INSERT INTO temp.candidates ({FTS_COLUMNS}) VALUES (?,?,?,?,?)", rows)
        counts = Counter(dict(self._db.execute("SELECT term, doc FROM temp.candidate_stems")))
        self._db.execute("DELETE FROM temp.candidates")
        return counts

    def _merge_stems(self, delta: Counter[str]) -> None:
        """Add to (or subtract from) the number of products having each stem; drop stems no product has."""
        for stem, count in delta.items():
            if count:
                self._db.execute(
                    "INSERT INTO stems (stem, products) VALUES (?, ?) "
                    "ON CONFLICT (stem) DO UPDATE SET products = products + excluded.products",
                    (stem, count),
                )
                if count < 0:
                    self._db.execute("DELETE FROM stems WHERE stem = ? AND products <= 0", (stem,))

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

    def hashes(self) -> dict[int, StoredHashes]:
        """Content and embedded-text hashes of every product, by vector id."""
        rows = self._query("SELECT key, hash, text_hash FROM products")
        return {key: StoredHashes(content, text) for key, content, text in rows}

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
            "WHERE terms_trigrams MATCH ? ORDER BY g.rank, t.term LIMIT ?"
        )
        return self._query(sql, [match, SPELLING_CANDIDATES])

    def lexical_search(self, query: str | AnalyzedQuery, filters: Filters, limit: int) -> list[tuple[int, float]]:
        """Lexical ranking of the products meeting the filters: (vector id, score in 0..1), best first.

        The score is BM25 relative to the best BM25, times the share of the query's words the product has.
        """
        analyzed = query if isinstance(query, AnalyzedQuery) else self.analyze(query)
        if not analyzed.words:
            return []
        if self.count() > MATCH_BUDGET and self._has_vocabulary():
            return self._big_catalog_search(analyzed, filters, limit)
        ranked = self._bm25(analyzed.fts(), filters, limit)
        coverage = self._coverage(analyzed, [key for key, _ in ranked])
        return _ranked([(key, score * coverage[key]) for key, score in _relative(ranked)])

    def _big_catalog_search(self, analyzed: AnalyzedQuery, filters: Filters, limit: int) -> list[tuple[int, float]]:
        """`lexical_search` where BM25 scores at most about MATCH_BUDGET products (see `candidates`)."""
        plan = candidates.plan(analyzed, self._product_frequencies(analyzed), MATCH_BUDGET)
        budget = max(MATCH_BUDGET, limit)
        scored: dict[int, float] = {}
        if plan.every:
            ranked = self._bm25(plan.every, filters, limit, budget)
            scored.update((key, score * plan.known_share) for key, score in _relative(ranked))
        if len(scored) < limit and plan.rare:
            ranked = self._bm25(plan.rare, filters, budget, budget)
            coverage = self._coverage_among(analyzed, plan.rare, {key for key, _ in ranked})
            for key, score in _relative(ranked):
                scored.setdefault(key, score * coverage[key])
        if not scored:
            ranked = self._bm25(plan.any, filters, limit, budget)
            coverage = self._coverage(analyzed, [key for key, _ in ranked])
            scored = {key: score * coverage[key] for key, score in _relative(ranked)}
        return _ranked(list(scored.items()))[:limit]

    def _bm25(
        self, match: str | None, filters: Filters, limit: int, scored: int | None = None
    ) -> list[tuple[int, float]]:
        """The `limit` best matches by BM25; with `scored`, the best among the first `scored` matches
        (in id order, so an arbitrary sample of them) rather than among all."""
        if match is None:
            return []
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        join, where, params = "", "", []
        if not filters.is_empty():
            clause, params = filters.where_clause()
            join, where = "JOIN products p ON p.key = f.rowid", f"AND {clause}"
        select = (
            f"SELECT f.rowid AS key, -bm25(products_fts, {weights}) AS score FROM products_fts f {join} "
            f"WHERE products_fts MATCH ? {where}"
        )
        if scored is not None:
            sql = f"SELECT key, score FROM ({select} LIMIT ?) ORDER BY score DESC, key LIMIT ?"
            return self._query(sql, [match, *params, scored, limit])
        return self._query(f"{select} ORDER BY bm25(products_fts, {weights}) LIMIT ?", [match, *params, limit])

    def _coverage_among(self, analyzed: AnalyzedQuery, match: str, keys: set[int]) -> dict[int, float]:
        """`_coverage` of the products `match` finds, from the index itself: each word is matched only
        among those products, so this costs no more than `match` does."""
        counts = dict.fromkeys(keys, 0)
        for word in analyzed.words:
            both = f"({match}) AND ({analyzed.word_match(word)})"
            for (key,) in self._query("SELECT rowid FROM products_fts WHERE products_fts MATCH ?", [both]):
                if key in counts:
                    counts[key] += 1
        return {key: count / len(analyzed.words) for key, count in counts.items()}

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
        if len(analyzed.words) <= 1 or not keys:
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
