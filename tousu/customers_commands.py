"""`tousu customers export`: everything Tousu keeps about one customer, from all three
services, as one JSON document (the right of access under PIPL / GDPR). Erasure is
`POST /v1/customers/{id}/erase`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.followup import tables as followup
from services.intake import tables as intake
from services.intake.customers.contacts import normalize_email, normalize_phone
from services.routing import tables as routing
from shared.clock import SystemClock
from shared.service import Service
from tousu.registry import opened


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    customers = sub.add_parser("customers", help="privacy duties").add_subparsers(
        dest="action", required=True
    )
    export = customers.add_parser("export", help="all data about one customer, as JSON")
    who = export.add_mutually_exclusive_group(required=True)
    who.add_argument("--customer", type=UUID, help="the customer's id")
    who.add_argument("--phone")
    who.add_argument("--email")
    export.add_argument("--region", default="CN", help="for a phone number without +country")
    export.add_argument("--out", type=Path, help="a file (default: standard output)")


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    clock = SystemClock()
    async with opened(clock) as services:
        found = await export_customer(services, args)
    if found is None:
        print("no such customer", file=sys.stderr)  # noqa: T201
        return 1
    text = json.dumps(found, ensure_ascii=False, indent=2, default=str)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)  # noqa: T201
    return 0


async def export_customer(
    services: dict[str, Service], args: argparse.Namespace
) -> dict[str, Any] | None:
    where = (
        intake.customers.c.id == args.customer
        if args.customer
        else intake.customers.c.phone == normalize_phone(args.phone, default_region=args.region)
        if args.phone
        else intake.customers.c.email == normalize_email(args.email)
    )
    at_intake, at_routing = services["intake"].engine, services["routing"].engine
    at_followup = services["followup"].engine
    found = await _rows(at_intake, intake.customers, where)
    if not found:
        return None
    customer = found[0]
    complaints = await _rows(
        at_intake, intake.complaints, intake.complaints.c.customer_id == customer["id"]
    )
    ids = [c["id"] for c in complaints]
    callbacks = await _rows(
        at_followup, followup.callbacks, followup.callbacks.c.complaint_id.in_(ids)
    )
    called = [c["id"] for c in callbacks]
    attempts, sent = followup.attempts, followup.messages
    return {
        "customer": customer,
        "complaints": complaints,
        "messages": await _rows(
            at_intake, intake.messages, intake.messages.c.complaint_id.in_(ids)
        ),
        "attachments": await _of(at_intake, intake.attachments, ids),
        "timeline": await _of(at_intake, intake.timeline, ids),
        "cases": await _of(at_routing, routing.assignments, ids),
        "case_steps": await _of(at_routing, routing.case_steps, ids),
        "callbacks": callbacks,
        "call_attempts": await _rows(at_followup, attempts, attempts.c.callback_id.in_(called)),
        "messages_sent": await _rows(at_followup, sent, sent.c.callback_id.in_(called)),
    }


async def _of(engine: AsyncEngine, table: Table, complaint_ids: list[UUID]) -> list[dict[str, Any]]:
    return await _rows(engine, table, table.c.complaint_id.in_(complaint_ids))


async def _rows(engine: AsyncEngine, table: Table, where: Any) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows: Sequence[Any] = (await conn.execute(select(table).where(where))).all()
    return [dict(row._mapping) for row in rows]
