"""The compose file run for real: the Docker engine (started here if it is not running), the
stand-in base images, the project image from the real Dockerfile, `docker compose up --wait`.
Everything is removed at the end (containers, networks, volumes, the engine if started here),
also when start-up fails."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest

from devtools.compose import ComposeStack, build_project, ensure_standins, start_engine
from devtools.ports import free_port
from shared.auth.sealing import new_key
from tousu.registry import SERVICES


def timed(request: pytest.FixtureRequest, step: str, action: Callable[[], object]) -> None:
    """Runs one start-up step and reports how long it took (the figures the README quotes)."""
    started = time.monotonic()
    action()
    line = f"compose: {step} in {time.monotonic() - started:.0f} s"
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():  # past the capture of set-up output
            reporter.write_line(line)


@pytest.fixture(scope="session")
def compose(request: pytest.FixtureRequest) -> Iterator[ComposeStack]:
    engine = start_engine()
    ports = {service: free_port() for service in SERVICES}
    stack = ComposeStack(f"tousu-test-{os.getpid()}", ports, new_key())
    try:
        timed(request, "stand-in images ready", ensure_standins)
        timed(request, "tousu:latest built from the Dockerfile", build_project)
        timed(request, "up --wait, every service healthy", stack.up)
        yield stack
    finally:
        try:
            stack.down(volumes=True)
        finally:
            engine.stop()
