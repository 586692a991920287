"""Insights' tables, in the `insights` schema: one row per complaint, folded from the events
of every service, so each figure is one query."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from shared.db.base import BigIntId, UtcDateTime, make_metadata
from shared.outbox.tables import dead_letters_table, inbox_table, outbox_table

SCHEMA = "insights"
metadata = make_metadata(SCHEMA)

complaint_facts = Table(
    "complaint_facts",
    metadata,
    Column("complaint_id", Uuid, primary_key=True),
    # Dimensions.
    Column("reference", String(32), nullable=True),
    Column("channel", String(16), nullable=True),
    Column("language", String(8), nullable=True),
    Column("customer_id", Uuid, nullable=True),
    Column("segment", String(40), nullable=True),
    Column("repeat", Boolean, nullable=True),  # the customer had complained before
    Column("department", String(64), nullable=True),
    Column("priority", String(4), nullable=True),
    Column("cause", String(64), nullable=True),
    Column("motive", String(64), nullable=True),
    Column("risk_flags", String(500), nullable=True),  # comma-separated
    Column("root_cause", String(64), nullable=True),
    Column("status", String(16), nullable=True),
    # The emerging topic the detector found the complaint in ("充电器 · 过热 · 起火"): set by
    # the detector, not by an event, so a rebuild labels only the current window's again.
    Column("topic", String(200), nullable=True),
    # Milestones and the dates promised.
    Column("registered_at", UtcDateTime, nullable=True),
    Column("routed_at", UtcDateTime, nullable=True),
    Column("first_contact_at", UtcDateTime, nullable=True),
    Column("first_response_due", UtcDateTime, nullable=True),
    Column("resolution_due", UtcDateTime, nullable=True),  # the internal SLA, as first routed
    Column("promised_by", UtcDateTime, nullable=True),  # as told the customer, extensions too
    Column("resolved_at", UtcDateTime, nullable=True),
    Column("closed_at", UtcDateTime, nullable=True),
    Column("reopened_at", UtcDateTime, nullable=True),
    Column("returns", Integer, nullable=False),  # 退单: a department sent the case back
    Column("reopens", Integer, nullable=False),
    Column("escalations", Integer, nullable=False),
    Column("score", SmallInteger, nullable=True),  # the latest satisfaction score, 1-5
    # When the latest department and status were learned: events from different topics
    # arrive in any order, and an older one never overwrites a newer.
    Column("department_at", UtcDateTime, nullable=True),
    Column("status_at", UtcDateTime, nullable=True),
    # The complaint's words (the first 2,000 characters): an alert's evidence. Erased with
    # the customer's personal data.
    Column("text", Text, nullable=True),
)
Index("ix_complaint_facts_registered_at", complaint_facts.c.registered_at)
Index(
    "ix_complaint_facts_department_registered_at",
    complaint_facts.c.department,
    complaint_facts.c.registered_at,
)

# Early warnings: one row per deviation of a series, kept up to date while it lasts.
alerts = Table(
    "alerts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("series", String(300), nullable=False),  # "department=billing;cause=refund"
    Column("dimensions", JSON, nullable=False),  # {"department": "billing", ...}
    Column("department", String(64), nullable=True),  # whose staff may see it
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("observed", Integer, nullable=False),
    Column("expected", Float, nullable=False),
    Column("score", Float, nullable=False),
    Column("top_terms", JSON, nullable=False),
    Column("examples", JSON, nullable=False),  # complaint references
    Column("detected_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("series", "first_day"),
)
Index("ix_alerts_last_day", alerts.c.last_day)

# Each new alert to each configured recipient ("webhook:<url>", "email:<address>"), until sent.
alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("id", BigIntId, primary_key=True, autoincrement=True),
    Column("alert_id", Uuid, nullable=False),
    Column("target", String(400), nullable=False),
    Column("status", String(16), nullable=False),  # pending, sent, failed
    Column("attempts", Integer, nullable=False),
    Column("next_at", UtcDateTime, nullable=False),
    Column("last_error", String(500), nullable=True),
    Column("sent_at", UtcDateTime, nullable=True),
    UniqueConstraint("alert_id", "target"),
)
Index("ix_alert_deliveries_due", alert_deliveries.c.status, alert_deliveries.c.next_at)

outbox = outbox_table(metadata)
dead_letters = dead_letters_table(metadata)
inbox = inbox_table(metadata)
