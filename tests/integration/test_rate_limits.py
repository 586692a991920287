"""A key's rate limit holds across API replicas: two intake API processes on one database
admit, between them, as many requests a minute as the limit."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devtools.ports import free_port, wait_for_port
from shared.auth.sealing import new_key


@pytest.fixture
def two_replicas(pg_url: str, tmp_path: Path) -> Iterator[tuple[list[str], str]]:
    env = {**os.environ, "TOUSU_DATABASE_URL": pg_url, "TOUSU_SECRET_KEY": new_key()}
    made = subprocess.run(  # noqa: S603 - the project's own command, no shell
        [sys.executable, "-m", "tousu", "keys", "create", "--name", "portal"]
        + ["--scopes", "complaints:read", "--rate", "6"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    key = made.stdout.splitlines()[-1]
    ports = [free_port(), free_port()]
    processes = []
    try:
        for port in ports:
            log = (tmp_path / f"api-{port}.log").open("wb")
            processes.append(
                subprocess.Popen(  # noqa: S603 - the project's own command, no shell
                    [sys.executable, "-m", "tousu", "intake", "api", "--port", str(port)],
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            )
        for port in ports:
            wait_for_port(port, timeout=90)
        yield [f"http://127.0.0.1:{port}" for port in ports], key
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_limit_of_six_a_minute_admits_six_across_two_replicas(
    two_replicas: tuple[list[str], str],
) -> None:
    urls, key = two_replicas
    statuses = [
        httpx.get(f"{urls[n % 2]}/v1/complaints", headers={"X-API-Key": key}).status_code
        for n in range(10)
    ]
    assert statuses[:6] == [200] * 6  # unless a minute boundary falls inside the test:
    assert statuses.count(429) >= 3  # the sliding minute still refuses most of the rest
