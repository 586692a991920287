"""Shared fixtures. Nothing connects at import time; PostgreSQL and Kafka start only when a
test asks for them (once per session), and are torn down at the end."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devtools.kafka import KafkaBroker, start_broker
from devtools.postgres import PostgresCluster, start_cluster
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from tests.system import System

# A Monday, 10:00 in Shanghai.
MONDAY_MORNING = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


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


@pytest.fixture
async def system(sqlite_url: str, clock: FixedClock) -> AsyncIterator[System]:
    """The three services wired as in the embedded mode, on SQLite and the in-process bus."""
    built = System(sqlite_url, clock)
    await built.start()
    yield built
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
