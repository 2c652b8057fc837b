"""The models folder Rasa serves from: the current model, promotion, and cached scores (scores.json)."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.training.report import NluScore

SCORES_FILE = "scores.json"
MODEL_GLOB = "*.tar.gz"


def current_model(models_dir: Path) -> Path | None:
    """The model Rasa would serve from this folder: the newest *.tar.gz by modification time."""
    models = [p for p in models_dir.glob(MODEL_GLOB) if p.is_file()] if models_dir.is_dir() else []
    return max(models, key=lambda p: (p.stat().st_mtime, p.name)) if models else None


def promote(model: Path, models_dir: Path) -> Path:
    """Move a trained model into the models folder as its newest file; never touches other models."""
    models_dir.mkdir(parents=True, exist_ok=True)
    final = models_dir / model.name
    others = [p.stat().st_mtime for p in models_dir.glob(MODEL_GLOB) if p.name != model.name]
    stamp = max([time.time(), *(mtime + 1 for mtime in others)])
    partial = models_dir / f".{model.name}.partial"
    shutil.move(str(model), partial)
    os.utime(partial, (stamp, stamp))
    os.replace(partial, final)
    return final


def fingerprint(paths: Iterable[Path], root: Path) -> str:
    """Hash of the named files' relative paths and bytes, independent of the order given."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(paths, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class ScoreBook:
    """Scores of the models in a folder, keyed by model file name, with what they were measured on."""

    def __init__(self, models_dir: Path) -> None:
        self.models_dir = models_dir
        self.path = models_dir / SCORES_FILE

    def entry(self, model_name: str) -> dict | None:
        """Everything recorded about one model file."""
        return self._read().get(model_name)

    def score(self, model_name: str, test_set: str) -> NluScore | None:
        """The cached score of a model on this exact test set (by hash), if measured."""
        entry = self.entry(model_name)
        if not entry or entry.get("test_set") != test_set:
            return None
        return NluScore.from_dict(entry)

    def record(self, model_name: str, score: NluScore, test_set: str, data: str | None = None) -> None:
        """Remember a model's score (and the training data fingerprint it was trained from)."""
        with self._locked():
            book = self._read()
            entry = {**book.get(model_name, {}), **score.to_dict(), "test_set": test_set}
            if data is not None:
                entry["data"] = data
            book[model_name] = entry
            temporary = self.path.with_name(f".{SCORES_FILE}.tmp")
            temporary.write_text(json.dumps(book, indent=2, sort_keys=True) + "\n")
            temporary.replace(self.path)

    def _read(self) -> dict:
        try:
            book = json.loads(self.path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return {}
        return book if isinstance(book, dict) else {}

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.models_dir.mkdir(parents=True, exist_ok=True)
        with open(self.models_dir / ".scores.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
