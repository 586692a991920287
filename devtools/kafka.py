"""A throwaway single-node Apache Kafka (KRaft) broker from the jars Maven Central serves.

`make deps` (scripts/ensure-kafka) fetches the jars into ~/.cache/tousu/kafka-<version>/libs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from devtools.ports import free_port, wait_for_port

KAFKA_VERSION = "4.1.1"

LOG4J2 = """\
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.console.ref = STDOUT
"""


def kafka_libs() -> Path:
    cache = Path(os.environ.get("TOUSU_CACHE_DIR", Path.home() / ".cache" / "tousu"))
    libs = cache / f"kafka-{KAFKA_VERSION}" / "libs"
    if not any(libs.glob("kafka_2.13-*.jar")):
        raise RuntimeError(f"Kafka jars missing in {libs}: run `make deps` first")
    return libs


@dataclass
class KafkaBroker:
    """One combined broker+controller on 127.0.0.1; stop() and start() keep its data."""

    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tousu-kafka-")))
    port: int = field(default_factory=free_port)
    controller_port: int = field(default_factory=free_port)
    _process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _java(self, main_class: str, *args: str) -> list[str]:
        classpath = f"{kafka_libs()}/*"
        return [
            "java",
            "-Xms256m",
            "-Xmx512m",
            f"-Dlog4j2.configurationFile={self.workdir / 'log4j2.properties'}",
            "-cp",
            classpath,
            main_class,
            *args,
        ]

    def _write_config(self) -> Path:
        props = self.workdir / "server.properties"
        props.write_text(
            "\n".join(
                [
                    "process.roles=broker,controller",
                    "node.id=1",
                    f"controller.quorum.voters=1@127.0.0.1:{self.controller_port}",
                    f"listeners=PLAINTEXT://127.0.0.1:{self.port},"
                    f"CONTROLLER://127.0.0.1:{self.controller_port}",
                    f"advertised.listeners=PLAINTEXT://127.0.0.1:{self.port}",
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    f"log.dirs={self.workdir / 'data'}",
                    "num.partitions=3",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true",
                ]
            )
            + "\n"
        )
        (self.workdir / "log4j2.properties").write_text(LOG4J2)
        return props

    def format(self) -> None:
        props = self._write_config()
        cluster_id = str(uuid.uuid4())[:22]
        subprocess.run(
            self._java("kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(props)),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self, *, timeout: float = 90.0) -> None:
        log = (self.workdir / "broker.log").open("ab")
        cmd = self._java("kafka.Kafka", str(self.workdir / "server.properties"))
        self._process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, timeout=timeout)

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_broker() -> KafkaBroker:
    broker = KafkaBroker()
    broker.format()
    broker.start()
    return broker
