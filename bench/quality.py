"""Retrieval quality on the labelled query sets: nDCG@10, recall@50 (of products graded 2-3) and top hit
(share of queries whose first product is graded 2-3) for lexical, dense and hybrid ranking.

    python -m bench.quality                       # both catalogs, all three modes, markdown table
    python -m bench.quality --catalog luma --worst 15
    python -m bench.quality --run run.jsonl --catalog luma   # score `assistant search --queries` output
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.metrics import ndcg_at, recall_at

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MODES = ("lexical", "dense", "hybrid")
MODE_NAMES = {"lexical": "BM25 (FTS5)", "dense": "dense (MiniLM + FAISS)", "hybrid": "hybrid"}


@dataclass(frozen=True)
class Catalog:
    """A catalog file and its labelled queries."""

    name: str
    path: Path
    folder: Path

    def queries(self) -> dict[str, str]:
        """Query text by query id."""
        with open(self.folder / "queries.tsv", newline="") as handle:
            return {row["qid"]: row["query"] for row in csv.DictReader(handle, delimiter="\t")}

    def qrels(self) -> dict[str, dict[str, int]]:
        """Grades by query id, then product id."""
        grades: dict[str, dict[str, int]] = defaultdict(dict)
        with open(self.folder / "qrels.tsv", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                grades[row["qid"]][row["product_id"]] = int(row["grade"])
        return grades


CATALOGS = {
    "luma": Catalog("luma", ROOT / "demo_data/catalog/luma_shopify.csv", DATA / "luma"),
    "home_kitchen": Catalog("home_kitchen", DATA / "home_kitchen/hearth_harbor_feed.tsv", DATA / "home_kitchen"),
}


@dataclass(frozen=True)
class Scores:
    """Mean metrics of one ranking over one query set, with per-query nDCG@10."""

    ndcg10: float
    recall50: float
    top_hit: float
    per_query: dict[str, float]
    ms_per_query: float


def evaluate(runs: dict[str, list[str]], qrels: dict[str, dict[str, int]], ms_per_query: float = 0.0) -> Scores:
    """Score ranked id lists by query id against the judgments."""
    ndcgs = {qid: ndcg_at(runs.get(qid, []), grades, 10) for qid, grades in qrels.items()}
    recalls = [recall_at(runs.get(qid, []), grades, 50) for qid, grades in qrels.items()]
    top_hits = [recall_at(runs.get(qid, [])[:1], grades, 1) > 0 for qid, grades in qrels.items()]
    return Scores(statistics.fmean(ndcgs.values()), statistics.fmean(recalls), statistics.fmean(top_hits), ndcgs, ms_per_query)


def index_for(catalog: Catalog, work_dir: Path, embedder):
    """Import the catalog into its own data folder (incremental, so reruns are quick) and load it."""
    from assistant.catalog.importers import read_catalog
    from assistant.index.build import build_index
    from assistant.index.search import ProductIndex

    result = read_catalog(catalog.path)
    if not result.ok:
        raise SystemExit(f"{catalog.path}: {len(result.errors)} errors")
    data_dir = work_dir / catalog.name
    build_index(result.products, data_dir, embedder, source=str(catalog.path))
    return ProductIndex.load_current(data_dir, embedder)


def run_mode(index, queries: dict[str, str], mode: str, k: int = 50) -> tuple[dict[str, list[str]], float]:
    """Ranked product ids per query id, and the mean milliseconds per query."""
    start = time.perf_counter()
    runs = {qid: [hit.product.id for hit in index.search(text, k=k, mode=mode)] for qid, text in queries.items()}
    return runs, 1000 * (time.perf_counter() - start) / max(1, len(queries))


def read_run(path: Path, queries: dict[str, str]) -> dict[str, list[str]]:
    """Ranked ids by query id from `assistant search --queries FILE --json` output (matched by query text)."""
    by_text = {text: qid for qid, text in queries.items()}
    runs = {}
    for line in path.read_text().splitlines():
        if line.strip():
            record = json.loads(line)
            runs[by_text[record["query"]]] = record["ids"]
    return runs


def table(results: dict[str, dict[str, Scores]]) -> str:
    """Markdown table: one row per catalog and mode."""
    lines = [
        "| catalog | queries | ranking | nDCG@10 | recall@50 | top hit | vs BM25 | ms/query |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for name, by_mode in results.items():
        base = by_mode.get("lexical")
        for mode, scores in by_mode.items():
            ratio = f"{scores.ndcg10 / base.ndcg10:.2f}x" if base and base.ndcg10 else ""
            lines.append(
                f"| {name} | {len(scores.per_query)} | {MODE_NAMES.get(mode, mode)} | {scores.ndcg10:.3f} | "
                f"{scores.recall50:.3f} | {scores.top_hit:.3f} | {ratio} | {scores.ms_per_query:.1f} |"
            )
    return "\n".join(lines)


def worst(scores: Scores, queries: dict[str, str], count: int) -> str:
    """The queries where a ranking does worst, for error analysis."""
    rows = sorted(scores.per_query.items(), key=lambda item: item[1])[:count]
    return "\n".join(f"  {qid} {value:.3f}  {queries[qid]}" for qid, value in rows)


def main(argv: list[str] | None = None) -> int:
    """Run the quality benchmark and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalog", choices=sorted(CATALOGS), action="append", help="default: all")
    parser.add_argument("--mode", choices=MODES, action="append", help="default: all three")
    parser.add_argument("--work-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "assistant-bench-quality")
    parser.add_argument("--run", type=Path, help="score this JSON-lines run instead of searching")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst queries per ranking")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--dense-weight", type=float, help="ablation: share of the fused score from dense (default 0.5)")
    parser.add_argument("--feedback-weight", type=float, help="ablation: weight of the feedback vector (0 = no feedback)")
    args = parser.parse_args(argv)
    from assistant.index import search

    if args.dense_weight is not None:
        search.DENSE_WEIGHT = args.dense_weight
    if args.feedback_weight is not None:
        search.FEEDBACK_WEIGHT = args.feedback_weight
    names = args.catalog or list(CATALOGS)
    results: dict[str, dict[str, Scores]] = {}
    if args.run:
        if len(names) != 1:
            parser.error("--run needs exactly one --catalog")
        catalog = CATALOGS[names[0]]
        results[catalog.name] = {"run": evaluate(read_run(args.run, catalog.queries()), catalog.qrels())}
    else:
        from assistant.index.embedder import Embedder

        embedder = Embedder()
        for name in names:
            catalog = CATALOGS[name]
            index = index_for(catalog, args.work_dir, embedder)
            queries, qrels = catalog.queries(), catalog.qrels()
            index.search("warm up", k=1)  # load the model before timing
            results[name] = {}
            for mode in args.mode or MODES:
                runs, ms = run_mode(index, queries, mode)
                results[name][mode] = evaluate(runs, qrels, ms)
                if args.worst:
                    print(f"{name} / {mode}: worst queries\n{worst(results[name][mode], queries, args.worst)}", file=sys.stderr)
    output = table(results)
    print(output)
    if args.out:
        args.out.write_text(output + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
