"""Import errors: one bad row (RowError) versus a file that cannot be read at all."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class CatalogFormatError(Exception):
    """The file as a whole is unreadable: unknown format, missing columns, not XML, bad mapping."""


@dataclass(frozen=True)
class RowError:
    """One problem in one row (or feed item) of a catalog file."""

    file: str
    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class RowReport:
    """Collects the errors of one row while its fields are parsed."""

    def __init__(
        self,
        file: str,
        line: int,
        sink: list[RowError],
        field_lines: Mapping[str, int] | None = None,
        field_names: Callable[[str], str] | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.failed = False
        self._sink = sink
        self._field_lines = field_lines or {}
        self._field_names = field_names or (lambda name: name)

    def add(self, field: str | None, message: str) -> None:
        """Record an error on `field` (our name or the file's column name) of this row."""
        self.failed = True
        line = self._field_lines.get(field, self.line) if field else self.line
        name = self._field_names(field) if field else None
        self._sink.append(RowError(self.file, line, name, message))

    def parse(self, field: str, parser: Callable[[str], T], raw: str, required: bool = False) -> T | None:
        """Parse `raw` with `parser`; record an error (and return None) when it is missing or invalid."""
        if not raw:
            if required:
                self.add(field, f"missing {self._field_names(field)}")
            return None
        try:
            return parser(raw)
        except ValueError as error:
            self.add(field, str(error))
            return None
