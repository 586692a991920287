"""`tousu status`: what an operator looks at first, per service, from its database: the
outbox backlog and the age of its oldest unpublished event, dead letters waiting, and for
routing the open cases past their resolution deadline, for follow-up the contacts due now."""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import asdict
from typing import Any

from services.followup.callbacks.backlog import contacts_due
from services.routing.escalation.backlog import past_due
from shared.clock import SystemClock
from shared.outbox.backlog import backlog
from tousu.registry import opened


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = sub.add_parser("status", help="backlogs, dead letters, breached deadlines, due calls")
    status.add_argument("--json", action="store_true", help="one JSON document")


def run(args: argparse.Namespace) -> int:
    found = asyncio.run(_gather())
    if args.json:
        print(json.dumps(found, indent=2))  # noqa: T201
        return 0
    for service, figures in found.items():
        shown = "  ".join(f"{k}={v}" for k, v in figures.items())
        print(f"{service:<9} {shown}")  # noqa: T201
    return 0


async def _gather() -> dict[str, dict[str, Any]]:
    now = SystemClock().now()
    found: dict[str, dict[str, Any]] = {}
    async with opened(SystemClock()) as services:
        for name, service in services.items():
            figures = asdict(
                await backlog(service.engine, service.outbox, service.dead_letters, now)
            )
            if name == "routing":
                late = await past_due(service.engine, now)
                figures["cases_past_resolution_due"] = sum(late.values())
            if name == "followup":
                contacts = await contacts_due(service.engine, now)
                figures |= {f"contacts_{state}": n for state, n in contacts.items()}
            found[name] = figures
    return found
