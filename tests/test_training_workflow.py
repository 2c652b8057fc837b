"""`assistant train` end to end through its subprocess plumbing, with a fake `rasa` executable."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from assistant.catalog.model import Product
from assistant.cli import _parser, main
from assistant.index import versions
from assistant.index.store import CatalogStore
from tests.catalog_samples import sample_products

FAKE_RASA = Path(__file__).parent / "fixtures" / "training" / "fake_rasa.py"


@pytest.fixture
def project(tmp_path) -> Path:
    """A Rasa project folder: config, domain, hand-written NLU data, held-out test set."""
    root = tmp_path / "project"
    (root / "nlu_data" / "nlu").mkdir(parents=True)
    (root / "tests" / "nlu").mkdir(parents=True)
    (root / "config.yml").write_text("recipe: default.v1\n")
    (root / "domain.yml").write_text('version: "3.1"\n')
    (root / "nlu_data" / "nlu" / "synonyms.yml").write_text(
        'version: "3.1"\nnlu:\n- synonym: gray\n  examples: |\n    - grey\n')
    (root / "tests" / "nlu" / "test_nlu.yml").write_text('version: "3.1"\nnlu: []\n')
    return root


@pytest.fixture
def rasa(tmp_path, monkeypatch) -> Path:
    """An executable `rasa` that runs the fake, logging each call."""
    script = tmp_path / "bin" / "rasa"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_RASA}" "$@"\n')
    script.chmod(0o755)
    monkeypatch.setenv("FAKE_RASA_CALLS", str(tmp_path / "calls.log"))
    return script


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A data folder whose live catalog is the sample catalog (no FAISS needed to train)."""
    folder = tmp_path / "data"
    publish_catalog(folder, sample_products())
    return folder


def publish_catalog(data_dir: Path, products: list[Product]) -> None:
    """Make `products` the live catalog of `data_dir` (the store is all `train` reads)."""
    staged = versions.staging_folder(data_dir, f"v{time.time_ns()}")
    CatalogStore.create(staged / versions.STORE_FILE, products).close()
    versions.publish(data_dir, staged)


def train(project: Path, data_dir: Path, rasa: Path, *extra: str) -> int:
    return main(["train", "--data-dir", str(data_dir), "--project-dir", str(project), "--rasa", str(rasa),
                 "--quiet", *extra])


def calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def models(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "models").glob("*.tar.gz"))


def scores(project: Path) -> dict:
    return json.loads((project / "models" / "scores.json").read_text())


def test_first_model_is_trained_on_fresh_lookups_evaluated_and_promoted(project, data_dir, rasa, tmp_path, capsys):
    assert train(project, data_dir, rasa) == 0
    [model] = models(project)
    trained_on = json.loads((project / "models" / model).read_text())["lookups"]
    assert trained_on == (project / "nlu_data" / "nlu" / "catalog_lookups.yml").read_text()
    assert "- Caffio" in trained_on and "- Sonique" in trained_on
    assert scores(project)[model]["accuracy"] == 0.9
    assert [c.split()[:2] for c in calls(tmp_path)] == [["train", "--config"], ["test", "nlu"]]
    summary = capsys.readouterr().out
    assert "promoted" in summary and "yes" in summary and "no current model" in summary
    assert "training time" in summary and "0.900" in summary


def test_worse_model_is_refused_with_a_failing_exit_code(project, data_dir, rasa, monkeypatch, capsys):
    assert train(project, data_dir, rasa) == 0
    [first] = models(project)
    publish_catalog(data_dir, sample_products()[:4])
    monkeypatch.setenv("FAKE_RASA_ACCURACY", "0.8")
    capsys.readouterr()
    assert train(project, data_dir, rasa) == 1
    assert models(project) == [first]
    summary = capsys.readouterr().out
    assert "NO" in summary and "accuracy 0.900 → 0.800" in summary
    assert not list((project / "var" / "training").rglob("*.tar.gz")), "the refused model is not kept"
    assert list((project / "var" / "training").rglob("intent_report.json")), "its evaluation is kept"


def test_force_promotes_a_worse_model(project, data_dir, rasa, monkeypatch, capsys):
    assert train(project, data_dir, rasa) == 0
    publish_catalog(data_dir, sample_products()[:4])
    monkeypatch.setenv("FAKE_RASA_ACCURACY", "0.5")
    assert train(project, data_dir, rasa, "--force") == 0
    assert len(models(project)) == 2
    newest = max((project / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    assert scores(project)[newest.name]["accuracy"] == 0.5
    assert "forced" in capsys.readouterr().out


def test_current_model_is_evaluated_once_then_its_cached_score_is_used(project, data_dir, rasa, tmp_path, monkeypatch):
    (project / "models").mkdir()
    current = project / "models" / "20240101-000000-handmade.tar.gz"
    current.write_text(json.dumps({"accuracy": 0.85, "f1": 0.85, "lookups": None}))
    monkeypatch.setenv("FAKE_RASA_ACCURACY", "0.8")
    assert train(project, data_dir, rasa) == 1
    assert scores(project)[current.name]["accuracy"] == 0.85
    publish_catalog(data_dir, sample_products()[:3])
    assert train(project, data_dir, rasa) == 1
    evaluations_of_current = [c for c in calls(tmp_path) if f"--model {current}" in c]
    assert len(evaluations_of_current) == 1
    assert models(project) == [current.name]


def test_unchanged_catalog_and_data_skip_training(project, data_dir, rasa, tmp_path, capsys):
    assert train(project, data_dir, rasa) == 0
    lookups = project / "nlu_data" / "nlu" / "catalog_lookups.yml"
    before = (lookups.read_bytes(), lookups.stat().st_mtime_ns)
    capsys.readouterr()
    assert train(project, data_dir, rasa) == 0
    assert (lookups.read_bytes(), lookups.stat().st_mtime_ns) == before
    assert [c for c in calls(tmp_path) if c.startswith("train")] == [calls(tmp_path)[0]]
    assert "training data unchanged" in capsys.readouterr().out


def test_changed_hand_written_data_retrains_even_with_the_same_catalog(project, data_dir, rasa, tmp_path):
    assert train(project, data_dir, rasa) == 0
    (project / "nlu_data" / "nlu" / "extra.yml").write_text('version: "3.1"\nnlu: []\n')
    assert train(project, data_dir, rasa) == 0
    assert len([c for c in calls(tmp_path) if c.startswith("train")]) == 2


def test_skip_rasa_only_writes_the_lookups(project, data_dir, rasa, tmp_path):
    assert train(project, data_dir, rasa, "--skip-rasa") == 0
    assert (project / "nlu_data" / "nlu" / "catalog_lookups.yml").exists()
    assert calls(tmp_path) == [] and not (project / "models").exists()


def test_rasa_failure_is_an_error_and_promotes_nothing(project, data_dir, rasa, monkeypatch, capsys):
    monkeypatch.setenv("FAKE_RASA_FAIL", "train")
    assert train(project, data_dir, rasa) == 2
    error = capsys.readouterr().err
    assert "rasa training failed (exit code 3)" in error and "train.log" in error
    assert not (project / "models").exists()


def test_missing_rasa_is_an_error(project, data_dir, tmp_path, capsys):
    assert train(project, data_dir, tmp_path / "nowhere" / "rasa") == 2
    assert "Rasa not found" in capsys.readouterr().err


def test_training_without_a_catalog_is_an_error(project, rasa, tmp_path, capsys):
    assert train(project, tmp_path / "empty", rasa) == 2
    assert "no catalog imported" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["catalog", "import", "x.csv", "--format", "shopify", "--quiet"],
    ["index", "build", "--full"],
    ["index", "info"],
    ["orders", "seed", "--url", "sqlite://"],
    ["search", "jacket", "--k", "3", "--json"],
    ["train", "--force", "--skip-rasa", "--data-dir", "d"],
])
def test_every_subcommand_still_parses(argv):
    assert callable(_parser().parse_args(argv).handler)
