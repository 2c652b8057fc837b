"""The live product index of a running process: follows the version pointer without restart."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from assistant.index import versions
from assistant.index.embedder import Embedder
from assistant.index.search import ProductIndex

log = logging.getLogger(__name__)


class LiveIndex:
    """Hands out the current ProductIndex; a new version is loaded beside the old one, then swapped."""

    def __init__(self, data_dir: Path, embedder: Embedder, check_every: float = 2.0) -> None:
        self.data_dir = data_dir
        self.embedder = embedder
        self.check_every = check_every
        self._current: ProductIndex | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> ProductIndex:
        """The newest published version (checked at most every `check_every` seconds)."""
        now = time.monotonic()
        current = self._current
        if current is not None and now - self._checked_at < self.check_every:
            return current
        with self._lock:
            self._checked_at = now
            name = versions.current_name(self.data_dir)
            if self._current is None or (name and name != self._current.version):
                try:
                    self._current = ProductIndex.load_current(self.data_dir, self.embedder)
                    log.info("serving catalog index version %s", self._current.version)
                except Exception:
                    if self._current is None:
                        raise
                    log.exception("could not load index version %s; still serving %s", name, self._current.version)
            return self._current
