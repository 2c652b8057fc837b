"""The durable inbox, chosen by URL: `sqlite:///...` (default), `postgresql+psycopg://...` or `redis://...`."""

from __future__ import annotations

from api.inbox.model import Handoff, Inbox, InboxItem


def open_inbox(url: str) -> Inbox:
    """The inbox backend for this URL."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        from api.inbox.redis_store import RedisInbox

        return RedisInbox(url)
    if url.startswith(("sqlite", "postgresql")):
        from api.inbox.sql import SqlInbox

        return SqlInbox(url)
    raise ValueError(f"unsupported inbox URL scheme: {url.split('://', 1)[0]!r}")


__all__ = ["Handoff", "Inbox", "InboxItem", "open_inbox"]
