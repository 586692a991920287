"""The Docker engine, Docker Compose and stand-in images for the compose tests.

Machines without an image registry cannot pull `python:3.11-slim`, `postgres:17` or
`apache/kafka:4.1.1`, so the tests build stand-ins under those tags from a Debian root file
system (`debootstrap`), Debian's packages and the Kafka jars from Maven Central. A tag that is
already present and is not one of our stand-ins (the official image, pulled) is never replaced.
The compose file and the Dockerfile are used exactly as ops teams use them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from devtools.kafka import KAFKA_VERSION, kafka_libs

ROOT = Path(__file__).resolve().parent.parent
STANDINS = Path(__file__).resolve().parent / "standins"
CACHE = Path(os.environ.get("TOUSU_CACHE_DIR", Path.home() / ".cache" / "tousu"))
BASE = "tousu-standin/debian:bookworm"
LABEL = "org.tousu.standin"
COMPOSE_VERSION = "2.40.3"
PROMETHEUS = "prom/prometheus:v3.5.0"  # as docker-compose.yml names it


def compose_binary() -> Path:
    """Docker Compose v2, as scripts/ensure-compose.sh built it from the Go module proxy."""
    binary = CACHE / f"compose-{COMPOSE_VERSION}" / "docker-compose"
    if not binary.exists():
        raise RuntimeError(f"{binary} is missing: run scripts/ensure-compose.sh")
    return binary


def docker(*args: str, timeout: float = 120, check: bool = True) -> str:
    done = subprocess.run(  # noqa: S603 - the docker CLI with our own arguments
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"docker {' '.join(args)}: {done.stderr.strip() or done.stdout}")
    return done.stdout


def engine_answers() -> bool:
    try:
        docker("version", "--format", "{{.Server.Version}}", timeout=10)
    except (RuntimeError, subprocess.TimeoutExpired):
        return False
    return True


@dataclass
class Engine:
    """The Docker daemon; stop() ends it only if start_engine started it."""

    process: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def start_engine(timeout: float = 60) -> Engine:
    if engine_answers():
        return Engine()
    CACHE.mkdir(parents=True, exist_ok=True)
    log = (CACHE / "dockerd.log").open("ab")
    engine = Engine(subprocess.Popen(["dockerd"], stdout=log, stderr=subprocess.STDOUT))  # noqa: S607 - the engine Debian installed
    deadline = time.monotonic() + timeout
    while not engine_answers():
        if time.monotonic() > deadline or (engine.process and engine.process.poll() is not None):
            engine.stop()
            raise RuntimeError(f"the Docker engine did not start: see {CACHE / 'dockerd.log'}")
        time.sleep(0.5)
    return engine


def _label(tag: str) -> str | None:
    """Our stand-in's content hash, '' for a foreign image, None when there is no such image."""
    try:
        labels = docker("image", "inspect", "--format", "{{json .Config.Labels}}", tag)
    except RuntimeError:
        return None
    return str((json.loads(labels) or {}).get(LABEL, ""))


def _digest(*files: Path) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=900)  # noqa: S603 - our own


def _base() -> None:
    if _label(BASE) is not None:
        return
    archive = CACHE / "standins" / "debian-bookworm.tar"
    if not archive.exists():
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="tousu-rootfs-") as folder:
            rootfs = Path(folder) / "rootfs"
            mirror = "http://deb.debian.org/debian"
            variant = ("--variant=minbase", "--include=ca-certificates")
            _run("debootstrap", *variant, "bookworm", str(rootfs), mirror)
            # The machine's own certificate authorities (egress proxies), so builds reach PyPI.
            for authority in Path("/usr/local/share/ca-certificates").glob("*.crt"):
                shutil.copy(authority, rootfs / "usr/local/share/ca-certificates")
            _run("chroot", str(rootfs), "update-ca-certificates")
            _run("tar", "-C", str(rootfs), "-cf", f"{archive}.partial", ".")
            Path(f"{archive}.partial").rename(archive)
    docker("import", str(archive), BASE, timeout=600)


def _build(tag: str, dockerfile: Path, context: Path, *inputs: Path) -> None:
    digest = _digest(dockerfile, *inputs)
    current = _label(tag)
    if current in (digest, ""):  # ours and up to date, or an official image
        return
    label = f"{LABEL}={digest}"
    docker(
        "build",
        "-q",
        "--label",
        label,
        "-t",
        tag,
        "-f",
        str(dockerfile),
        str(context),
        timeout=1800,
    )


def ensure_standins() -> None:
    _base()
    _build("python:3.11-slim", STANDINS / "python.Dockerfile", STANDINS)
    entry = STANDINS / "postgres-entrypoint.sh"
    _build("postgres:17", STANDINS / "postgres.Dockerfile", STANDINS, entry)
    _build(PROMETHEUS, STANDINS / "prometheus.Dockerfile", STANDINS)
    with tempfile.TemporaryDirectory(prefix="tousu-kafka-image-") as folder:
        context = Path(folder)
        shutil.copytree(kafka_libs(), context / "libs")
        shutil.copy(STANDINS / "kafka-entrypoint.sh", context)
        _build(
            f"apache/kafka:{KAFKA_VERSION}",
            STANDINS / "kafka.Dockerfile",
            context,
            STANDINS / "kafka-entrypoint.sh",
        )


def build_project() -> None:
    """tousu:latest from the real Dockerfile, as `docker compose build` would."""
    docker("build", "--quiet", "-t", "tousu:latest", str(ROOT), timeout=1800)


@dataclass
class ComposeStack:
    """The project's docker-compose.yml under its own project name, APIs on free ports."""

    project: str
    ports: dict[str, int]
    secret_key: str

    def env(self, tag: str = "latest") -> dict[str, str]:
        return {
            **os.environ,
            "TOUSU_SECRET_KEY": self.secret_key,
            "TOUSU_TAG": tag,
            **{f"{service.upper()}_API_PORT": str(port) for service, port in self.ports.items()},
        }

    def compose(
        self,
        *args: str,
        timeout: float = 600,
        tag: str = "latest",
        env: dict[str, str] | None = None,
    ) -> str:
        done = subprocess.run(  # noqa: S603 - Docker Compose with our own arguments
            [*self.command(), *args],
            env=self.env(tag) | (env or {}),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"compose {' '.join(args)}: {done.stderr.strip()[-3000:]}")
        return done.stdout

    def command(self) -> list[str]:
        """`docker compose` for this project, for callers that stream its input or output."""
        return [str(compose_binary()), "-f", str(ROOT / "docker-compose.yml"), "-p", self.project]

    def up(self, *args: str, timeout: float = 900) -> None:
        self.compose("up", "-d", "--wait", "--no-build", *args, timeout=timeout)

    def down(self, *, volumes: bool = False) -> None:
        """Every profile's containers too (Prometheus'), and with `volumes` their volumes."""
        args = ("down", "--remove-orphans", "-t", "20", *(["-v"] if volumes else []))
        self.compose(*args, env={"COMPOSE_PROFILES": "*"})

    def tousu(self, *args: str) -> str:
        """A `tousu` command in a one-off container, as the README's key creation does."""
        return self.compose("run", "--rm", "--no-deps", "-T", "migrate", "tousu", *args)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"
