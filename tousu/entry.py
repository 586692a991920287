"""The `tousu` console script: the health check answers at once, everything else loads the
full command line (tousu/cli.py)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["healthcheck"]:
        from tousu.healthcheck import run  # noqa: PLC0415 - the point is not to load the rest

        return run(args[1:])
    from tousu.cli import main as full  # noqa: PLC0415 - loads every service

    return full(args)
