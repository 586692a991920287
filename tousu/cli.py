"""`tousu`: run the embedded system or one service process; migrate; manage keys, staff and
topics."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable

from shared import tracing
from shared.db.migrate import SECTIONS, downgrade, upgrade
from shared.logging import configure_logging
from shared.messaging.kafka import ensure_topics
from shared.messaging.topics import ALL_TOPICS
from shared.settings import TousuSettings
from tousu import (
    access_commands,
    customers_commands,
    demo,
    dlq_commands,
    healthcheck,
    insights_commands,
    judge_commands,
    routing_commands,
    status_commands,
)
from tousu.embedded import run_embedded
from tousu.process import run_process
from tousu.registry import SERVICES
from tousu.roles import add_roles


async def _migrate(args: argparse.Namespace, settings: TousuSettings) -> None:
    """Each schema with its own service's database URL (they may differ); access with TOUSU_'s."""
    sections = tuple(args.service or SECTIONS)
    if args.downgrade:
        sections = tuple(reversed(sections))
    for section in sections:
        entry = SERVICES.get(section)
        url = entry.settings().database_url if entry else settings.database_url
        if args.downgrade:
            await downgrade(url, sections=(section,), revision=args.downgrade)
        else:
            await upgrade(url, sections=(section,), revision=args.revision)
        print(f"{section}: {'downgraded to ' + args.downgrade if args.downgrade else 'up to date'}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tousu", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="all services in one process on SQLite (embedded default)")
    run.add_argument("--host")
    run.add_argument("--port", type=int)
    for name in SERVICES:
        roles = add_roles(sub.add_parser(name, help=f"run one {name} process"), name)
        if name == "routing":
            routing_commands.add_commands(roles)
        if name == "insights":
            insights_commands.add_commands(roles)
    migrate = sub.add_parser("migrate", help="upgrade (or downgrade) the database schemas")
    migrate.add_argument("--service", action="append", choices=SECTIONS)
    migrate.add_argument("--revision", default="head")
    migrate.add_argument("--downgrade", metavar="REVISION")
    access_commands.add_commands(sub)
    dlq_commands.add_commands(sub)
    customers_commands.add_commands(sub)
    status_commands.add_commands(sub)
    judge_commands.add_commands(sub)
    topics = sub.add_parser("topics", help="Kafka topics")
    topics.add_argument("action", choices=["create"])
    demo.add_arguments(sub.add_parser("demo", help="post a dozen complaints and show the result"))
    healthcheck.add_arguments(
        sub.add_parser("healthcheck", help="exit 0 while a heartbeat file is fresh")
    )
    return parser


# Commands whose module parses its own arguments and returns the exit status.
COMMAND_RUNNERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "judge": judge_commands.run,
    "keys": access_commands.run,
    "integrations": access_commands.run,
    "staff": access_commands.run,
    "dlq": dlq_commands.run,
    "customers": customers_commands.run,
    "status": status_commands.run,
}


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # databases, attachments, spooled messages and keys: the owner's only
    args = _parser().parse_args(argv)
    settings = TousuSettings()
    if args.command == "healthcheck":
        return healthcheck.fresh(args.file, args.max_age)
    configure_logging(settings.log_level, json_lines=args.command in SERVICES and settings.log_json)
    if args.command == "run":
        overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v}
        tracing.configure("embedded")
        asyncio.run(run_embedded(TousuSettings(**overrides)))
    elif args.command == "routing" and args.role in routing_commands.COMMANDS:
        return routing_commands.run(args)
    elif args.command == "insights" and args.role in insights_commands.COMMANDS:
        return insights_commands.run(args)
    elif args.command in SERVICES:
        run_process(
            args.command, args.role, getattr(args, "host", None), getattr(args, "port", None)
        )
    elif args.command == "migrate":
        asyncio.run(_migrate(args, settings))
    elif runner := COMMAND_RUNNERS.get(args.command):
        return runner(args)
    elif args.command == "topics":
        created = asyncio.run(
            ensure_topics(
                settings.kafka_bootstrap_servers,
                ALL_TOPICS,
                partitions=settings.kafka_partitions,
                replication=settings.kafka_replication,
            )
        )
        print(f"created {', '.join(created) or 'nothing (all topics exist)'}")
    elif args.command == "demo":
        return asyncio.run(demo.run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
