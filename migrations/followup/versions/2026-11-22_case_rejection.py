"""case rejection

Revision ID: 468123f705e8
Revises: 0b00313876f9
Create Date: 2026-11-22 11:40:51.287069
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "468123f705e8"
down_revision: str | None = "0b00313876f9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema="followup") as batch_op:
        batch_op.add_column(sa.Column("rejection", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema="followup") as batch_op:
        batch_op.drop_column("rejection")
