"""The last resort of shutdown: a process whose shutdown hangs (a database that stopped
answering holds its connections' close) ends anyway, and a step that finishes calls it off."""

from __future__ import annotations

import subprocess
import sys

HANGS = """
import time
from shared.stopping import exit_after
exit_after(0.3, "closing")
time.sleep(60)  # a close that never returns
"""

FINISHES = """
import time
from shared.stopping import deadline
with deadline(0.3, "closing"):
    pass  # closed at once
time.sleep(0.8)  # well past the deadline: it was called off
print("still here")
"""


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )


def test_a_hung_shutdown_ends_the_process_at_its_deadline() -> None:
    done = run(HANGS)
    assert done.returncode == 1


def test_a_shutdown_step_that_finishes_calls_its_deadline_off() -> None:
    done = run(FINISHES)
    assert (done.returncode, done.stdout.strip()) == (0, "still here")
