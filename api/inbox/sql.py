"""Inbox on SQL: SQLite for one bridge (the default), PostgreSQL for several sharing one database."""

from __future__ import annotations

import json
from dataclasses import replace
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    Column, Float, Index, Integer, MetaData, String, Table, Text, create_engine, delete, event, func, select, text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from api.inbound import InboundMessage
from api.inbox.model import Handoff, InboxItem

metadata = MetaData()
messages = Table(
    "bridge_inbox_messages", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("dedup_key", String(300), nullable=False, unique=True),
    Column("conversation", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("state", String(16), nullable=False, default="pending"),
    Column("outcome", String(64)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("available_at", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("outbound", Text),
    Column("sent", Integer, nullable=False, default=0),
    Index("ix_bridge_inbox_conversation_state", "conversation", "state", "seq"),
    Index("ix_bridge_inbox_state_available", "state", "available_at"),
)
leases = Table(
    "bridge_inbox_leases", metadata,
    Column("conversation", String(300), primary_key=True),
    Column("owner", String(100), nullable=False),
    Column("expires_at", Float, nullable=False),
)
handoffs = Table(
    "bridge_handoffs", metadata,
    Column("conversation", String(300), primary_key=True),
    Column("reason", String(200), nullable=False),
    Column("opened_at", Float, nullable=False),
)

CANDIDATES = text("""
SELECT m.conversation FROM bridge_inbox_messages m
WHERE m.state = 'pending' AND m.available_at <= :now
  AND m.seq = (SELECT MIN(h.seq) FROM bridge_inbox_messages h
               WHERE h.conversation = m.conversation AND h.state = 'pending')
  AND NOT EXISTS (SELECT 1 FROM bridge_inbox_leases l
                  WHERE l.conversation = m.conversation AND l.expires_at > :now)
ORDER BY m.seq LIMIT 8
""")


class SqlInbox:
    """Rows per message, a lease row per conversation being processed, a row per open handoff."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = url.split(":///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=10)
        self._dialect_insert = sqlite.insert if self.is_sqlite else postgresql.insert
        self._write_lock = threading.RLock() if self.is_sqlite else None
        metadata.create_all(self.engine)

    @contextmanager
    def _tx(self):
        """One transaction; on SQLite, writers of this process queue instead of failing on a busy file."""
        if self._write_lock is None:
            with self.engine.begin() as conn:
                yield conn
        else:
            with self._write_lock, self.engine.begin() as conn:
                yield conn

    def put(self, message: InboundMessage) -> bool:
        """Store a message; False when its platform id was seen before."""
        now = time.time()
        statement = self._dialect_insert(messages).values(
            dedup_key=message.dedup_key, conversation=message.conversation, body=json.dumps(message.to_dict()),
            state="pending", attempts=0, available_at=now, created_at=now, sent=0,
        ).on_conflict_do_nothing(index_elements=["dedup_key"]).returning(messages.c.seq)
        with self._tx() as conn:
            return conn.execute(statement).first() is not None

    def claim(self, owner: str, lease_seconds: float) -> InboxItem | None:
        """The oldest ready message of a conversation nobody else holds, leased to `owner`."""
        now = time.time()
        with self._tx() as conn:
            candidates = [row[0] for row in conn.execute(CANDIDATES, {"now": now})]
        for conversation in candidates:
            item = self._try_conversation(conversation, owner, now, lease_seconds)
            if item is not None:
                return item
        return None

    def _try_conversation(self, conversation: str, owner: str, now: float, lease_seconds: float) -> InboxItem | None:
        acquire = self._dialect_insert(leases).values(conversation=conversation, owner=owner,
                                                       expires_at=now + lease_seconds)
        acquire = acquire.on_conflict_do_update(
            index_elements=["conversation"],
            set_={"owner": acquire.excluded.owner, "expires_at": acquire.excluded.expires_at},
            where=leases.c.expires_at <= now,
        ).returning(leases.c.conversation)
        with self._tx() as conn:
            if conn.execute(acquire).first() is None:
                return None
            head = conn.execute(
                select(messages).where(messages.c.conversation == conversation, messages.c.state == "pending")
                .order_by(messages.c.seq).limit(1)
            ).mappings().first()
            if head is None or head["available_at"] > now:
                conn.execute(delete(leases).where(leases.c.conversation == conversation, leases.c.owner == owner))
                return None
            conn.execute(update(messages).where(messages.c.seq == head["seq"])
                         .values(attempts=messages.c.attempts + 1))
        return InboxItem(
            seq=head["seq"], message=InboundMessage.from_dict(json.loads(head["body"])), owner=owner,
            attempts=head["attempts"] + 1,
            outbound=tuple(json.loads(head["outbound"])) if head["outbound"] else None, sent=head["sent"],
        )

    def save_outbound(self, item: InboxItem, outbound: list[dict]) -> InboxItem:
        """Remember the rendered replies, so a retry resends exactly these and nothing twice."""
        with self._tx() as conn:
            conn.execute(update(messages).where(messages.c.seq == item.seq).values(outbound=json.dumps(outbound)))
        return replace(item, outbound=tuple(outbound))

    def mark_sent(self, item: InboxItem, sent: int) -> InboxItem:
        """Record that the first `sent` outbound messages were delivered to the platform."""
        with self._tx() as conn:
            conn.execute(update(messages).where(messages.c.seq == item.seq).values(sent=sent))
        return replace(item, sent=sent)

    def complete(self, item: InboxItem, outcome: str) -> None:
        """Finish the message and free its conversation for the next one."""
        with self._tx() as conn:
            conn.execute(update(messages).where(messages.c.seq == item.seq).values(state="done", outcome=outcome))
            self._unlease(conn, item)

    def retry_later(self, item: InboxItem, delay_seconds: float) -> None:
        """Put the message back at the head of its conversation, ready after a delay."""
        with self._tx() as conn:
            conn.execute(update(messages).where(messages.c.seq == item.seq)
                         .values(available_at=time.time() + delay_seconds))
            self._unlease(conn, item)

    def _unlease(self, conn, item: InboxItem) -> None:
        conn.execute(delete(leases).where(leases.c.conversation == item.message.conversation,
                                          leases.c.owner == item.owner))

    def pending(self) -> int:
        """Messages not finished yet."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(messages)
                                .where(messages.c.state == "pending")).scalar_one()

    def outcome(self, message: InboundMessage) -> str | None:
        """How a stored message ended (None while pending or unknown)."""
        with self.engine.connect() as conn:
            return conn.execute(select(messages.c.outcome)
                                .where(messages.c.dedup_key == message.dedup_key)).scalar_one_or_none()

    def open_handoff(self, conversation: str, reason: str) -> None:
        """Pause the bot for this conversation."""
        statement = self._dialect_insert(handoffs).values(
            conversation=conversation, reason=reason[:200], opened_at=time.time()
        ).on_conflict_do_nothing(index_elements=["conversation"])
        with self._tx() as conn:
            conn.execute(statement)

    def release_handoff(self, conversation: str) -> bool:
        """Give the conversation back to the bot; False when it was not in handoff."""
        with self._tx() as conn:
            return conn.execute(delete(handoffs).where(handoffs.c.conversation == conversation)).rowcount == 1

    def handoffs(self) -> list[Handoff]:
        """Open handoffs, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(handoffs).order_by(handoffs.c.opened_at)).mappings()
            return [Handoff(r["conversation"], r["reason"], r["opened_at"]) for r in rows]

    def in_handoff(self, conversation: str) -> bool:
        """True while an agent owns the conversation."""
        with self.engine.connect() as conn:
            return conn.execute(select(handoffs.c.conversation)
                                .where(handoffs.c.conversation == conversation)).first() is not None

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
