"""`OrderSystem` over SQL (SQLite file by default, PostgreSQL by URL) with idempotent writes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, create_engine, delete, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError

from assistant.orders import schema as t
from assistant.orders.carriers import tracking_url as default_tracking_url
from assistant.orders.demo_data import load_demo_data
from assistant.orders.errors import OrderNotFound, OrderSystemUnavailable
from assistant.orders.model import (
    Customer,
    DeliveryOption,
    Order,
    OrderChange,
    OrderLine,
    OrderState,
    Refund,
    ReturnPolicy,
    ReturnRequest,
    Shipment,
    ShipmentStatus,
)
from assistant.orders.policy import cancel_refusal, open_return_for, return_refusal
from assistant.orders.store_policies import DEMO_ORDERS_DIR, StorePolicies
from assistant.orders.system import (
    CancelOutcome,
    CancelResult,
    ReturnOutcome,
    ReturnResult,
)

PAID_STATES = frozenset({OrderState.PAID, OrderState.PACKED})


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _to_db(moment: datetime | None) -> datetime | None:
    """Aware datetime -> naive UTC for storage."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _from_db(moment: datetime | None) -> datetime | None:
    """Naive UTC from storage -> aware UTC."""
    return None if moment is None else moment.replace(tzinfo=timezone.utc)


def _split(skus: str) -> tuple[str, ...]:
    return tuple(s for s in skus.split(",") if s)


class SqlOrderStore:
    """Orders, identities, idempotency keys, change log and verification attempts in SQL tables."""

    def __init__(
        self,
        url: str,
        *,
        schema: str | None = None,
        policies: StorePolicies | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_pre_ping=True)
        if schema:
            with engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            engine = engine.execution_options(schema_translate_map={None: schema})
        self._engine = engine
        self._policies = policies or StorePolicies.load()
        self._clock = clock
        try:
            t.metadata.create_all(engine)
        except OperationalError as error:
            raise OrderSystemUnavailable("order database unreachable") from error

    # lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Release database connections."""
        self._engine.dispose()

    def drop_all(self) -> None:
        """Drop every table of the store (tests and resets)."""
        t.metadata.drop_all(self._engine)

    def seed(self, path: Path = DEMO_ORDERS_DIR, now: datetime | None = None) -> int:
        """Insert demo customers, orders and links that are not there yet; returns orders added."""
        data = load_demo_data(path, now or self._clock())
        added = 0
        with self._engine.begin() as conn:
            known_customers = set(conn.scalars(select(t.customers.c.customer_id)))
            for customer in data.customers:
                if customer.customer_id not in known_customers:
                    conn.execute(insert(t.customers).values(**_customer_row(customer)))
            known_links = {tuple(r) for r in conn.execute(
                select(t.identity_links.c.channel, t.identity_links.c.channel_user_id))}
            for channel, user_id, customer_id in data.identities:
                if (channel, user_id) not in known_links:
                    conn.execute(insert(t.identity_links).values(
                        channel=channel, channel_user_id=user_id, customer_id=customer_id,
                        linked_at=_to_db(self._clock())))
            known_orders = set(conn.scalars(select(t.orders.c.order_number)))
            for order in data.orders:
                if order.order_number in known_orders:
                    continue
                _insert_order(conn, order)
                added += 1
            new = {o.order_number for o in data.orders} - known_orders
            for shipment in data.shipments:
                if shipment.order_number in new:
                    conn.execute(insert(t.shipments).values(**_shipment_row(shipment)))
            for refund in data.refunds:
                if refund.order_number in new:
                    conn.execute(insert(t.refunds).values(**_refund_row(refund)))
            for request in data.returns:
                if request.order_number in new:
                    conn.execute(insert(t.return_requests).values(**_return_row(request)))
        return added

    # reads -------------------------------------------------------------------------------

    def find_order(self, order_number: str) -> Order | None:
        """The order with this number, or None."""
        with self._connect() as conn:
            return _load_order(conn, order_number)

    def orders_for_customer(self, customer_id: str) -> list[Order]:
        """The customer's orders, newest first."""
        with self._connect() as conn:
            numbers = conn.scalars(
                select(t.orders.c.order_number)
                .where(t.orders.c.customer_id == customer_id)
                .order_by(t.orders.c.placed_at.desc(), t.orders.c.order_number.desc())
            ).all()
            return [_load_order(conn, number) for number in numbers]

    def shipments(self, order_number: str) -> list[Shipment]:
        """Parcels of the order, oldest first."""
        with self._connect() as conn:
            return _load_shipments(conn, order_number)

    def refund_status(self, order_number: str) -> list[Refund]:
        """Refunds issued on the order, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                select(t.refunds).where(t.refunds.c.order_number == order_number)
                .order_by(t.refunds.c.created_at, t.refunds.c.refund_id)
            ).mappings()
            return [
                Refund(
                    refund_id=r["refund_id"], order_number=r["order_number"],
                    amount=Decimal(r["amount"]).quantize(Decimal("0.01")), currency=r["currency"],
                    status=r["status"], created_at=_from_db(r["created_at"]), reason=r["reason"],
                )
                for r in rows
            ]

    def return_requests(self, order_number: str) -> list[ReturnRequest]:
        """Return requests of the order, oldest first."""
        with self._connect() as conn:
            return _load_returns(conn, order_number)

    def delivery_options(self, country: str) -> list[DeliveryOption]:
        """Ways to ship to an ISO country code, cheapest first."""
        return self._policies.delivery_options(country)

    def return_policy(self) -> ReturnPolicy:
        """The store's return rules."""
        return self._policies.return_policy

    # identities --------------------------------------------------------------------------

    def customer_for_identity(self, channel: str, channel_user_id: str) -> Customer | None:
        """The customer linked to this chat identity, if any."""
        with self._connect() as conn:
            row = conn.execute(
                select(t.customers)
                .join(t.identity_links, t.identity_links.c.customer_id == t.customers.c.customer_id)
                .where(t.identity_links.c.channel == channel)
                .where(t.identity_links.c.channel_user_id == channel_user_id)
            ).mappings().first()
            return _customer(row) if row else None

    def linked_customer_id(self, channel: str, channel_user_id: str) -> str | None:
        """Id of the customer linked to this chat identity, whether or not the customer is stored here."""
        with self._connect() as conn:
            return conn.scalar(
                select(t.identity_links.c.customer_id)
                .where(t.identity_links.c.channel == channel)
                .where(t.identity_links.c.channel_user_id == channel_user_id)
            )

    def link_identity(self, channel: str, channel_user_id: str, customer_id: str) -> None:
        """Link a chat identity to a customer (replacing an older link)."""
        with self._begin() as conn:
            conn.execute(delete(t.identity_links).where(
                (t.identity_links.c.channel == channel)
                & (t.identity_links.c.channel_user_id == channel_user_id)))
            conn.execute(insert(t.identity_links).values(
                channel=channel, channel_user_id=channel_user_id, customer_id=customer_id,
                linked_at=_to_db(self._clock())))

    def customer(self, customer_id: str) -> Customer | None:
        """A customer by id."""
        with self._connect() as conn:
            row = conn.execute(
                select(t.customers).where(t.customers.c.customer_id == customer_id)
            ).mappings().first()
            return _customer(row) if row else None

    # writes ------------------------------------------------------------------------------

    def cancel_order(self, order_number: str, idempotency_key: str) -> CancelResult:
        """Cancel if pending/paid/packed; a repeated key or a cancelled order gives ALREADY_CANCELLED."""
        return self._idempotent(lambda conn: self._cancel(conn, order_number, idempotency_key))

    def request_return(
        self, order_number: str, sku_list: list[str], reason: str, idempotency_key: str
    ) -> ReturnResult:
        """Open a return for delivered items inside the window; a repeated key gives the same request."""
        skus = list(dict.fromkeys(sku_list))
        return self._idempotent(
            lambda conn: self._return(conn, order_number, skus, reason, idempotency_key)
        )

    def set_state(
        self,
        order_number: str,
        state: OrderState | str,
        *,
        carrier: str | None = None,
        tracking_number: str | None = None,
        tracking_url: str | None = None,
        expected_delivery: date | None = None,
        shipment_status: ShipmentStatus | str | None = None,
        skus: Sequence[str] | None = None,
    ) -> OrderChange:
        """Move an order to a state (demos, tests, back-office feeds), logging the change."""
        state = OrderState(state)
        now = self._clock()
        with self._begin() as conn:
            previous = conn.scalar(select(t.orders.c.state).where(t.orders.c.order_number == order_number))
            if previous is None:
                raise OrderNotFound(order_number)
            if carrier and tracking_number:
                default_status = ShipmentStatus.DELIVERED if state is OrderState.DELIVERED else ShipmentStatus.IN_TRANSIT
                conn.execute(insert(t.shipments).values(**_shipment_row(Shipment(
                    order_number=order_number, carrier=carrier, tracking_number=tracking_number,
                    tracking_url=tracking_url or default_tracking_url(carrier, tracking_number),
                    status=ShipmentStatus(shipment_status or default_status),
                    expected_delivery=expected_delivery, skus=tuple(skus or ()), shipped_at=now,
                    delivered_at=now if state is OrderState.DELIVERED else None,
                ))))
            if state is OrderState.DELIVERED:
                conn.execute(
                    update(t.shipments)
                    .where(t.shipments.c.order_number == order_number)
                    .where(t.shipments.c.status != ShipmentStatus.DELIVERED.value)
                    .values(status=ShipmentStatus.DELIVERED.value, delivered_at=_to_db(now))
                )
            return _change_state(conn, order_number, OrderState(previous), state, now)

    def changes_since(self, cursor: int = 0, limit: int = 100) -> tuple[list[OrderChange], int]:
        """State changes after `cursor` (oldest first) and the cursor to pass next time."""
        with self._connect() as conn:
            rows = conn.execute(
                select(t.order_changes).where(t.order_changes.c.change_id > cursor)
                .order_by(t.order_changes.c.change_id).limit(limit)
            ).mappings().all()
        changes = [
            OrderChange(
                change_id=r["change_id"], order_number=r["order_number"],
                from_state=OrderState(r["from_state"]) if r["from_state"] else None,
                to_state=OrderState(r["to_state"]), changed_at=_from_db(r["changed_at"]),
            )
            for r in rows
        ]
        return changes, (changes[-1].change_id if changes else cursor)

    # verification attempts (AttemptLedger) -----------------------------------------------

    def record_failure(self, subjects: Sequence[str], at: datetime) -> None:
        """Count one failed verification against every subject."""
        with self._begin() as conn:
            conn.execute(insert(t.verification_failures),
                         [{"subject": s, "failed_at": _to_db(at)} for s in subjects])

    def failures_since(self, subject: str, since: datetime) -> int:
        """Failed verifications of a subject at or after `since`."""
        with self._connect() as conn:
            return conn.scalar(
                select(func.count()).select_from(t.verification_failures)
                .where(t.verification_failures.c.subject == subject)
                .where(t.verification_failures.c.failed_at >= _to_db(since))
            )

    # internals ---------------------------------------------------------------------------

    def _connect(self):
        try:
            return self._engine.connect()
        except OperationalError as error:
            raise OrderSystemUnavailable("order database unreachable") from error

    def _begin(self):
        try:
            return self._engine.begin()
        except OperationalError as error:
            raise OrderSystemUnavailable("order database unreachable") from error

    def _idempotent(self, work: Callable[[Connection], object]):
        """Run a write in one transaction; if a concurrent twin won the key, replay its result."""
        for attempt in range(2):
            try:
                with self._begin() as conn:
                    return work(conn)
            except IntegrityError:
                if attempt:
                    raise

    def _claimed(self, conn: Connection, key: str, operation: str, order_number: str):
        row = conn.execute(select(t.idempotency_keys).where(t.idempotency_keys.c.key == key)).mappings().first()
        if row and (row["operation"] != operation or row["order_number"] != order_number):
            raise ValueError("idempotency key was already used for a different request")
        return row

    def _claim(self, conn, key, operation, order_number, outcome, reference=None) -> None:
        conn.execute(insert(t.idempotency_keys).values(
            key=key, operation=operation, order_number=order_number, outcome=outcome,
            reference=reference, created_at=_to_db(self._clock())))

    def _cancel(self, conn: Connection, order_number: str, key: str) -> CancelResult:
        prior = self._claimed(conn, key, "cancel", order_number)
        if prior:
            if prior["outcome"] == CancelOutcome.NOT_ALLOWED.value:
                return CancelResult(CancelOutcome.NOT_ALLOWED, reason=prior["reference"])
            return CancelResult(CancelOutcome.ALREADY_CANCELLED)
        order = _load_order(conn, order_number, lock=True)
        if order is None:
            raise OrderNotFound(order_number)
        result = cancel_refusal(order.state)
        if result is None:
            now = self._clock()
            _change_state(conn, order_number, order.state, OrderState.CANCELLED, now)
            if order.state in PAID_STATES:
                conn.execute(insert(t.refunds).values(**_refund_row(Refund(
                    refund_id=f"rf_{order_number}_{uuid.uuid4().hex[:8]}", order_number=order_number,
                    amount=order.total, currency=order.currency, status="pending",
                    created_at=now, reason="cancellation"))))
            result = CancelResult(CancelOutcome.CANCELLED)
        self._claim(conn, key, "cancel", order_number, result.status.value, result.reason)
        return result

    def _return(self, conn: Connection, order_number: str, skus: list[str], reason: str, key: str) -> ReturnResult:
        prior = self._claimed(conn, key, "return", order_number)
        if prior:
            if prior["outcome"] in (ReturnOutcome.CREATED.value, ReturnOutcome.ALREADY_REQUESTED.value):
                request = next(r for r in _load_returns(conn, order_number) if r.return_id == prior["reference"])
                return ReturnResult(ReturnOutcome.ALREADY_REQUESTED, request=request)
            return ReturnResult(ReturnOutcome(prior["outcome"]), reason=prior["reference"])
        order = _load_order(conn, order_number, lock=True)
        if order is None:
            raise OrderNotFound(order_number)
        existing = open_return_for(_load_returns(conn, order_number), skus)
        now = self._clock()
        if existing:
            result = ReturnResult(ReturnOutcome.ALREADY_REQUESTED, request=existing)
        else:
            result = return_refusal(order, _load_shipments(conn, order_number), skus, self._policies.return_policy, now)
        if result is None:
            request = ReturnRequest(
                return_id=f"rt_{order_number}_{uuid.uuid4().hex[:8]}", order_number=order_number,
                skus=tuple(skus), reason=reason, status="requested", created_at=now)
            conn.execute(insert(t.return_requests).values(**_return_row(request)))
            result = ReturnResult(ReturnOutcome.CREATED, request=request)
        reference = result.request.return_id if result.request else result.reason
        self._claim(conn, key, "return", order_number, result.status.value, reference)
        return result


# row <-> domain --------------------------------------------------------------------------


def _customer(row) -> Customer:
    return Customer(row["customer_id"], row["name"], row["email"], row["phone"], row["country"])


def _customer_row(customer: Customer) -> dict:
    return {"customer_id": customer.customer_id, "name": customer.name, "email": customer.email,
            "phone": customer.phone, "country": customer.country}


def _insert_order(conn: Connection, order: Order) -> None:
    conn.execute(insert(t.orders).values(
        order_number=order.order_number, customer_id=order.customer_id, state=order.state.value,
        placed_at=_to_db(order.placed_at), updated_at=_to_db(order.updated_at or order.placed_at),
        email=order.email, shipping_postcode=order.shipping_postcode,
        shipping_country=order.shipping_country, currency=order.currency))
    conn.execute(insert(t.order_lines), [
        {"order_number": order.order_number, "position": i, "sku": line.sku, "handle": line.handle,
         "title": line.title, "quantity": line.quantity, "unit_price": line.unit_price,
         "returnable": line.returnable}
        for i, line in enumerate(order.lines)
    ])


def _shipment_row(shipment: Shipment) -> dict:
    return {"order_number": shipment.order_number, "carrier": shipment.carrier,
            "tracking_number": shipment.tracking_number, "tracking_url": shipment.tracking_url,
            "status": shipment.status.value, "expected_delivery": shipment.expected_delivery,
            "skus": ",".join(shipment.skus), "shipped_at": _to_db(shipment.shipped_at),
            "delivered_at": _to_db(shipment.delivered_at)}


def _refund_row(refund: Refund) -> dict:
    return {"refund_id": refund.refund_id, "order_number": refund.order_number,
            "amount": refund.amount, "currency": refund.currency, "status": refund.status,
            "reason": refund.reason, "created_at": _to_db(refund.created_at)}


def _return_row(request: ReturnRequest) -> dict:
    return {"return_id": request.return_id, "order_number": request.order_number,
            "skus": ",".join(request.skus), "reason": request.reason, "status": request.status,
            "created_at": _to_db(request.created_at)}


def _load_order(conn: Connection, order_number: str, lock: bool = False) -> Order | None:
    query = select(t.orders).where(t.orders.c.order_number == order_number)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    if row is None:
        return None
    lines = conn.execute(
        select(t.order_lines).where(t.order_lines.c.order_number == order_number)
        .order_by(t.order_lines.c.position)
    ).mappings()
    return Order(
        order_number=row["order_number"], customer_id=row["customer_id"],
        state=OrderState(row["state"]), placed_at=_from_db(row["placed_at"]),
        lines=tuple(
            OrderLine(sku=l["sku"], title=l["title"], quantity=l["quantity"],
                      unit_price=Decimal(l["unit_price"]).quantize(Decimal("0.01")),
                      handle=l["handle"], returnable=bool(l["returnable"]))
            for l in lines
        ),
        email=row["email"], shipping_postcode=row["shipping_postcode"],
        shipping_country=row["shipping_country"], currency=row["currency"],
        updated_at=_from_db(row["updated_at"]),
    )


def _load_shipments(conn: Connection, order_number: str) -> list[Shipment]:
    rows = conn.execute(
        select(t.shipments).where(t.shipments.c.order_number == order_number).order_by(t.shipments.c.id)
    ).mappings()
    return [
        Shipment(
            order_number=r["order_number"], carrier=r["carrier"], tracking_number=r["tracking_number"],
            tracking_url=r["tracking_url"], status=ShipmentStatus(r["status"]),
            expected_delivery=r["expected_delivery"], skus=_split(r["skus"]),
            shipped_at=_from_db(r["shipped_at"]), delivered_at=_from_db(r["delivered_at"]),
        )
        for r in rows
    ]


def _load_returns(conn: Connection, order_number: str) -> list[ReturnRequest]:
    rows = conn.execute(
        select(t.return_requests).where(t.return_requests.c.order_number == order_number)
        .order_by(t.return_requests.c.created_at, t.return_requests.c.return_id)
    ).mappings()
    return [
        ReturnRequest(return_id=r["return_id"], order_number=r["order_number"], skus=_split(r["skus"]),
                      reason=r["reason"], status=r["status"], created_at=_from_db(r["created_at"]))
        for r in rows
    ]


def _change_state(conn: Connection, order_number: str, previous: OrderState, state: OrderState,
                  now: datetime) -> OrderChange:
    conn.execute(update(t.orders).where(t.orders.c.order_number == order_number)
                 .values(state=state.value, updated_at=_to_db(now)))
    change_id = conn.execute(insert(t.order_changes).values(
        order_number=order_number, from_state=previous.value, to_state=state.value,
        changed_at=_to_db(now))).inserted_primary_key[0]
    return OrderChange(change_id, order_number, previous, state, now)


__all__ = ["SqlOrderStore"]
