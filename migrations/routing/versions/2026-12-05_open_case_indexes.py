"""open case indexes: the queue, the watchdog and the past-due count read open cases only

An archive's cases are mostly resolved; without these the department queue and the
watchdog's pass scanned all of them (make bench-archive).

Revision ID: 5d0c4f3e2a17
Revises: b55f76a3ff9a
Create Date: 2026-12-05 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d0c4f3e2a17"
down_revision: str | None = "b55f76a3ff9a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_CASE = sa.text("state NOT IN ('resolved', 'withdrawn')")


def upgrade() -> None:
    for name, columns in (
        ("ix_assignments_open_queue", ["department", "resolution_due", "complaint_id"]),
        ("ix_assignments_open_due", ["resolution_due"]),
    ):
        op.create_index(
            name,
            "assignments",
            columns,
            schema="routing",
            postgresql_where=OPEN_CASE,
            sqlite_where=OPEN_CASE,
        )


def downgrade() -> None:
    op.drop_index("ix_assignments_open_due", "assignments", schema="routing")
    op.drop_index("ix_assignments_open_queue", "assignments", schema="routing")
