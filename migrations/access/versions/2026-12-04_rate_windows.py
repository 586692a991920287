"""rate windows

Revision ID: 5ee99a2773e4
Revises: 5c1d2e8f9a31
Create Date: 2026-12-04 18:02:25.708507
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5ee99a2773e4"
down_revision: str | None = "5c1d2e8f9a31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_windows",
        sa.Column("who", sa.String(length=80), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("who", "minute", name=op.f("pk_rate_windows")),
        schema="access",
    )


def downgrade() -> None:
    op.drop_table("rate_windows", schema="access")
