"""complaint facts: the emerging topic a complaint was found in (expand only: a new nullable
column the running release ignores)

Revision ID: ca184389da42
Revises: a5fdee006e3a
Create Date: 2026-12-05 23:16:51.758592
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ca184389da42"
down_revision: str | None = "a5fdee006e3a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaint_facts", schema="insights") as batch_op:
        batch_op.add_column(sa.Column("topic", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("complaint_facts", schema="insights") as batch_op:
        batch_op.drop_column("topic")
