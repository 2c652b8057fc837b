"""Numbered choices on WeChat: remember what each number meant, so a reply "2" reaches Rasa as that button's payload."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Column, Float, MetaData, String, Table, Text, create_engine, delete, insert, select

metadata = MetaData()
choices = Table(
    "bridge_wechat_choices", metadata,
    Column("conversation", String(300), primary_key=True),
    Column("payloads", Text, nullable=False),
    Column("expires_at", Float, nullable=False),
)
NUMBER = re.compile(r"\s*(\d{1,2})\s*[.)。]?\s*")
TTL_SECONDS = 24 * 3600.0


class ChoiceMemory:
    """The last numbered choices shown to each WeChat conversation (SQLite or PostgreSQL)."""

    def __init__(self, url: str, clock: Callable[[], float] = time.time) -> None:
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url, pool_pre_ping=True)
        self.clock = clock
        metadata.create_all(self.engine)

    def remember(self, conversation: str, payloads: list[str]) -> None:
        """Replace the conversation's choices: number n means `payloads[n-1]`."""
        with self.engine.begin() as conn:
            conn.execute(delete(choices).where(choices.c.conversation == conversation))
            conn.execute(insert(choices).values(conversation=conversation, payloads=json.dumps(payloads),
                                                expires_at=self.clock() + TTL_SECONDS))

    def resolve(self, conversation: str, text: str) -> str | None:
        """The payload behind a reply that is just a shown number, else None."""
        match = NUMBER.fullmatch(text or "")
        if not match:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(choices.c.payloads, choices.c.expires_at)
                               .where(choices.c.conversation == conversation)).first()
        if row is None or row.expires_at < self.clock():
            return None
        payloads = json.loads(row.payloads)
        number = int(match.group(1))
        return payloads[number - 1] if 1 <= number <= len(payloads) else None

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()
