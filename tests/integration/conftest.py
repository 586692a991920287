from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.clock import FixedClock
from tests.system import System

pytestmark = pytest.mark.integration


@pytest.fixture
async def pg_system(pg_url: str, clock: FixedClock) -> AsyncIterator[System]:
    built = System(pg_url, clock)
    await built.start()
    yield built
    await built.close()
