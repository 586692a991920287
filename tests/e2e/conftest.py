from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from devtools.kafka import KafkaBroker
from devtools.postgres import PostgresCluster
from devtools.stack import Stack
from shared.db.migrate import upgrade


@pytest.fixture(scope="module")
def stack_env() -> dict[str, str]:
    """Settings a test module gives all its processes (override it in the module)."""
    return {}


@pytest.fixture(scope="module")
def stack(
    postgres: PostgresCluster,
    kafka: KafkaBroker,
    stack_env: dict[str, str],
    request: pytest.FixtureRequest,
) -> Iterator[Stack]:
    """All service processes on a fresh database, one per test module."""
    name = f"e2e_{request.module.__name__.rsplit('.', 1)[-1]}"
    postgres.create_database(name)
    asyncio.run(upgrade(postgres.url(name)))
    running = Stack(postgres.url(name), kafka.bootstrap_servers, extra_env=stack_env)
    try:  # stopped also when start-up fails: nothing outlives the run
        running.tousu("topics", "create")
        running.start_all()
        running.wait_ready()
        running.wait_assigned()
        yield running
    finally:
        running.stop_all()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    """A failing test shows every process's state and last log lines (the logs go with the
    stack, and CI keeps only the run's output)."""
    outcome: Any = yield
    report = outcome.get_result()
    running = getattr(item, "funcargs", {}).get("stack")
    if report.failed and isinstance(running, Stack):
        report.sections.append(("the stack's processes", running.report()))
