"""sealed integration secrets: room for Fernet tokens

Revision ID: 5c1d2e8f9a31
Revises: ae2416428ad6
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1d2e8f9a31"
down_revision: str | None = "ae2416428ad6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("integrations", schema="access") as batch_op:
        for column in ("secret", "previous_secret"):
            batch_op.alter_column(
                column, type_=sa.String(length=400), existing_type=sa.String(length=200)
            )


def downgrade() -> None:
    with op.batch_alter_table("integrations", schema="access") as batch_op:
        for column in ("secret", "previous_secret"):
            batch_op.alter_column(
                column, type_=sa.String(length=200), existing_type=sa.String(length=400)
            )
