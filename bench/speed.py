"""Index speed and size: build throughput, 1% incremental update, query latency (embedding included),
RAM per product, quality of the rankings graded by the real products the synthetic ones come from, and,
for IVF indexes, recall of the approximate search against exact search.

    python -m bench.speed --products 10000                 # real embeddings for every product
    python -m bench.speed --products 1000000 --synthetic   # perturbed real embeddings (see bench/synthetic.py)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np

from bench.quality import CATALOGS

NPROBES = (8, 16, 32, 64, 128, 256)


def rss_mib() -> float:
    """Resident memory of this process in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    return {
        "cpus": str(os.cpu_count()),
        "memory_gib": memory,
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "faiss": faiss.__version__,
        "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50, p95 and mean of latencies in milliseconds."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1), "mean_ms": round(statistics.fmean(ordered), 1)}


def shopper_queries() -> list[str]:
    """Every labelled query of both catalogs: realistic lengths and vocabulary."""
    return [text for catalog in CATALOGS.values() for text in catalog.queries().values()]


def query_grades() -> list[dict[str, int]]:
    """Grades of each of `shopper_queries()` by real product id (0 for the other catalog's products)."""
    grades = []
    for catalog in CATALOGS.values():
        qrels = catalog.qrels()
        grades += [qrels.get(qid, {}) for qid in catalog.queries()]
    return grades


def quality_at_scale(rankings: list[list[str]], grades: list[dict[str, int]], k: int = 10) -> dict[str, float]:
    """nDCG@k and top hit of rankings of a synthetic catalog, each product graded as the real product it was
    made from (ideal: k copies of the best ones; every real product has at least k copies from 3,680 products)."""
    from bench.metrics import dcg
    from bench.synthetic import base_id

    ndcgs, hits = [], []
    for ranked, by_base in zip(rankings, grades):
        gains = [by_base.get(base_id(product_id), 0) for product_id in ranked[:k]]
        ideal = dcg(sorted((g for g in by_base.values() for _ in range(k)), reverse=True)[:k])
        ndcgs.append(dcg(gains) / ideal if ideal else 0.0)
        hits.append(bool(gains) and gains[0] >= 2)
    return {f"ndcg@{k}": round(statistics.fmean(ndcgs), 3), "top_hit": round(statistics.fmean(hits), 3)}


def timed_searches(index, queries: list[str], mode: str, repeats: int) -> tuple[dict[str, float], list[list[str]]]:
    """Latency of `index.search(q, k=10, mode=mode)` over the queries, end to end, and the ranked ids."""
    samples = []
    rankings = []
    for _ in range(repeats):
        rankings = []
        for query in queries:
            start = time.perf_counter()
            hits = index.search(query, k=10, mode=mode)
            samples.append(1000 * (time.perf_counter() - start))
            rankings.append([hit.product.id for hit in hits])
    return percentiles(samples), rankings


def timed_embeddings(embedder, queries: list[str]) -> dict[str, float]:
    """Latency of embedding one query."""
    samples = []
    for query in queries:
        start = time.perf_counter()
        embedder.encode([query])
        samples.append(1000 * (time.perf_counter() - start))
    return percentiles(samples)


def changed_one_percent(products: list, seed: int = 7) -> tuple[list, int, int]:
    """Copy of the catalog with 1% of products changed: half their text (re-embedded), half their price."""
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(products), size=max(2, len(products) // 100), replace=False)
    changed = list(products)
    text_changes = 0
    for n, i in enumerate(picked):
        product = changed[i]
        if n % 2 == 0:
            changed[i] = replace(product, description=product.description + " Now with a new recycled fabric.")
            text_changes += 1
        else:
            cheaper = tuple(replace(v, sale_price=(v.price * 9 / 10).quantize(v.price)) for v in product.variants)
            changed[i] = replace(product, variants=cheaper)
    return changed, text_changes, len(picked) - text_changes


def ann_recall(index: faiss.Index, exact_vectors: np.ndarray, keys: np.ndarray, queries: np.ndarray, k: int = 10) -> list[dict]:
    """Recall@k of the IVF index against exact inner-product search, and its search time, by nprobe."""
    from faiss.contrib.evaluation import knn_intersection_measure

    exact = faiss.IndexIDMap2(faiss.IndexFlatIP(exact_vectors.shape[1]))
    exact.add_with_ids(exact_vectors, keys)
    _, truth = exact.search(queries, k)
    del exact
    ivf = faiss.extract_index_ivf(index)
    chosen = ivf.nprobe
    rows = []
    for nprobe in NPROBES:
        ivf.nprobe = nprobe
        start = time.perf_counter()
        _, found = index.search(queries, k)
        per_query = 1000 * (time.perf_counter() - start) / len(queries)
        rows.append({"nprobe": nprobe, f"recall@{k}": round(knn_intersection_measure(found, truth), 3), "faiss_ms_per_query": round(per_query, 2)})
    ivf.nprobe = chosen
    return rows


def run(count: int, synthetic: bool, work_dir: Path, repeats: int, threads: int, update: bool = True) -> dict:
    """Build, update, load and query an index of `count` products; return every measurement."""
    from assistant.index import versions
    from assistant.index.build import build_index
    from assistant.index.embedder import Embedder
    from bench.synthetic import SyntheticEmbedder, base_products, synthetic_catalog

    results: dict = {"products": count, "synthetic_vectors": synthetic, "machine": machine()}
    embedder = Embedder()
    queries = shopper_queries()
    embedder.encode(["warm up"])
    bases = base_products([c.path for c in CATALOGS.values()])
    build_embedder = SyntheticEmbedder(embedder, bases) if synthetic else embedder
    data_dir = work_dir / f"speed-{count}"
    shutil.rmtree(data_dir, ignore_errors=True)

    start = time.perf_counter()
    products = synthetic_catalog(bases, count)
    results["generate_s"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    report = build_index(products, data_dir, build_embedder, source="bench.speed")
    seconds = time.perf_counter() - start
    results["build"] = {
        "seconds": round(seconds, 1), "products_per_s": round(count / seconds, 1), "factory": report.factory,
        "steps_s": report.seconds,
    }
    print(f"built {count} products in {seconds:.1f}s ({report.factory})", file=sys.stderr)

    changed = products
    if update:
        changed, text_changes, price_changes = changed_one_percent(products)
        del products
        start = time.perf_counter()
        updated = build_index(changed, data_dir, build_embedder, source="bench.speed 1%")
        results["update_1_percent"] = {
            "seconds": round(time.perf_counter() - start, 1), "text_changes": text_changes,
            "price_changes": price_changes, "embedded": updated.embedded, "reused": updated.reused,
            "store_rows": updated.store_rows, "steps_s": updated.seconds,
        }
        print(f"1% update: {results['update_1_percent']}", file=sys.stderr)

    serving = subprocess.run(
        [sys.executable, "-m", "bench.speed", "--serve", str(data_dir), "--repeats", str(repeats),
         "--query-threads", str(threads)],
        capture_output=True, text=True, check=True,
    )
    results.update(json.loads(serving.stdout))
    print(f"serving: {serving.stdout}", file=sys.stderr)

    folder = versions.current_folder(data_dir)
    results["files"] = {
        "faiss_mib": round((folder / versions.INDEX_FILE).stat().st_size / 2**20, 1),
        "faiss_bytes_per_product": round((folder / versions.INDEX_FILE).stat().st_size / count, 1),
        "store_mib": round((folder / versions.STORE_FILE).stat().st_size / 2**20, 1),
    }
    if not report.factory.startswith("IDMap"):
        from assistant.index import vectors as faiss_vectors
        from assistant.index.store import product_key

        exact = build_embedder.encode([p.search_text() for p in changed])
        keys = np.array([product_key(p.id) for p in changed], dtype="int64")
        query_vectors = embedder.encode(queries)
        approximate = faiss_vectors.load(folder / versions.INDEX_FILE)
        results["ann_recall"] = ann_recall(approximate, exact, keys, query_vectors)
        results["nprobe_in_use"] = faiss.extract_index_ivf(approximate).nprobe
        print(f"recall: {results['ann_recall']}", file=sys.stderr)
    return results


def serve(data_dir: Path, repeats: int, threads: int | None) -> dict:
    """In a fresh process: memory of the loaded index and search latency, as the action server sees them."""
    import torch

    from assistant.index import store as catalog_store
    from assistant.index.embedder import Embedder
    from assistant.index.search import ProductIndex

    embedder = Embedder(threads=threads)
    queries = shopper_queries()
    embedder.encode(["warm up"])
    rss_model = rss_mib()
    index = ProductIndex.load_current(data_dir, embedder)
    rss_loaded = rss_mib()
    count = index.store.count()
    index.search("warm up", k=10)
    latency = {"query_embedding": timed_embeddings(embedder, queries)}
    quality = {}
    for mode in ("hybrid", "dense", "lexical"):
        latency[mode], rankings = timed_searches(index, queries, mode, repeats)
        quality[mode] = quality_at_scale(rankings, query_grades())
    return {
        "torch_threads": torch.get_num_threads(),
        "match_budget": catalog_store.MATCH_BUDGET,
        "memory": {
            "rss_mib_model_loaded": round(rss_model, 1),
            "rss_mib_index_loaded": round(rss_loaded, 1),
            "index_rss_mib": round(rss_loaded - rss_model, 1),
            "index_rss_bytes_per_product": round((rss_loaded - rss_model) * 2**20 / count, 1),
            "rss_mib_after_queries": round(rss_mib(), 1),
        },
        "latency": latency,
        "quality_by_base_product": quality,
    }


def run_vectors_only(count: int, work_dir: Path, threads: int) -> dict:
    """The FAISS side alone at a scale where the SQLite store would take too long to write: build, RAM,
    dense search latency (real query embedding, both passes of `search()`) and recall against exact search."""
    from assistant.index import vectors
    from assistant.index.build import TRAINING_PER_LIST
    from assistant.index.embedder import Embedder
    from assistant.index.store import product_key
    from bench.synthetic import base_products, series_code

    results: dict = {"products": count, "synthetic_vectors": True, "vectors_only": True, "machine": machine()}
    embedder = Embedder()
    bases = base_products([c.path for c in CATALOGS.values()])
    base_vectors = embedder.encode([b.search_text() for b in bases])
    start = time.perf_counter()
    matrix = np.empty((count, base_vectors.shape[1]), dtype="float32")
    for chunk, first in enumerate(range(0, count, 100_000)):
        rows = np.arange(first, min(count, first + 100_000))
        noise = np.random.default_rng(chunk).normal(0.0, 0.025, (len(rows), matrix.shape[1])).astype("float32")
        block = base_vectors[rows % len(bases)] + noise
        matrix[rows] = block / np.linalg.norm(block, axis=1, keepdims=True)
    keys = np.array([product_key(f"{bases[i % len(bases)].id}-{series_code(i)}") for i in range(count)], dtype="int64")
    results["generate_s"] = round(time.perf_counter() - start, 1)

    factory = vectors.factory_for(count)
    start = time.perf_counter()
    training = None
    if not factory.startswith("IDMap"):
        nlist = int(factory.split(",")[0].removeprefix("IVF"))
        sample = np.random.default_rng(0).permutation(count)[: nlist * TRAINING_PER_LIST]
        training = matrix[np.sort(sample)]
    index = vectors.new_index(matrix.shape[1], factory, training)
    index.add_with_ids(matrix, keys)
    seconds = time.perf_counter() - start
    path = work_dir / f"vectors-{count}.faiss"
    path.parent.mkdir(parents=True, exist_ok=True)
    vectors.save(index, path)
    del index, training
    results["build"] = {"seconds": round(seconds, 1), "products_per_s": round(count / seconds, 1), "factory": factory}
    results["files"] = {
        "faiss_mib": round(path.stat().st_size / 2**20, 1),
        "faiss_bytes_per_product": round(path.stat().st_size / count, 1),
    }
    print(f"built {factory} over {count} vectors in {seconds:.1f}s", file=sys.stderr)
    serving = subprocess.run(
        [sys.executable, "-m", "bench.speed", "--serve-vectors", str(path), "--query-threads", str(threads)],
        capture_output=True, text=True, check=True,
    )
    results.update(json.loads(serving.stdout))
    print(f"serving: {serving.stdout}", file=sys.stderr)
    if not factory.startswith("IDMap"):
        approximate = vectors.load(path)
        results["ann_recall"] = ann_recall(approximate, matrix, keys, embedder.encode(shopper_queries()))
        results["nprobe_in_use"] = faiss.extract_index_ivf(approximate).nprobe
    path.unlink()
    return results


def serve_vectors(path: Path, threads: int | None) -> dict:
    """In a fresh process: RAM of a loaded FAISS index and the latency of the dense half of `search()`."""
    import torch

    from assistant.index import vectors
    from assistant.index.embedder import Embedder
    from assistant.index.ranking import FEEDBACK_WEIGHT, feedback_query

    embedder = Embedder(threads=threads)
    queries = shopper_queries()
    embedder.encode(["warm up"])
    rss_model = rss_mib()
    vectors.serve_one_query_at_a_time()
    index = vectors.load(path)
    rss_loaded = rss_mib()
    samples, faiss_samples = [], []
    for query in queries:
        start = time.perf_counter()
        vector = embedder.encode([query])[0]
        middle = time.perf_counter()
        first = vectors.search(index, vector, 100)
        top = vectors.reconstruct(index, np.array([first[0][0]], dtype="int64"))
        vectors.search(index, feedback_query(vector, top, FEEDBACK_WEIGHT), 100)
        end = time.perf_counter()
        samples.append(1000 * (end - start))
        faiss_samples.append(1000 * (end - middle))
    return {
        "torch_threads": torch.get_num_threads(),
        "memory": {
            "rss_mib_model_loaded": round(rss_model, 1),
            "rss_mib_index_loaded": round(rss_loaded, 1),
            "index_rss_mib": round(rss_loaded - rss_model, 1),
            "index_rss_bytes_per_product": round((rss_loaded - rss_model) * 2**20 / index.ntotal, 1),
        },
        "latency": {"dense (embedding + 2 FAISS passes)": percentiles(samples), "FAISS 2 passes": percentiles(faiss_samples)},
    }


def markdown(runs: list[dict]) -> str:
    """Tables for docs/benchmarks.md from saved runs."""
    lines = [
        "| products | vectors | index | build (products/s) | 1% update | FAISS file (bytes/product) "
        "| RSS growth on load (bytes/product) | serving RSS |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        update = run.get("update_1_percent")
        update_text = (
            f"{update['seconds']} s ({update['embedded']} embedded, {update.get('store_rows', 'all')} store rows)"
            if update else "not run"
        )
        vectors = "synthetic, FAISS only" if run.get("vectors_only") else ("synthetic" if run["synthetic_vectors"] else "MiniLM")
        memory = run["memory"]
        lines.append(
            f"| {run['products']:,} | {vectors} | {run['build']['factory']} "
            f"| {run['build']['products_per_s']:,} | {update_text} | {run['files']['faiss_bytes_per_product']} "
            f"| {memory['index_rss_bytes_per_product']} | {memory['rss_mib_index_loaded']:.0f} MiB |"
        )
    lines += ["", "| products | step | p50 ms | p95 ms | mean ms |", "|---:|---|---:|---:|---:|"]
    for run in runs:
        for step, figures in run["latency"].items():
            lines.append(f"| {run['products']:,} | {step} | {figures['p50_ms']} | {figures['p95_ms']} | {figures['mean_ms']} |")
    if any("quality_by_base_product" in run for run in runs):
        lines += ["", "| products | ranking | nDCG@10 (graded as the real product) | top hit |", "|---:|---|---:|---:|"]
        for run in runs:
            for mode, figures in run.get("quality_by_base_product", {}).items():
                lines.append(f"| {run['products']:,} | {mode} | {figures['ndcg@10']} | {figures['top_hit']} |")
    for run in runs:
        if "ann_recall" in run:
            lines += ["", f"IVF recall against exact search, {run['products']:,} products (nprobe in use: {run['nprobe_in_use']}):", ""]
            lines += ["| nprobe | recall@10 | FAISS ms/query |", "|---:|---:|---:|"]
            lines += [f"| {r['nprobe']} | {r['recall@10']} | {r['faiss_ms_per_query']} |" for r in run["ann_recall"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the speed benchmark and print its measurements as JSON."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--synthetic", action="store_true", help="perturbed real vectors instead of embedding every product")
    parser.add_argument("--repeats", type=int, default=2, help="passes over the query set when timing searches")
    parser.add_argument("--work-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "assistant-bench-speed")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the index folder afterwards")
    parser.add_argument("--query-threads", type=int, default=1, help="torch threads while timing queries (0: torch's default)")
    parser.add_argument("--skip-update", action="store_true", help="do not time the 1%% update")
    parser.add_argument("--serve", type=Path, metavar="DATA_DIR", help="only time queries and memory on a built index")
    parser.add_argument("--table", type=Path, nargs="+", metavar="JSON", help="print markdown tables of saved runs")
    parser.add_argument("--vectors-only", action="store_true", help="FAISS alone (no SQLite store), synthetic vectors")
    parser.add_argument("--serve-vectors", type=Path, metavar="FAISS_FILE", help=argparse.SUPPRESS)
    parser.add_argument("--match-budget", type=int, help="ablation with --serve: products BM25 scores per query in big catalogs")
    args = parser.parse_args(argv)
    if args.serve_vectors:
        print(json.dumps(serve_vectors(args.serve_vectors, args.query_threads or None)))
        return 0
    if args.vectors_only:
        results = run_vectors_only(args.products, args.work_dir, args.query_threads)
        text = json.dumps(results, indent=2)
        print(text)
        if args.out:
            args.out.write_text(text + "\n")
        return 0
    if args.table:
        print(markdown([json.loads(path.read_text()) for path in args.table]))
        return 0
    if args.serve:
        if args.match_budget is not None:
            from assistant.index import store

            store.MATCH_BUDGET = args.match_budget
        print(json.dumps(serve(args.serve, args.repeats, args.query_threads or None), indent=2))
        return 0
    results = run(args.products, args.synthetic, args.work_dir, args.repeats, args.query_threads, not args.skip_update)
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    if not args.keep:
        shutil.rmtree(args.work_dir / f"speed-{args.products}", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
