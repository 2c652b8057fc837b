"""Inbox URLs for tests: a fresh SQLite file, a fresh Redis key prefix, a fresh PostgreSQL schema."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from pathlib import Path

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"


@contextmanager
def inbox_url(kind: str, tmp_path: Path):
    """Yield a URL for an empty inbox of this kind; clean up afterwards."""
    name = f"inbox_test_{uuid.uuid4().hex[:10]}"
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    elif kind == "redis":
        import redis

        yield f"{REDIS}?prefix={name}"
        client = redis.Redis.from_url(REDIS)
        keys = list(client.scan_iter(f"{name}:*"))
        if keys:
            client.delete(*keys)
    elif kind == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{name}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")
    else:
        raise ValueError(kind)
