"""Immutable index versions under the data folder and the atomic pointer to the live one."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

POINTER = "CURRENT"
VERSIONS = "versions"
STAGING = ".staging"
MANIFEST = "manifest.json"
INDEX_FILE = "index.faiss"
STORE_FILE = "catalog.sqlite"
KEEP_VERSIONS = 3
# Layout of the store and index files; a build with another format rebuilds the store
# (3: for in-place updates, categories indexed by product and hashes by an index of their own).
FORMAT = 3


@dataclass(frozen=True)
class Manifest:
    """What a version holds and how it was built; `load()` refuses a mismatch."""

    version: str
    created: str
    model: str
    dimension: int
    factory: str
    count: int
    catalog_hash: str
    source: str
    build: dict[str, str] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)
    format: int = 1

    def write(self, folder: Path) -> None:
        """Save as manifest.json in the version folder."""
        (folder / MANIFEST).write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        """Load a version's manifest.json."""
        return cls(**json.loads((folder / MANIFEST).read_text()))


def current_name(data_dir: Path) -> str | None:
    """Name of the live version, or None before the first import."""
    try:
        return (data_dir / POINTER).read_text().strip() or None
    except FileNotFoundError:
        return None


def current_folder(data_dir: Path) -> Path | None:
    """Folder of the live version."""
    name = current_name(data_dir)
    return data_dir / VERSIONS / name if name else None


def staging_folder(data_dir: Path, name: str) -> Path:
    """A fresh folder to build a version in before it is published."""
    folder = data_dir / STAGING / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@contextmanager
def staging(data_dir: Path, name: str) -> Iterator[Path]:
    """A staging folder that is removed if the build in it fails, so nothing half-built is left behind."""
    folder = staging_folder(data_dir, name)
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def publish(data_dir: Path, staged: Path) -> Path:
    """Move a finished version into place and make it live with one atomic rename."""
    final = data_dir / VERSIONS / staged.name
    final.parent.mkdir(parents=True, exist_ok=True)
    for path in staged.iterdir():
        _fsync(path)
    os.replace(staged, final)
    pointer_tmp = data_dir / f".{POINTER}.tmp"
    pointer_tmp.write_text(staged.name + "\n")
    _fsync(pointer_tmp)
    os.replace(pointer_tmp, data_dir / POINTER)
    _prune(data_dir)
    return final


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _prune(data_dir: Path, keep: int = KEEP_VERSIONS) -> None:
    """Delete old versions, keeping the live one and the newest few (open readers keep their files)."""
    live = current_name(data_dir)
    folders = sorted((p for p in (data_dir / VERSIONS).iterdir() if p.is_dir()), key=lambda p: p.name)
    for folder in folders[:-keep]:
        if folder.name != live:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def build_lock(data_dir: Path) -> Iterator[None]:
    """One build at a time per data folder."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
