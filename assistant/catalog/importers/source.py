"""Reading catalog files: UTF-8 text, CSV records with their physical line, a progress bar."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO, TypeVar

from tqdm import tqdm

T = TypeVar("T")
_MAX_FIELD_CHARS = 16 * 1024 * 1024


def open_text(path: Path) -> TextIO:
    """Open a catalog file as UTF-8 text (a byte-order mark is skipped), newlines kept for csv."""
    return open(path, encoding="utf-8-sig", newline="")


def csv_records(handle: TextIO, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Yield (line where the record starts, cells) for each non-blank record; quoted newlines are counted."""
    if csv.field_size_limit() < _MAX_FIELD_CHARS:
        csv.field_size_limit(_MAX_FIELD_CHARS)
    reader = csv.reader(handle, delimiter=delimiter)
    lines_before = 0
    for cells in reader:
        start, lines_before = lines_before + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, cells


def with_progress(items: Iterable[T], enabled: bool, unit: str, description: str) -> Iterable[T]:
    """Wrap `items` in a tqdm bar on stderr when enabled."""
    if not enabled:
        return items
    return tqdm(items, unit=unit, desc=description, file=sys.stderr, dynamic_ncols=True)
