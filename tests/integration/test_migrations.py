"""Every schema's migrations go up, down and up again, on PostgreSQL and on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from devtools.postgres import PostgresCluster
from shared.db.engine import make_engine
from shared.db.migrate import SECTIONS, downgrade, upgrade

pytestmark = pytest.mark.integration

TABLES = {
    "access": {"api_keys", "staff", "integrations", "rate_windows"},
    "intake": {
        "complaints",
        "customers",
        "timeline",
        "counters",
        "outbox",
        "inbox",
        "messages",
        "attachments",
        "webhook_tokens",
        "read_audit",
        "dead_letters",
    },
    "routing": {
        "departments",
        "rules",
        "assignments",
        "assignment_history",
        "model_activations",
        "validity_decisions",
        "case_steps",
        "rule_changes",
        "outbox",
        "inbox",
        "dead_letters",
    },
    "followup": {"cases", "callbacks", "attempts", "messages", "outbox", "inbox", "dead_letters"},
    "insights": {
        "complaint_facts",
        "alerts",
        "alert_deliveries",
        "outbox",
        "inbox",
        "dead_letters",
    },
}


async def pg_tables(url: str) -> dict[str, set[str]]:
    engine = make_engine(url, schemas=SECTIONS)
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                text("SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY(:s)"),
                {"s": list(SECTIONS)},
            )
        ).all()
    await engine.dispose()
    found: dict[str, set[str]] = {s: set() for s in SECTIONS}
    for schema, table in rows:
        found[schema].add(table)
    return found


async def test_postgresql_upgrade_downgrade_upgrade(postgres: PostgresCluster) -> None:
    postgres.create_database("migrations_roundtrip")
    url = postgres.url("migrations_roundtrip")
    await upgrade(url)
    assert {s: t - {"alembic_version"} for s, t in (await pg_tables(url)).items()} == TABLES
    await downgrade(url)
    assert all(tables <= {"alembic_version"} for tables in (await pg_tables(url)).values())
    await upgrade(url)
    assert {s: t - {"alembic_version"} for s, t in (await pg_tables(url)).items()} == TABLES


async def test_sqlite_upgrade_downgrade_upgrade(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/tousu.db"
    await upgrade(url)
    await downgrade(url)
    await upgrade(url)
    engine = make_engine(url, schemas=SECTIONS)
    async with engine.connect() as conn:
        for schema, tables in TABLES.items():
            master = f"{schema}.sqlite_master"  # our own schema names, not input
            rows = await conn.execute(text(f"SELECT name FROM {master} WHERE type='table'"))  # noqa: S608
            assert {r[0] for r in rows} - {"alembic_version"} == tables
    await engine.dispose()
