"""Shared fixtures. Nothing connects at import time; PostgreSQL and Kafka start only when a
test asks for them (once per session), and are torn down at the end."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devtools.kafka import KafkaBroker, start_broker
from devtools.postgres import PostgresCluster, start_cluster
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from tests.system import System

# The compose tests run the Docker engine and real images: only `make test-compose` asks for them.
collect_ignore = [] if os.environ.get("TOUSU_COMPOSE_TESTS") else ["compose"]

# A Monday, 10:00 in Shanghai.
MONDAY_MORNING = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def root_logging_restored() -> Iterator[None]:
    """A test that runs the CLI in process configures logging onto the stream pytest captures
    for that test only; later tests' log lines must not go to it once it is closed."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_MORNING)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated SQLite files, made once; each test gets a copy."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    asyncio.run(upgrade(f"sqlite+aiosqlite:///{folder}/tousu.db"))
    return folder


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    for db in sqlite_template.glob("tousu.*.db"):
        shutil.copy(db, tmp_path / db.name)
    return f"sqlite+aiosqlite:///{tmp_path}/tousu.db"


# `make test` runs every component test on both (TOUSU_TEST_DATABASES=sqlite,postgresql), so
# what only PostgreSQL refuses (NUL bytes, lengths, ranges) cannot hide behind SQLite.
DATABASES = os.environ.get("TOUSU_TEST_DATABASES", "sqlite").split(",")


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest) -> str:
    """A fresh, migrated database: a SQLite file, or a PostgreSQL database."""
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return url


@pytest.fixture
async def system(database_url: str, clock: FixedClock) -> AsyncIterator[System]:
    """The three services wired as in the embedded mode, on the in-process bus."""
    built = System(database_url, clock)
    try:
        await built.start()
        yield built
    finally:
        await built.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    cluster = start_cluster()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="session")
def kafka() -> Iterator[KafkaBroker]:
    broker = start_broker()
    yield broker
    broker.destroy()


@pytest.fixture(scope="session")
def pg_template(postgres: PostgresCluster) -> str:
    postgres.create_database("tousu_template")
    asyncio.run(upgrade(postgres.url("tousu_template")))
    return "tousu_template"


@pytest.fixture
def pg_url(postgres: PostgresCluster, pg_template: str) -> Iterator[str]:
    """A fresh, migrated database per test, copied from the template (fast), dropped after."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    postgres.create_database(name, template=pg_template)
    yield postgres.url(name)
    postgres.drop_database(name)
