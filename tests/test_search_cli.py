"""`assistant search` from the command line, single and batch, on the demo catalog with the real model and FAISS."""

from __future__ import annotations

import csv
import functools
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest

from assistant.index import versions
from assistant.index.store import CatalogStore
from stack.processes import ROOT
from tests.integration_stack import DEMO_CATALOG, import_catalog

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search-cli")
    import_catalog(folder)
    return folder


@pytest.fixture(scope="module")
def store(data_dir):
    opened = CatalogStore(versions.current_folder(data_dir) / versions.STORE_FILE)
    yield opened
    opened.close()


def search(data_dir, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "search", *args, "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


@functools.cache
def handles() -> frozenset[str]:
    with DEMO_CATALOG.open(newline="", encoding="utf-8") as file:
        return frozenset(row["Handle"] for row in csv.DictReader(file))


def test_single_query_answers_catalog_ids_ranked_by_score(data_dir):
    done = search(data_dir, "hoodie for men", "--k", "5", "--json")
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert len(hits) == 5
    assert {hit["id"] for hit in hits} <= handles()
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert "hoodie" in hits[0]["title"].lower()


def test_filters_are_exact_on_every_result(data_dir, store):
    done = search(data_dir, "jacket", "--k", "50", "--json", "--filter", "color=black", "--filter", "max_price=60")
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert hits, "the demo catalog has black jackets under 60"
    for hit in hits:
        product = store.get(hit["id"])
        assert any(v.color and v.color.lower() == "black" and v.price <= Decimal("60") for v in product.variants), hit


def test_batch_form_prints_one_json_line_per_query_like_the_single_form(data_dir):
    queries = data_dir / "queries.txt"
    queries.write_text("yoga pants\n\nbackpak for hiking\nwater bottle\n")
    done = search(data_dir, "--queries", str(queries), "--k", "10", "--json")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["yoga pants", "backpak for hiking", "water bottle"]
    for line in lines:
        assert 0 < len(line["ids"]) <= 10 and len(line["scores"]) == len(line["ids"])
        assert set(line["ids"]) <= handles()
    single = json.loads(search(data_dir, "backpak for hiking", "--k", "10", "--json").stdout)
    assert [hit["id"] for hit in single] == lines[1]["ids"]


def test_text_form_lists_rank_title_price_and_id(data_dir):
    done = search(data_dir, "gym bag", "--k", "3")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert len(rows) == 3 and rows[0].startswith(" 1. ") and rows[0].endswith("]")


@pytest.mark.parametrize("args, message", [
    (["jacket", "--filter", "colour_of_sky=blue"], "unknown filter"),
    (["jacket", "--queries", "q.txt"], "either a QUERY or --queries FILE"),
])
def test_bad_arguments_are_a_clear_error(data_dir, args, message):
    done = search(data_dir, *args)
    assert done.returncode == 2 and message in done.stderr
