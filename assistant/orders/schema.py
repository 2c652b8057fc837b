"""SQL tables of the order store (SQLAlchemy Core; times are stored as naive UTC)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)

metadata = MetaData()

customers = Table(
    "customers",
    metadata,
    Column("customer_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("phone", String(40)),
    Column("country", String(2)),
)

orders = Table(
    "orders",
    metadata,
    Column("order_number", String(16), primary_key=True),
    Column("customer_id", String(64), ForeignKey("customers.customer_id"), index=True),
    Column("state", String(32), nullable=False),
    Column("placed_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("email", String(320), nullable=False),
    Column("shipping_postcode", String(32), nullable=False),
    Column("shipping_country", String(2), nullable=False),
    Column("currency", String(3), nullable=False),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_number", String(16), ForeignKey("orders.order_number"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("handle", String(200)),
    Column("title", String(300), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Numeric(12, 2), nullable=False),
    Column("returnable", Boolean, nullable=False, default=True),
)

shipments = Table(
    "shipments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_number", String(16), ForeignKey("orders.order_number"), nullable=False, index=True),
    Column("carrier", String(40), nullable=False),
    Column("tracking_number", String(64), nullable=False),
    Column("tracking_url", String(500)),
    Column("status", String(32), nullable=False),
    Column("expected_delivery", Date),
    Column("skus", Text, nullable=False, default=""),
    Column("shipped_at", DateTime),
    Column("delivered_at", DateTime),
)

refunds = Table(
    "refunds",
    metadata,
    Column("refund_id", String(64), primary_key=True),
    Column("order_number", String(16), ForeignKey("orders.order_number"), nullable=False, index=True),
    Column("amount", Numeric(12, 2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(32), nullable=False),
    Column("reason", String(64)),
    Column("created_at", DateTime, nullable=False),
)

return_requests = Table(
    "return_requests",
    metadata,
    Column("return_id", String(64), primary_key=True),
    Column("order_number", String(16), ForeignKey("orders.order_number"), nullable=False, index=True),
    Column("skus", Text, nullable=False),
    Column("reason", String(500), nullable=False),
    Column("status", String(32), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

identity_links = Table(
    "identity_links",
    metadata,
    Column("channel", String(32), primary_key=True),
    Column("channel_user_id", String(200), primary_key=True),
    Column("customer_id", String(64), nullable=False),
    Column("linked_at", DateTime, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("operation", String(32), nullable=False),
    Column("order_number", String(16), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("reference", String(64)),
    Column("created_at", DateTime, nullable=False),
)

order_changes = Table(
    "order_changes",
    metadata,
    Column("change_id", Integer, primary_key=True, autoincrement=True),
    Column("order_number", String(16), nullable=False),
    Column("from_state", String(32)),
    Column("to_state", String(32), nullable=False),
    Column("changed_at", DateTime, nullable=False),
)

verification_failures = Table(
    "verification_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject", String(64), nullable=False),
    Column("failed_at", DateTime, nullable=False),
    Index("ix_verification_failures_subject_time", "subject", "failed_at"),
)
