"""Alembic plumbing: every service's env.py calls run_env(); `tousu migrate` calls upgrade()."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection

from shared.db.engine import is_sqlite, make_engine


def _alembic_ini() -> Path:
    """Beside the source tree (a checkout), else in the working directory (the image's /app)."""
    in_tree = Path(__file__).resolve().parents[2] / "migrations" / "alembic.ini"
    return in_tree if in_tree.exists() else Path.cwd() / "migrations" / "alembic.ini"


# Order matters only for readability: no schema refers to another.
SECTIONS = ("access", "intake", "routing", "followup", "insights")


def alembic_config(section: str, url: str) -> Config:
    config = Config(str(_alembic_ini()), ini_section=section)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _configure(connection: Connection, metadata: MetaData, schema: str) -> None:
    def include_object(obj: Any, _name: str | None, type_: str, *_: Any) -> bool:
        return type_ != "table" or getattr(obj, "schema", None) == schema

    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table_schema=schema,
        include_schemas=True,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online(url: str, metadata: MetaData, schema: str) -> None:
    engine = make_engine(url, schemas=[schema], pool_size=1)
    try:
        async with engine.begin() as conn:
            if not is_sqlite(url):
                await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        async with engine.connect() as conn:
            await conn.run_sync(_configure, metadata, schema)
            await conn.commit()
    finally:
        await engine.dispose()


def run_env(metadata: MetaData, schema: str, default_url: Callable[[], str]) -> None:
    """The body of a service's env.py."""
    url = context.config.get_main_option("sqlalchemy.url") or default_url()
    if context.is_offline_mode():
        context.configure(
            url=url,
            target_metadata=metadata,
            version_table_schema=schema,
            include_schemas=True,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, metadata, schema))


async def upgrade(
    url: str, *, sections: tuple[str, ...] = SECTIONS, revision: str = "head"
) -> None:
    """Alembic runs its own event loop, so it gets a thread of its own."""
    for section in sections:
        await asyncio.to_thread(command.upgrade, alembic_config(section, url), revision)


async def downgrade(
    url: str, *, sections: tuple[str, ...] = SECTIONS, revision: str = "base"
) -> None:
    for section in reversed(sections):
        await asyncio.to_thread(command.downgrade, alembic_config(section, url), revision)
