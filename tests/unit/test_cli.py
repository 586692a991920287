"""The command line as an operator uses it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import uvicorn

from shared.service import Service
from tousu import process
from tousu.cli import main
from tousu.registry import SERVICES
from tousu.roles import PERIODIC


def test_healthcheck_reads_the_heartbeat_age(tmp_path: Path) -> None:
    beat = tmp_path / "heartbeat"
    assert main(["healthcheck", "--file", str(beat)]) == 1
    beat.touch()
    assert main(["healthcheck", "--file", str(beat), "--max-age", "30"]) == 0


def test_every_process_keeps_the_files_it_creates_to_its_owner(tmp_path: Path) -> None:
    before = os.umask(0o022)
    try:
        main(["healthcheck", "--file", str(tmp_path / "beat")])
        assert os.umask(0o022) == 0o077  # databases, attachments, spool: 0600 and 0700
    finally:
        os.umask(before)


def test_the_health_check_loads_no_service(tmp_path: Path) -> None:
    """Compose runs it every few seconds in every background container: it must not import
    the services (scikit-learn among them), which took seconds of CPU a call."""
    beat = tmp_path / "heartbeat"
    beat.touch()
    probe = (
        "import sys; from tousu.entry import main; "
        f"code = main(['healthcheck', '--file', {str(beat)!r}]); "
        "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'services', 'sklearn'}))"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, no shell
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["0", "[]"]


@pytest.mark.parametrize("service", ["intake", "routing", "followup", "insights"])
def test_one_process_loads_its_own_service_only(service: str, tmp_path: Path) -> None:
    """`tousu <service> <role>` builds its own service, and imports neither the other
    services, nor the migrations, nor the full command line, nor numpy (which comes with a
    routing model, to the worker that loads one), nor the Chinese word cutter (the insights
    detector's)."""
    probe = (
        "import sys; from tousu.entry import main; import tousu.process as p; "
        "from shared.clock import SystemClock; "
        "p.run_process = lambda name, *_: p.SERVICES[name].create(SystemClock()); "
        "main([sys.argv[1], 'relay']); print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, no shell
        [sys.executable, "-c", probe, service],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"TOUSU_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/tousu.db"},
    )
    loaded = set(done.stdout.split())
    assert f"services.{service}.bootstrap" in loaded
    others = [name for name in SERVICES if name != service]
    foreign = {
        m
        for m in loaded
        for o in others
        if m.startswith(f"services.{o}.") and m != f"services.{o}.settings"
    }
    assert not foreign
    assert not {"tousu.cli", "alembic", "sklearn", "numpy", "rjieba"} & loaded


@pytest.mark.parametrize(("service", "role"), [(s, r) for s, (r, _) in PERIODIC.items()])
def test_a_periodic_role_runs_its_service_s_periodic_job(
    service: str, role: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []

    async def periodic(built: Service, _: object) -> None:
        ran.append(built.name)

    monkeypatch.setenv("TOUSU_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/tousu.db")
    monkeypatch.setattr(process, "run_watchdog", periodic)
    monkeypatch.setattr(uvicorn, "run", lambda *_, **__: ran.append("an API"))
    process.run_process(service, role)
    assert ran == [service]
