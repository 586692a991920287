"""`tousu insights rebuild`: the read model folded again from the topics; `tousu insights
detect`: the surge detector over any CSV archive of dated complaints, one output row per alert."""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from pathlib import Path

from sqlalchemy import func, select

from services.insights.facts.rebuild import forget_everything
from services.insights.surveillance.archive import UnreadableDate, detect, parse_day, series_of
from services.insights.surveillance.config import DetectorConfig
from services.insights.tables import complaint_facts
from shared.clock import SystemClock
from shared.messaging.kafka import kafka_reachable, replay_topics
from shared.messaging.topics import EVENT_TOPICS
from shared.runtime import processor_for
from tousu.registry import SERVICES

csv.field_size_limit(10 * 1024 * 1024)


COMMANDS = ("detect", "rebuild")


def add_commands(insights: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Beside the insights processes (api, worker): `tousu insights detect|rebuild`."""
    insights.add_parser(
        "rebuild",
        help="empty the read model and fold every event the Kafka topics hold into it again",
    )
    found = insights.add_parser("detect", help="surges in a CSV of dated complaints, per group")
    found.add_argument("--csv", type=Path, required=True)
    found.add_argument("--date-col", required=True)
    found.add_argument("--group-col", action="append", required=True, help="repeat for pairs")
    found.add_argument("--text-col", help="the complaint's words: the alert's top terms")
    found.add_argument("--id-col", help="shown as examples (default: the row number)")
    found.add_argument("--out", type=Path, required=True)
    defaults = DetectorConfig()
    found.add_argument(
        "--alpha",
        type=float,
        default=defaults.alpha,
        help=f"false-alarm probability per series-day (default {defaults.alpha})",
    )
    found.add_argument("--min-count", type=int, default=defaults.min_count)
    found.add_argument("--min-total", type=int, default=30, help="smaller series are skipped")


def run(args: argparse.Namespace) -> int:
    if args.role == "rebuild":
        return asyncio.run(rebuild())
    return detect_in_csv(args)


async def rebuild() -> int:
    clock, stopping = SystemClock(), asyncio.Event()
    settings, service = SERVICES["insights"].create(clock)
    servers = settings.kafka_bootstrap_servers
    try:
        if not await kafka_reachable(servers):
            print(  # noqa: T201
                f"no Kafka broker answers at {servers}: the rebuild reads the topics "
                "(the embedded mode keeps no log of its events)",
                file=sys.stderr,
            )
            return 2
        await forget_everything(service.engine)
        processor = processor_for(service, settings, clock, stopping)
        read = await replay_topics(servers, EVENT_TOPICS, processor)
        async with service.engine.connect() as conn:
            kept = (await conn.execute(select(func.count()).select_from(complaint_facts))).scalar()
    finally:
        await service.close()
    print(f"rebuilt from {read} events: {kept} complaints")  # noqa: T201
    return 0


def detect_in_csv(args: argparse.Namespace) -> int:
    config = DetectorConfig(alpha=args.alpha, min_count=args.min_count)
    with args.csv.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        wanted = [args.date_col, *args.group_col, *filter(None, (args.text_col, args.id_col))]
        missing = [c for c in wanted if c not in (reader.fieldnames or [])]
        if missing:
            print(f"no such column: {', '.join(missing)}", file=sys.stderr)  # noqa: T201
            return 2
        rows, skipped = [], 0
        for number, row in enumerate(reader, start=2):  # the header is line 1
            try:
                day = parse_day(row[args.date_col])
            except UnreadableDate:
                skipped += 1
                continue
            group = tuple(row[c].strip() for c in args.group_col)
            row_id = row[args.id_col] if args.id_col else str(number)
            rows.append((day, group, row_id, row[args.text_col] if args.text_col else ""))
    findings = detect(series_of(rows).values(), config, min_total=args.min_total)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [*args.group_col, "first_day", "last_day", "observed", "expected", "score"]
            + ["top_terms", "examples"]
        )
        for f in findings:
            writer.writerow(
                [*f.group, f.alert.first_day, f.alert.last_day, f.alert.observed]
                + [f.alert.expected, f.alert.score, ";".join(f.top_terms), ";".join(f.examples)]
            )
    note = f", {skipped} rows without a readable date skipped" if skipped else ""
    print(f"{len(findings)} alerts from {len(rows)} complaints{note}: {args.out}")  # noqa: T201
    return 0
