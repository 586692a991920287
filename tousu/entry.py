"""The `tousu` console script: the health check answers at once, one service's process loads
that service only (tousu/process.py), everything else loads the full command line
(tousu/cli.py)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["healthcheck"]:
        from tousu.healthcheck import run  # noqa: PLC0415 - the point is not to load the rest

        return run(args[1:])
    from tousu.roles import is_process  # noqa: PLC0415 - standard library only

    if is_process(args):
        from tousu.process import main as process  # noqa: PLC0415 - one service

        return process(args)
    from tousu.cli import main as full  # noqa: PLC0415 - loads every service

    return full(args)
