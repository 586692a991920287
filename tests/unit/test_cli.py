"""The command line as an operator uses it."""

from __future__ import annotations

import os
from pathlib import Path

from tousu.cli import main


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
