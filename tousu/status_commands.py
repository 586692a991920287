"""`tousu status`: what an operator looks at first, per service, from its database: the
outbox backlog and the age of its oldest unpublished event, dead letters waiting, and for
routing the open cases past their resolution deadline, for follow-up the contacts due now."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.followup import tables as followup
from services.followup.callbacks.states import Status
from services.routing import tables as routing
from services.routing.case.states import CLOSED_STATES
from shared.clock import SystemClock
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
    clock = SystemClock()
    now = clock.now()
    found: dict[str, dict[str, Any]] = {}
    async with opened(clock) as services:
        for name, service in services.items():
            figures = await _common(service.engine, service.outbox, service.dead_letters, now)
            if name == "routing":
                figures |= await _breaches(service.engine, now)
            if name == "followup":
                figures |= await _due(service.engine, now)
            found[name] = figures
    return found


async def _common(
    engine: AsyncEngine, outbox: Table, dead_letters: Table, now: datetime
) -> dict[str, Any]:
    async with engine.connect() as conn:
        backlog, oldest = (
            await conn.execute(
                select(func.count(), func.min(outbox.c.created_at)).where(
                    outbox.c.published_at.is_(None)
                )
            )
        ).one()
        waiting = await conn.scalar(
            select(func.count())
            .select_from(dead_letters)
            .where(dead_letters.c.replayed_at.is_(None))
        )
    age = round((now - oldest).total_seconds(), 1) if oldest else 0.0
    return {"outbox_backlog": backlog, "outbox_oldest_seconds": age, "dead_letters": waiting}


async def _breaches(engine: AsyncEngine, now: datetime) -> dict[str, Any]:
    cases = routing.assignments
    async with engine.connect() as conn:
        late = await conn.scalar(
            select(func.count())
            .select_from(cases)
            .where(cases.c.state.not_in(CLOSED_STATES), cases.c.resolution_due < now)
        )
    return {"cases_past_resolution_due": late}


async def _due(engine: AsyncEngine, now: datetime) -> dict[str, Any]:
    callbacks = followup.callbacks
    async with engine.connect() as conn:
        due = await conn.scalar(
            select(func.count())
            .select_from(callbacks)
            .where(callbacks.c.status == Status.SCHEDULED, callbacks.c.scheduled_for <= now)
        )
    return {"contacts_due": due}
