from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from devtools.postgres import PostgresCluster
from shared.clock import FixedClock
from shared.db.migrate import upgrade
from tests.system import System

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def pg_template(postgres: PostgresCluster) -> str:
    postgres.create_database("tousu_template")
    asyncio.run(upgrade(postgres.url("tousu_template")))
    return "tousu_template"


@pytest.fixture
def pg_url(postgres: PostgresCluster, pg_template: str) -> str:
    """A fresh, migrated database per test, copied from the template (fast)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    postgres.create_database(name, template=pg_template)
    return postgres.url(name)


@pytest.fixture
async def pg_system(pg_url: str, clock: FixedClock) -> AsyncIterator[System]:
    built = System(pg_url, clock)
    await built.start()
    yield built
    await built.close()
