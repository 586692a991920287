"""figures index: the satisfaction figures read one period's survey callbacks

Without it `GET /v1/figures` scanned every callback in the archive (make bench-archive).

Revision ID: 7e3b9c1d5f20
Revises: ca6bad7b3a38
Create Date: 2026-12-05 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7e3b9c1d5f20"
down_revision: str | None = "ca6bad7b3a38"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_callbacks_purpose_created",
        "callbacks",
        ["purpose", "created_at"],
        schema="followup",
    )


def downgrade() -> None:
    op.drop_index("ix_callbacks_purpose_created", "callbacks", schema="followup")
