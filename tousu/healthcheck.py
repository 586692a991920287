"""`tousu healthcheck`: a worker, relay or periodic process is healthy while it keeps touching
its heartbeat file. Compose runs it every few seconds in every background container, so it
imports nothing but the standard library (the full command line loads every service)."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", required=True)
    parser.add_argument("--max-age", type=float, default=30.0)


def fresh(path: str, max_age: float) -> int:
    """0 while the file was touched within `max_age` seconds, else 1."""
    try:
        return 0 if time.time() - Path(path).stat().st_mtime <= max_age else 1
    except OSError:
        return 1


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="tousu healthcheck")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return fresh(args.file, args.max_age)
