"""The `assistant` command line: import catalogs, build the index, search, seed orders, train."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings

MAX_ERRORS_SHOWN = 50


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `assistant` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    if getattr(args, "data_dir", None):
        settings = Settings(**{**settings.__dict__, "data_dir": Path(args.data_dir)})
    from assistant.catalog.importers import CatalogFormatError

    try:
        return args.handler(args, settings)
    except (CatalogFormatError, ValueError, RuntimeError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        help="folder of the catalog store and index versions (default: $ASSISTANT_DATA_DIR or catalog_index/)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    catalog = commands.add_parser("catalog", help="catalog files").add_subparsers(dest="action", required=True)
    importing = catalog.add_parser("import", parents=[common], help="validate a catalog file, then index and publish it")
    importing.add_argument("path", type=Path)
    importing.add_argument("--format", choices=["shopify", "merchant", "csv", "jsonl"])
    importing.add_argument("--mapping", type=Path, help="column mapping file for csv/jsonl")
    importing.add_argument("--currency", default="USD", help="currency of prices that do not name one (default: USD)")
    importing.add_argument("--base-url", help="the shop's address, for product links a Shopify export lacks: URL/products/HANDLE")
    importing.add_argument("--full", action="store_true", help="re-embed every product")
    importing.add_argument("--quiet", action="store_true", help="no progress bars")
    importing.set_defaults(handler=_import)

    index = commands.add_parser("index", help="the product index").add_subparsers(dest="action", required=True)
    build = index.add_parser("build", parents=[common], help="rebuild the live catalog's index")
    build.add_argument("--full", action="store_true", help="re-embed every product")
    build.set_defaults(handler=_rebuild)
    info = index.add_parser("info", parents=[common], help="show the live version's manifest")
    info.set_defaults(handler=_info)

    orders = commands.add_parser("orders", help="the order system").add_subparsers(dest="action", required=True)
    seed = orders.add_parser("seed", help="load the demo customers and orders into the SQL order store")
    seed.add_argument("--url", help="database URL (default: $ORDERS_DATABASE_URL or var/orders.sqlite)")
    seed.set_defaults(handler=_seed_orders)

    search = commands.add_parser("search", parents=[common], help="search the live catalog")
    search.add_argument("query", nargs="?")
    search.add_argument("--queries", type=Path, help="file with one query a line; prints one JSON line each")
    search.add_argument("--k", type=int, default=10)
    search.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE")
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=_search)

    train = commands.add_parser(
        "train", parents=[common], help="regenerate catalog lookup tables, retrain Rasa, promote only if no worse",
    )
    train.add_argument("--force", action="store_true", help="promote even if the new model scores worse")
    train.add_argument("--skip-rasa", action="store_true", help="only regenerate the lookup tables")
    train.add_argument("--quiet", action="store_true", help="no progress bars")
    train.add_argument("--project-dir", type=Path, default=PROJECT_ROOT,
                       help="the Rasa project (config.yml, domain.yml, nlu_data/, models/); default: this checkout")
    train.add_argument("--rasa", type=Path, help="the rasa executable (default: PROJECT/.venv-rasa/bin/rasa)")
    train.set_defaults(handler=_train)
    return parser


def _embedder(settings: Settings):
    from assistant.index.embedder import Embedder

    return Embedder(settings.embedding_model)


def _import(args, settings: Settings) -> int:
    from assistant.catalog.importers import read_catalog
    from assistant.index.build import build_index

    result = read_catalog(
        args.path, format=args.format, mapping=args.mapping, progress=not args.quiet,
        currency=args.currency, base_url=args.base_url,
    )
    for error in result.errors[:MAX_ERRORS_SHOWN]:
        print(error, file=sys.stderr)
    if len(result.errors) > MAX_ERRORS_SHOWN:
        print(f"... and {len(result.errors) - MAX_ERRORS_SHOWN} more errors", file=sys.stderr)
    print(result.summary(), file=sys.stderr)
    if not result.ok:
        print("nothing changed: the live catalog and index stay as they were", file=sys.stderr)
        return 1
    report = build_index(
        result.products, settings.data_dir, _embedder(settings), source=str(args.path),
        progress=not args.quiet, full=args.full,
    )
    print(report.summary())
    from assistant.notifications.catalog import notify_catalog_change

    alerts = notify_catalog_change(settings, report)
    if alerts:
        print(f"{alerts} back-in-stock or price-drop alert(s) queued for shoppers who asked")
    return 0


def _rebuild(args, settings: Settings) -> int:
    from assistant.index import versions
    from assistant.index.build import build_index
    from assistant.index.store import CatalogStore
    from assistant.index.versions import Manifest

    folder = versions.current_folder(settings.data_dir)
    if folder is None:
        raise RuntimeError(f"no catalog imported in {settings.data_dir}")
    store = CatalogStore(folder / versions.STORE_FILE)
    products = list(store.iter_products())
    store.close()
    report = build_index(
        products, settings.data_dir, _embedder(settings), source=Manifest.read(folder).source,
        progress=True, full=args.full,
    )
    print(report.summary())
    return 0


def _info(args, settings: Settings) -> int:
    from assistant.index import versions

    folder = versions.current_folder(settings.data_dir)
    if folder is None:
        raise RuntimeError(f"no catalog imported in {settings.data_dir}")
    print((folder / versions.MANIFEST).read_text(), end="")
    return 0


def _seed_orders(args, settings: Settings) -> int:
    from assistant.orders.factory import order_services_from_settings

    settings = Settings(**{**settings.__dict__, "seed_demo_orders": False, "order_system": "sql",
                           "orders_url": args.url or settings.orders_url})
    services = order_services_from_settings(settings)
    added = services.local.seed()
    services.local.close()
    print(f"demo orders: {added} rows added" if added else "demo orders already loaded")
    return 0


def _search(args, settings: Settings) -> int:
    from assistant.index.filters import Filters
    from assistant.index.search import ProductIndex

    if bool(args.query) == bool(args.queries):
        raise ValueError("give either a QUERY or --queries FILE")
    filters = Filters.parse(args.filter)
    index = ProductIndex.load_current(settings.data_dir, _embedder(settings))
    if args.queries:
        for line in args.queries.read_text().splitlines():
            if line.strip():
                hits = index.search(line.strip(), filters, args.k)
                print(json.dumps({"query": line.strip(), "ids": [h.product.id for h in hits],
                                  "scores": [round(h.score, 6) for h in hits]}))
        return 0
    hits = index.search(args.query, filters, args.k)
    if args.json:
        print(json.dumps([{"id": h.product.id, "title": h.product.title, "price": str(h.product.price),
                           "score": round(h.score, 6)} for h in hits], indent=2))
    else:
        for rank, hit in enumerate(hits, start=1):
            print(f"{rank:>2}. {hit.product.title}  {hit.product.price} {hit.product.currency}  [{hit.product.id}]")
        if not hits:
            print("no products match")
    return 0


def _train(args, settings: Settings) -> int:
    import os

    from assistant.index import versions
    from assistant.index.store import CatalogStore
    from assistant.training.rasa_runner import RasaRunner
    from assistant.training.workflow import ProjectLayout, format_summary, run_training

    folder = versions.current_folder(settings.data_dir)
    if folder is None:
        raise RuntimeError(f"no catalog imported in {settings.data_dir}")
    layout = ProjectLayout(args.project_dir.resolve())
    rasa = args.rasa or layout.root / ".venv-rasa" / "bin" / "rasa"
    runner = None if args.skip_rasa else RasaRunner(rasa, layout.root, os.environ, progress=not args.quiet)
    store = CatalogStore(folder / versions.STORE_FILE)
    try:
        report = run_training(store.iter_products(), layout, runner, force=args.force,
                              say=lambda line: print(line, file=sys.stderr, flush=True))
    finally:
        store.close()
    print(format_summary(report))
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
