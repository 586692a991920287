"""The distributed topology as real processes: per service a worker and a relay, plus the
intake API, all started through the `tousu` command against PostgreSQL and Kafka."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devtools.ports import free_port, wait_for_port
from shared.auth.sealing import new_key

ROLES = (
    "intake-worker",
    "intake-relay",
    "routing-worker",
    "routing-relay",
    "followup-worker",
    "followup-relay",
    "routing-watchdog",
    "followup-dispatcher",
    "intake-api",
    "routing-api",
    "followup-api",
)


@dataclass
class Stack:
    database_url: str
    bootstrap_servers: str
    logdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tousu-stack-")))
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    secret_key: str = field(default_factory=new_key)  # one for every process, as in compose

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "TOUSU_DATABASE_URL": self.database_url,
            "TOUSU_KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "TOUSU_KAFKA_PARTITIONS": "3",
            "TOUSU_LOG_JSON": "true",
            "TOUSU_SECRET_KEY": self.secret_key,
            **self.extra_env,
        }

    def tousu(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "tousu", *args],
            env=self.env(),
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"tousu {' '.join(args)} exited {done.returncode}: {done.stderr[-3000:]}"
            )
        return done.stdout

    def api_key(self, *scopes: str) -> str:
        output = self.tousu("keys", "create", "--name", "stack", "--scopes", ",".join(scopes))
        return output.strip().splitlines()[-1]

    def staff_key(self, username: str, role: str, department: str | None = None) -> str:
        """Adds a staff member through the CLI, as an admin would; their key."""
        where = ("--department", department) if department else ()
        output = self.tousu(
            "staff",
            "add",
            "--username",
            username,
            "--name",
            username.title(),
            "--role",
            role,
            *where,
        )
        return output.strip().splitlines()[-1]

    def url(self, service: str = "intake") -> str:
        return f"http://127.0.0.1:{self.ports[f'{service}-api']}"

    def metrics(self, role: str) -> str:
        """A background process's /metrics, as Prometheus scrapes it."""
        return httpx.get(f"http://127.0.0.1:{self.ports[role]}/metrics").text

    def start(self, role: str) -> None:
        service, kind = role.split("-")[:2]  # "routing-worker-2": a second routing worker
        args = [sys.executable, "-m", "tousu", service, kind]
        env = self.env()
        self.ports.setdefault(role, free_port())
        if kind == "api":
            args += ["--port", str(self.ports[role])]
        else:  # a background process serves its own /metrics
            env["TOUSU_METRICS_PORT"] = str(self.ports[role])
        log = (self.logdir / f"{role}.log").open("ab")
        self.processes[role] = subprocess.Popen(args, env=env, stdout=log, stderr=log)
        if kind == "api":
            wait_for_port(self.ports[role], timeout=60)

    def start_all(self, roles: tuple[str, ...] = ROLES) -> None:
        for role in roles:
            self.start(role)

    def stop(self, role: str, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        process = self.processes.pop(role)
        process.send_signal(sig)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def kill(self, role: str) -> None:
        self.stop(role, signal.SIGKILL)

    def stop_all(self) -> None:
        """Stops every process and removes their logs (a failing test has shown them)."""
        for role in list(self.processes):
            self.stop(role)
        shutil.rmtree(self.logdir, ignore_errors=True)

    def log(self, role: str) -> str:
        return (self.logdir / f"{role}.log").read_text(errors="replace")

    def report(self, lines: int = 8) -> str:
        """Each process's state and last log lines: what a failing test shows, since the logs
        are removed with the stack."""
        parts = []
        for role, process in self.processes.items():
            state = "running" if process.poll() is None else f"exited {process.returncode}"
            tail = self.log(role).splitlines()[-lines:]
            parts.append("\n".join([f"--- {role} ({state})", *tail]))
        return "\n".join(parts)

    def wait_ready(self, role: str = "intake-api", timeout: float = 60) -> None:
        def answers() -> bool:
            try:
                ready = httpx.get(f"{self.url(role.split('-')[0])}/health/ready")
            except httpx.HTTPError:
                return False
            return ready.status_code == 200

        if not _eventually(answers, timeout):
            raise TimeoutError(f"{role} not ready: {self.log(role)[-2000:]}")

    def wait_assigned(self, timeout: float = 90) -> None:
        """Until every running worker has been given its partitions (it logs them)."""
        workers = [role for role in self.processes if role.split("-")[1] == "worker"]
        if not _eventually(
            lambda: all(" worker assigned " in self.log(role) for role in workers), timeout
        ):
            raise TimeoutError(f"workers not assigned partitions:\n{self.report()}")


def _eventually(check: Callable[[], bool], timeout: float) -> bool:
    """Whether `check` holds within `timeout` seconds, asked every 0.2 s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False
