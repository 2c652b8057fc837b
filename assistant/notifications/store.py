"""Consent, product alerts, the last time each person wrote, and the sent-log, in SQL (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import (
    Boolean, Column, DateTime, Integer, MetaData, Numeric, String, Table, Text, UniqueConstraint, create_engine,
    insert, select, update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from assistant.notifications.model import AlertKind, ChannelIdentity, LoggedNotice, Notice, NoticeKind, ProductAlert

metadata = MetaData()
contacts = Table(
    "notification_contacts", metadata,
    Column("channel", String(32), primary_key=True),
    Column("user_id", String(200), primary_key=True),
    Column("opted_in", Boolean, nullable=False, default=False),
    Column("opted_out_at", DateTime),
    Column("last_inbound_at", DateTime),
    Column("updated_at", DateTime, nullable=False),
)
alerts = Table(
    "notification_product_alerts", metadata,
    Column("alert_id", Integer, primary_key=True, autoincrement=True),
    Column("channel", String(32), nullable=False, index=True),
    Column("user_id", String(200), nullable=False),
    Column("product_id", String(200), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("size", String(64)),
    Column("color", String(64)),
    Column("baseline_price", Numeric(12, 2)),
    Column("created_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    Column("closed_reason", String(32)),
)
sent_log = Table(
    "notification_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(200), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("user_id", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("params", Text, nullable=False, default="[]"),
    Column("status", String(16), nullable=False, index=True),
    Column("reason", String(300)),
    Column("created_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    UniqueConstraint("event_id", "channel", "user_id", name="uq_notification_once"),
)
cursors = Table(
    "notification_cursors", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
)
PENDING, SENDING = "pending", "sending"


def _utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class NotificationStore:
    """Everything proactive messages need to be consented to, timely and sent at most once."""

    def __init__(self, url: str, clock: Callable[[], datetime] = _utc_now) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url, pool_pre_ping=True)
        self.clock = clock
        metadata.create_all(self.engine)

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()

    # consent and last contact --------------------------------------------------------------

    def opt_in(self, identity: ChannelIdentity) -> None:
        """The shopper agreed to proactive messages on this channel."""
        self._upsert_contact(identity, opted_in=True, opted_out_at=None)

    def opt_out(self, identity: ChannelIdentity) -> int:
        """"Stop": no proactive message from now on, open alerts closed and queued notices dropped; returns alerts closed."""
        now = self.clock()
        self._upsert_contact(identity, opted_in=False, opted_out_at=now)
        with self.engine.begin() as conn:
            closed = conn.execute(update(alerts).where(*_who(alerts, identity), alerts.c.closed_at.is_(None))
                                  .values(closed_at=now, closed_reason="opted_out")).rowcount
            conn.execute(update(sent_log).where(*_who(sent_log, identity), sent_log.c.status == PENDING)
                         .values(status="skipped", reason="opted_out", finished_at=now))
        return closed

    def consents(self, identity: ChannelIdentity) -> bool:
        """True only after an opt-in that no opt-out followed."""
        with self.engine.connect() as conn:
            return bool(conn.scalar(select(contacts.c.opted_in).where(*_who(contacts, identity))))

    def saw_message(self, identity: ChannelIdentity, at: datetime | None = None) -> None:
        """The shopper wrote to us now (opens each platform's customer service window)."""
        self._upsert_contact(identity, last_inbound_at=_naive(at) or self.clock())

    def last_message_at(self, identity: ChannelIdentity) -> datetime | None:
        """When the shopper last wrote, UTC, or None."""
        with self.engine.connect() as conn:
            moment = conn.scalar(select(contacts.c.last_inbound_at).where(*_who(contacts, identity)))
        return moment.replace(tzinfo=timezone.utc) if moment else None

    def _upsert_contact(self, identity: ChannelIdentity, **values) -> None:
        values["updated_at"] = self.clock()
        for _ in range(2):
            with self.engine.begin() as conn:
                if conn.execute(update(contacts).where(*_who(contacts, identity)).values(**values)).rowcount:
                    return
                try:
                    conn.execute(insert(contacts).values(channel=identity.channel, user_id=identity.user_id,
                                                         **{"opted_in": False, **values}))
                    return
                except IntegrityError:
                    continue

    # product alerts -----------------------------------------------------------------------

    def add_alert(self, identity: ChannelIdentity, product_id: str, kind: AlertKind | str, size: str | None = None,
                  color: str | None = None, baseline_price: Decimal | None = None) -> ProductAlert:
        """Record a request; an identical open one is returned instead of a second."""
        kind = AlertKind(kind)
        for alert in self.open_alerts(identity=identity):
            if (alert.product_id, alert.kind, alert.size, alert.color) == (product_id, kind, size, color):
                return alert
        now = self.clock()
        with self.engine.begin() as conn:
            alert_id = conn.execute(insert(alerts).values(
                channel=identity.channel, user_id=identity.user_id, product_id=product_id, kind=kind.value,
                size=size, color=color, baseline_price=baseline_price, created_at=now)).inserted_primary_key[0]
        return ProductAlert(alert_id, identity, product_id, kind, size, color, baseline_price, now)

    def open_alerts(self, product_ids: Iterable[str] | None = None,
                    identity: ChannelIdentity | None = None) -> list[ProductAlert]:
        """Alerts not yet sent or cancelled, optionally for some products or one person."""
        query = select(alerts).where(alerts.c.closed_at.is_(None)).order_by(alerts.c.alert_id)
        if product_ids is not None:
            query = query.where(alerts.c.product_id.in_(list(product_ids)))
        if identity is not None:
            query = query.where(*_who(alerts, identity))
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [ProductAlert(r["alert_id"], ChannelIdentity(r["channel"], r["user_id"]), r["product_id"],
                             AlertKind(r["kind"]), r["size"], r["color"],
                             Decimal(r["baseline_price"]).quantize(Decimal("0.01"))
                             if r["baseline_price"] is not None else None, r["created_at"]) for r in rows]

    def close_alert(self, alert_id: int, reason: str) -> None:
        """An alert was answered (or cancelled): it never fires again."""
        with self.engine.begin() as conn:
            conn.execute(update(alerts).where(alerts.c.alert_id == alert_id, alerts.c.closed_at.is_(None))
                         .values(closed_at=self.clock(), closed_reason=reason[:32]))

    # the sent-log -------------------------------------------------------------------------

    def enqueue(self, notice: Notice) -> bool:
        """Queue a notice unless this event already reached (or was refused for) this person; False then."""
        status, reason = (PENDING, None) if self.consents(notice.identity) else ("skipped", "no_consent")
        now = self.clock()
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(sent_log).values(
                    event_id=notice.event_id[:200], channel=notice.identity.channel, user_id=notice.identity.user_id,
                    kind=notice.kind.value, text=notice.text, params=json.dumps(list(notice.params)),
                    status=status, reason=reason, created_at=now, finished_at=None if status == PENDING else now))
        except IntegrityError:
            return False
        return status == PENDING

    def claim_pending(self, limit: int = 50) -> list[Notice]:
        """Pending notices, each taken by exactly one caller (pending -> sending)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(sent_log).where(sent_log.c.status == PENDING)
                                .order_by(sent_log.c.id).limit(limit)).mappings().all()
        claimed = []
        for row in rows:
            with self.engine.begin() as conn:
                taken = conn.execute(update(sent_log).where(sent_log.c.id == row["id"], sent_log.c.status == PENDING)
                                     .values(status=SENDING)).rowcount
            if taken:
                claimed.append(_notice(row))
        return claimed

    def finish(self, notice: Notice, status: str, reason: str | None = None) -> None:
        """Record the outcome: `sent`, `skipped` (a rule forbade it, with why) or `failed` (the platform refused)."""
        with self.engine.begin() as conn:
            conn.execute(update(sent_log).where(sent_log.c.event_id == notice.event_id[:200],
                                                *_who(sent_log, notice.identity))
                         .values(status=status, reason=(reason or None) and reason[:300], finished_at=self.clock()))

    def release(self, notice: Notice) -> None:
        """Put a notice back to pending (the platform asked us to try later)."""
        self.finish(notice, PENDING)

    def log(self, identity: ChannelIdentity | None = None) -> list[LoggedNotice]:
        """The sent-log, oldest first (tests and support)."""
        query = select(sent_log).order_by(sent_log.c.id)
        if identity is not None:
            query = query.where(*_who(sent_log, identity))
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [LoggedNotice(_notice(r), r["status"], r["reason"]) for r in rows]

    # cursors ------------------------------------------------------------------------------

    def cursor(self, name: str) -> int | None:
        """Where a poller stopped (None before its first round)."""
        with self.engine.connect() as conn:
            return conn.scalar(select(cursors.c.value).where(cursors.c.name == name))

    def set_cursor(self, name: str, value: int) -> None:
        """Remember where a poller stopped."""
        with self.engine.begin() as conn:
            if not conn.execute(update(cursors).where(cursors.c.name == name).values(value=value)).rowcount:
                conn.execute(insert(cursors).values(name=name, value=value))


class Subscriptions:
    """What the Rasa actions call: ask for an alert, agree to order updates, stop everything."""

    def __init__(self, store: NotificationStore, price_of: Callable[[str, str | None, str | None],
                                                                     Decimal | None] | None = None) -> None:
        self.store, self.price_of = store, price_of

    def subscribe(self, identity: ChannelIdentity | str, product_id: str, size: str | None = None,
                  color: str | None = None, kind: AlertKind | str = AlertKind.BACK_IN_STOCK) -> ProductAlert:
        """Alert this person once when the product (size/colour) is back or cheaper; asking is consent."""
        identity = _identity(identity)
        baseline = self.price_of(product_id, size, color) if self.price_of else None
        self.store.opt_in(identity)
        return self.store.add_alert(identity, product_id, kind, size, color, baseline)

    def opt_in(self, identity: ChannelIdentity | str) -> None:
        """Order updates and alerts may reach this person on this channel."""
        self.store.opt_in(_identity(identity))

    def opt_out(self, identity: ChannelIdentity | str) -> int:
        """Stop every proactive message to this person on this channel at once; returns alerts cancelled."""
        return self.store.opt_out(_identity(identity))

    def is_subscribed(self, identity: ChannelIdentity | str) -> bool:
        """True while proactive messages may reach this person."""
        return self.store.consents(_identity(identity))


def _identity(value: ChannelIdentity | str) -> ChannelIdentity:
    return value if isinstance(value, ChannelIdentity) else ChannelIdentity.from_sender(value)


def _who(table: Table, identity: ChannelIdentity) -> tuple:
    return table.c.channel == identity.channel, table.c.user_id == identity.user_id


def _naive(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _notice(row) -> Notice:
    return Notice(row["event_id"], ChannelIdentity(row["channel"], row["user_id"]), NoticeKind(row["kind"]),
                  row["text"], tuple(json.loads(row["params"] or "[]")))
