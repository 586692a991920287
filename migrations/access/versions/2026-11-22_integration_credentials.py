"""integration credentials: gateways' secrets, allow-lists and limits; API key limits and
rotation

Revision ID: ae2416428ad6
Revises: 063d9a69e66d
Create Date: 2026-11-22 13:58:31.457132
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision: str = "ae2416428ad6"
down_revision: str | None = "063d9a69e66d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "integrations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("previous_secret", sa.String(length=200), nullable=True),
        sa.Column("previous_valid_until", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("rate_per_minute", sa.Integer(), nullable=False),
        sa.Column("allowed_networks", sa.JSON(), nullable=False),
        sa.Column("public_url", sa.String(length=500), nullable=True),
        sa.Column("created_at", shared.db.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", shared.db.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrations")),
        sa.UniqueConstraint("name", name=op.f("uq_integrations_name")),
        schema="access",
    )
    with op.batch_alter_table("api_keys", schema="access") as batch_op:
        batch_op.add_column(sa.Column("rate_per_minute", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("expires_at", shared.db.base.UtcDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("api_keys", schema="access") as batch_op:
        batch_op.drop_column("expires_at")
        batch_op.drop_column("rate_per_minute")

    op.drop_table("integrations", schema="access")
