"""`assistant train`: lookup tables from the catalog, train, evaluate, promote only if no worse."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from assistant.catalog.model import Product
from assistant.training import registry
from assistant.training.lookups import (
    CatalogLookups,
    build_lookups,
    render_yaml,
    reserved_synonym_texts,
    write_if_changed,
)
from assistant.training.promotion import Decision, decide
from assistant.training.report import NluScore

KEEP_RUNS = 5
STEPS = 5


class Trainer(Protocol):
    """What the workflow needs from Rasa (the real runner, or a fake in tests)."""

    def train(self, config: Path, domain: Path, data: Path, out_dir: Path) -> Path: ...

    def test_nlu(self, model: Path, test_set: Path, out_dir: Path) -> NluScore: ...


@dataclass(frozen=True)
class ProjectLayout:
    """Where the Rasa project keeps its configuration, training data, test set and models."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "config.yml"

    @property
    def domain(self) -> Path:
        return self.root / "domain.yml"

    @property
    def nlu_data(self) -> Path:
        return self.root / "nlu_data"

    @property
    def lookups_file(self) -> Path:
        return self.nlu_data / "nlu" / "catalog_lookups.yml"

    @property
    def test_set(self) -> Path:
        return self.root / "tests" / "nlu" / "test_nlu.yml"

    @property
    def models_dir(self) -> Path:
        return self.root / "models"

    @property
    def runs_dir(self) -> Path:
        return self.root / "var" / "training"

    def training_files(self) -> list[Path]:
        """Every file `rasa train` reads, for the fingerprint of a model's training data."""
        data = sorted(p for p in self.nlu_data.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml"))
        return [self.config, self.domain, *data]


@dataclass(frozen=True)
class TrainingReport:
    """Everything one `assistant train` run did, for the summary table and the exit code."""

    lookups: CatalogLookups
    lookups_changed: bool
    skipped: str | None = None
    new_model: str | None = None
    training_seconds: float | None = None
    new_score: NluScore | None = None
    current_model: str | None = None
    current_score: NluScore | None = None
    current_note: str = ""
    decision: Decision | None = None
    run_dir: Path | None = None

    @property
    def exit_code(self) -> int:
        """0 when promoted or nothing needed training; 1 when a trained model was refused."""
        return 1 if self.decision is not None and not self.decision.promote else 0


def run_training(
    products: Iterable[Product],
    layout: ProjectLayout,
    trainer: Trainer | None,
    force: bool = False,
    say: Callable[[str], None] = print,
) -> TrainingReport:
    """Regenerate lookups; then, with a trainer, train, evaluate and promote if no worse (or forced)."""
    say(f"[1/{STEPS}] lookup tables and synonyms from the catalog")
    reserved = reserved_synonym_texts(layout.nlu_data, layout.lookups_file)
    lookups = build_lookups(products, reserved)
    changed = write_if_changed(layout.lookups_file, render_yaml(lookups))
    counts = ", ".join(f"{entity} {count}" for entity, count in lookups.counts().items())
    say(f"      {counts}; {len(lookups.synonyms)} synonyms; "
        f"{layout.lookups_file.relative_to(layout.root)} {'rewritten' if changed else 'unchanged'}")
    report = TrainingReport(lookups=lookups, lookups_changed=changed)
    if trainer is None:
        return replace(report, skipped="--skip-rasa: lookups only, no training")

    book = registry.ScoreBook(layout.models_dir)
    data_hash = registry.fingerprint(layout.training_files(), layout.root)
    test_hash = registry.fingerprint([layout.test_set], layout.root)
    current = registry.current_model(layout.models_dir)
    recorded = book.entry(current.name) if current else None
    if not force and recorded and recorded.get("data") == data_hash and recorded.get("test_set") == test_hash:
        score = book.score(current.name, test_hash)
        say(f"training data unchanged since {current.name}: nothing to train (--force retrains)")
        return replace(report, skipped="training data unchanged", current_model=current.name,
                        current_score=score, current_note="cached")

    run_dir = layout.runs_dir / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    say(f"[2/{STEPS}] training the Rasa model (log: {run_dir.relative_to(layout.root)}/model/train.log)")
    started = time.monotonic()
    model = trainer.train(layout.config, layout.domain, layout.nlu_data, run_dir / "model")
    seconds = time.monotonic() - started
    say(f"      {model.name} in {format_duration(seconds)}")

    say(f"[3/{STEPS}] evaluating the new model on {layout.test_set.relative_to(layout.root)}")
    new_score = trainer.test_nlu(model, layout.test_set, run_dir / "eval-new")
    say(f"      accuracy {new_score.accuracy:.3f}, macro F1 {new_score.macro_f1:.3f}")

    say(f"[4/{STEPS}] scoring the current model")
    current_score, note = _current_score(current, book, trainer, layout, test_hash, force, run_dir)
    if current is None:
        say("      no current model: the new one is the first")
    else:
        say(f"      {current.name}: {_score_text(current_score)} {note}".rstrip())

    say(f"[5/{STEPS}] promotion")
    decision = decide(new_score, current_score, force=force)
    if decision.promote:
        final = registry.promote(model, layout.models_dir)
        book.record(final.name, new_score, test_hash, data_hash)
        say(f"      promoted {final.name} into {layout.models_dir.relative_to(layout.root)}/: {decision.reason}")
    else:
        model.unlink(missing_ok=True)
        say(f"      not promoted: {decision.reason} (reports kept in {run_dir.relative_to(layout.root)})")
    _prune_runs(layout.runs_dir)
    return replace(report, new_model=model.name, training_seconds=seconds, new_score=new_score,
                    current_model=current.name if current else None, current_score=current_score,
                    current_note=note, decision=decision, run_dir=run_dir)


def format_summary(report: TrainingReport) -> str:
    """The closing table: lookup entries per entity, training time, old vs new scores, the decision."""
    rows: list[tuple[str, str, str]] = [("lookup entries", "", "")]
    for entity, count in report.lookups.counts().items():
        capped = report.lookups.capped.get(entity, 0)
        rows.append((f"  {entity}", str(count), f"{capped} left out by the cap" if capped else ""))
    rows.append(("  synonyms", str(len(report.lookups.synonyms)), ""))
    rows.append(("lookups file", "rewritten" if report.lookups_changed else "unchanged", ""))
    if report.training_seconds is not None:
        rows.append(("training time", format_duration(report.training_seconds), ""))
    if report.new_score or report.current_score:
        current_label = f"current{f' ({report.current_note})' if report.current_note else ''}"
        rows.append(("", current_label, "new"))
        for name, attribute in (("intent accuracy", "accuracy"), ("intent macro F1", "macro_f1")):
            rows.append((name, _metric(report.current_score, attribute), _metric(report.new_score, attribute)))
        rows.append(("model", report.current_model or "-", report.new_model or "-"))
    if report.decision is not None:
        verdict = "yes" if report.decision.promote else "NO"
        rows.append(("promoted", verdict, report.decision.reason))
    elif report.skipped:
        rows.append(("promoted", "-", report.skipped))
    return _table(rows)


def format_duration(seconds: float) -> str:
    """Seconds as `7m 42s`."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"


def _current_score(
    current: Path | None, book: registry.ScoreBook, trainer: Trainer, layout: ProjectLayout,
    test_hash: str, force: bool, run_dir: Path,
) -> tuple[NluScore | None, str]:
    """The live model's score: cached in scores.json, else measured now (not worth it when forced)."""
    if current is None:
        return None, ""
    cached = book.score(current.name, test_hash)
    if cached is not None:
        return cached, "(cached in scores.json)"
    if force:
        return None, "(not evaluated: --force)"
    score = trainer.test_nlu(current, layout.test_set, run_dir / "eval-current")
    book.record(current.name, score, test_hash)
    return score, "(evaluated now, cached in scores.json)"


def _prune_runs(runs_dir: Path, keep: int = KEEP_RUNS) -> None:
    """Keep the reports and logs of the newest few runs."""
    runs = sorted(p for p in runs_dir.iterdir() if p.is_dir()) if runs_dir.is_dir() else []
    for old in runs[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def _score_text(score: NluScore | None) -> str:
    return f"accuracy {score.accuracy:.3f}, macro F1 {score.macro_f1:.3f}" if score else "no score"


def _metric(score: NluScore | None, attribute: str) -> str:
    return f"{getattr(score, attribute):.3f}" if score else "-"


def _table(rows: list[tuple[str, str, str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    rule = "-" * (widths[0] + widths[1] + 40)
    lines = [rule, "assistant train: summary", rule]
    lines += [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in rows]
    return "\n".join([*lines, rule])
