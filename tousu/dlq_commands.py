"""`tousu dlq list` and `tousu dlq replay`: the messages consumers could never process, kept
in each service's database in both ways of running; a replay is picked up by the service's
worker (or the embedded process) within seconds."""

from __future__ import annotations

import argparse
import asyncio

from shared.clock import SystemClock
from shared.outbox.dead_letters import listed, request_replay
from tousu.registry import SERVICES, opened


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dlq = sub.add_parser("dlq", help="dead-lettered messages").add_subparsers(
        dest="action", required=True
    )
    show = dlq.add_parser("list", help="newest first")
    show.add_argument("--service", choices=tuple(SERVICES), action="append")
    show.add_argument("--limit", type=int, default=50)
    again = dlq.add_parser("replay", help="run messages through their consumer again")
    again.add_argument("--service", choices=tuple(SERVICES), required=True)
    which = again.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=int, action="append", dest="ids")
    which.add_argument("--all", action="store_true", help="every one not replayed yet")


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    clock = SystemClock()
    names = [args.service] if args.action == "replay" else args.service or list(SERVICES)
    async with opened(clock, names) as services:
        for name, service in services.items():
            if args.action == "list":
                for d in await listed(service.engine, service.dead_letters, limit=args.limit):
                    state = (
                        "replayed"
                        if d.replayed_at
                        else "replay requested"
                        if d.replay_requested_at
                        else "waiting"
                    )
                    print(  # noqa: T201
                        f"{name:<8} {d.id:>6} {d.at:%Y-%m-%d %H:%M:%S} {d.reason:<20} "
                        f"{d.topic}@{d.offset} {state}: {' '.join(d.error.split())[:120]}"
                    )
            else:
                ids = None if args.all else args.ids
                marked = await request_replay(
                    service.engine, service.dead_letters, ids, clock.now()
                )
                print(f"{marked} {name} message(s) will be replayed by its worker")  # noqa: T201
    return 0
