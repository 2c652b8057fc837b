"""Settings of the assistant library: the only module of `assistant/` that reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where the assistant's data lives and how it reaches its backends."""

    data_dir: Path = PROJECT_ROOT / "catalog_index"
    orders_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'orders.sqlite'}"
    embedding_model: str | None = None
    index_reload_seconds: float = 2.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        """Read settings from environment variables, falling back to the embedded defaults."""
        defaults = cls()
        return cls(
            data_dir=Path(environ.get("ASSISTANT_DATA_DIR") or defaults.data_dir),
            orders_url=environ.get("ORDERS_DATABASE_URL") or defaults.orders_url,
            embedding_model=environ.get("EMBEDDING_MODEL_PATH") or None,
            index_reload_seconds=float(
                environ.get("INDEX_RELOAD_SECONDS") or defaults.index_reload_seconds
            ),
        )
