"""Routing's tables, in the `routing` schema."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    false,
    literal_column,
    true,
)

from services.routing.case.states import CLOSED_STATES
from shared.db.base import UtcDateTime, make_metadata
from shared.outbox.tables import dead_letters_table, inbox_table, outbox_table

SCHEMA = "routing"
metadata = make_metadata(SCHEMA)

departments = Table(
    "departments",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("name_zh", String(200), nullable=True),
    Column("default_priority", String(4), nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
)

rules = Table(
    "rules",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("position", Integer, nullable=False, unique=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("department", String(64), ForeignKey("departments.code"), nullable=False),
    Column("keywords", JSON, nullable=False),
    Column("channels", JSON, nullable=False),
    Column("categories", JSON, nullable=False),
    Column("enabled", Boolean, nullable=False, server_default=true()),
)

# Who changed which rule, when, and the rule before and after (None: created).
rule_changes = Table(
    "rule_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rule_id", Integer, nullable=False, index=True),
    Column("action", String(16), nullable=False),
    Column("by", String(120), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=False),
)

assignments = Table(
    "assignments",
    metadata,
    Column("complaint_id", Uuid, primary_key=True),
    Column("reference", String(32), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("department", String(64), ForeignKey("departments.code"), nullable=False),
    Column("priority", String(4), nullable=False),
    Column("matched_rule", String(120), nullable=True),
    Column("reasons", JSON, nullable=False),
    Column("risk_flags", JSON, nullable=False),
    Column("first_response_due", UtcDateTime, nullable=False),
    Column("resolution_due", UtcDateTime, nullable=False),
    Column("routed_at", UtcDateTime, nullable=False),
    Column("text", Text, nullable=True),  # kept to retrain the classifier from handled cases
    Column("classification", JSON, nullable=True),
    Column("senior_handler", Boolean, nullable=False, server_default=false()),
    # The supervision ladder's steps, each taken once.
    Column("warned_at", UtcDateTime, nullable=True),
    Column("urged_at", UtcDateTime, nullable=True),
    Column("supervised_at", UtcDateTime, nullable=True),
    # Handling (services/routing/case.py): the state, who accepted, what was found and proposed.
    Column("state", String(20), nullable=False, server_default="assigned"),
    Column("handler", String(64), nullable=True),
    Column("returns", Integer, nullable=False, server_default="0"),
    Column("arbitrated", Boolean, nullable=False, server_default=false()),
    Column("investigation", JSON, nullable=True),
    Column("proposal", JSON, nullable=True),
    Column("extension", JSON, nullable=True),
    Column("resolved_at", UtcDateTime, nullable=True),
)
Index("ix_assignments_queue", assignments.c.department, assignments.c.resolution_due)
# Open cases are a few percent of an archive: the queue, the watchdog and the past-due count
# read them through indexes that hold nothing else. The states are written into the SQL (not
# bound), so the planner can match a query's condition to the indexes' own.
OPEN_CASE = assignments.c.state.not_in([literal_column(f"'{s}'") for s in sorted(CLOSED_STATES)])
Index(
    "ix_assignments_open_queue",
    assignments.c.department,
    assignments.c.resolution_due,
    assignments.c.complaint_id,
    postgresql_where=OPEN_CASE,
    sqlite_where=OPEN_CASE,
)
Index(
    "ix_assignments_open_due",
    assignments.c.resolution_due,
    postgresql_where=OPEN_CASE,
    sqlite_where=OPEN_CASE,
)

# The audit trail: every handling step, who took it, when, and what it recorded.
case_steps = Table(
    "case_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("complaint_id", Uuid, nullable=False, index=True),
    Column("step", String(32), nullable=False),
    Column("from_state", String(20), nullable=False),
    Column("to_state", String(20), nullable=False),
    Column("department", String(64), nullable=False),
    Column("by", String(64), nullable=False),
    Column("role", String(20), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("details", JSON, nullable=False),
)

# Who moved a case from one department to another, when and why (manual dispatch from triage).
assignment_history = Table(
    "assignment_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("complaint_id", Uuid, nullable=False, index=True),
    Column("from_department", String(64), nullable=False),
    Column("to_department", String(64), nullable=False),
    Column("by", String(120), nullable=False),
    Column("reason", String(500), nullable=True),
    Column("at", UtcDateTime, nullable=False),
)

# Every registered complaint's validity verdict, with the signals, and any overturn.
validity_decisions = Table(
    "validity_decisions",
    metadata,
    Column("complaint_id", Uuid, primary_key=True),
    Column("reference", String(32), nullable=False),
    Column("customer_id", Uuid, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("signals", JSON, nullable=False),
    Column("complaint", JSON, nullable=False),  # the registered facts, to route on overturn
    Column("referred_to", String(200), nullable=True),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("overturned_by", String(120), nullable=True),
    Column("overturned_at", UtcDateTime, nullable=True),
    Column("overturn_note", String(500), nullable=True),
)
Index("ix_validity_customer", validity_decisions.c.customer_id, validity_decisions.c.decided_at)

# The classifier versions activated, newest last: the newest one is the active model.
model_activations = Table(
    "model_activations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version", String(40), nullable=False),
    Column("path", String(1000), nullable=False),
    Column("labels", JSON, nullable=False),
    Column("activated_by", String(120), nullable=False),
    Column("activated_at", UtcDateTime, nullable=False),
)

outbox = outbox_table(metadata)
dead_letters = dead_letters_table(metadata)
inbox = inbox_table(metadata)
