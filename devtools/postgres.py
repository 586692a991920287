"""A throwaway PostgreSQL cluster from Debian's packages, on a free loopback port."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from devtools.ports import free_port, wait_for_port


def pg_bin(tool: str) -> str:
    found = shutil.which(tool) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"), reverse=True)), None
    )
    if found is None:
        raise RuntimeError(f"{tool} not found: run `make deps` (installs Debian's postgresql)")
    return found


def _as_owner(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; Debian's package brings a `postgres` user.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@dataclass
class PostgresCluster:
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tousu-pg-")))
    port: int = field(default_factory=free_port)
    user: str = "tousu"
    password: str = "tousu"  # noqa: S105 - throwaway cluster on loopback

    @property
    def datadir(self) -> Path:
        return self.workdir / "data"

    def url(self, database: str = "tousu", driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://{self.user}:{self.password}@127.0.0.1:{self.port}/{database}"

    def _run(self, *cmd: str) -> None:
        subprocess.run(_as_owner(list(cmd)), check=True, stdout=subprocess.DEVNULL)

    def init(self) -> None:
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.workdir, owner.pw_uid, owner.pw_gid)
        pwfile = self.workdir / "pw"
        pwfile.write_text(self.password)
        pwfile.chmod(0o644)
        self._run(
            pg_bin("initdb"),
            "-D",
            str(self.datadir),
            "-U",
            self.user,
            "--pwfile",
            str(pwfile),
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8",
            "--locale",
            "C.UTF-8",
        )
        with (self.datadir / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.workdir}'\nfsync = off\n"
                "synchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n"
            )

    def start(self) -> None:
        self._run(
            pg_bin("pg_ctl"),
            "-D",
            str(self.datadir),
            "-l",
            str(self.workdir / "pg.log"),
            "-w",
            "start",
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        self._run(pg_bin("pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop")

    def create_database(self, name: str, *, template: str | None = None) -> None:
        env = {**os.environ, "PGPASSWORD": self.password}
        cmd = [pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user]
        subprocess.run([*cmd, *(["-T", template] if template else []), name], check=True, env=env)

    def drop_database(self, name: str) -> None:
        env = {**os.environ, "PGPASSWORD": self.password}
        cmd = [pg_bin("dropdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user]
        subprocess.run([*cmd, "--force", "--if-exists", name], check=True, env=env)

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)


def start_cluster() -> PostgresCluster:
    cluster = PostgresCluster()
    cluster.init()
    cluster.start()
    cluster.create_database("tousu")
    return cluster
