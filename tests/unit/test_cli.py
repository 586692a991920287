"""The command line as an operator uses it."""

from __future__ import annotations

from pathlib import Path

from tousu.cli import main


def test_healthcheck_reads_the_heartbeat_age(tmp_path: Path) -> None:
    beat = tmp_path / "heartbeat"
    assert main(["healthcheck", "--file", str(beat)]) == 1
    beat.touch()
    assert main(["healthcheck", "--file", str(beat), "--max-age", "30"]) == 0
