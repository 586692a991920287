"""staff with roles and departments

Revision ID: 063d9a69e66d
Revises: 16f0b50b9ea5
Create Date: 2026-11-22 12:26:05.185223
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "063d9a69e66d"
down_revision: str | None = "16f0b50b9ea5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=True),
        sa.Column("created_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_username")),
        schema="access",
    )
    with op.batch_alter_table("api_keys", schema="access") as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_access_api_keys_staff_id"), ["staff_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_api_keys_staff_id_staff"),
            "staff",
            ["staff_id"],
            ["id"],
            referent_schema="access",
        )


def downgrade() -> None:
    with op.batch_alter_table("api_keys", schema="access") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_api_keys_staff_id_staff"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_access_api_keys_staff_id"))
        batch_op.drop_column("staff_id")

    op.drop_table("staff", schema="access")
