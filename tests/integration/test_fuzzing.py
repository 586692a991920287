"""Schema fuzzing against the PostgreSQL wiring: Schemathesis sends every operation of the
OpenAPI document generated and mutated requests (a fixed budget and seed, so a run is
repeatable) as an admin, and fails on any 5xx or on an answer the document does not state
(status, content type, body). The embedded process runs on a fresh PostgreSQL database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devtools.ports import free_port, wait_for_port
from shared.auth.sealing import new_key

EXAMPLES_PER_OPERATION = 10
SEED = 42
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance"
CHECKS += ",response_schema_conformance"


def tousu(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # noqa: S603 - the project's own command, no shell
        [sys.executable, "-m", "tousu", *args], env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def served(pg_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`tousu run` on PostgreSQL on a free port, and an admin key; stopped whatever happens."""
    port = free_port()
    env = {
        **os.environ,
        "TOUSU_DATABASE_URL": pg_url,
        "TOUSU_SECRET_KEY": new_key(),
        "FOLLOWUP_SPOOL_DIR": str(tmp_path / "spool"),
        "INTAKE_ATTACHMENTS_DIR": str(tmp_path / "attachments"),
    }
    key = tousu(env, "keys", "create", "--name", "fuzz", "--scopes", "admin").splitlines()[-1]
    log = (tmp_path / "run.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - the project's own command, no shell
        [sys.executable, "-m", "tousu", "run", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=log,
        cwd=tmp_path,
    )
    try:
        wait_for_port(port, timeout=90)
        yield f"http://127.0.0.1:{port}", key
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_no_operation_answers_a_server_error_or_contradicts_its_document(
    served: tuple[str, str],
) -> None:
    url, key = served
    assert httpx.get(f"{url}/health/ready").status_code == 200
    run = subprocess.run(  # noqa: S603 - the pinned fuzzer from the virtualenv, no shell
        [
            str(Path(sys.executable).with_name("st")),
            "run",
            f"{url}/openapi.json",
            "--header",
            f"X-API-Key: {key}",
            "--checks",
            CHECKS,
            "--max-examples",
            str(EXAMPLES_PER_OPERATION),
            "--seed",
            str(SEED),
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--no-shrink",
            "--request-timeout",
            "30",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    found = re.search(r"(\d+) generated", run.stdout)
    print(f"schemathesis: {found.group(0) if found else '?'} requests against PostgreSQL")  # noqa: T201
    assert run.returncode == 0, run.stdout[-6000:]
