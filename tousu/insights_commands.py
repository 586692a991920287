"""`tousu insights rebuild`: the read model folded again from the topics; `tousu insights
detect`: the surge detector over any CSV archive of dated complaints, one output row per alert;
`tousu insights topics`: the emerging topics of each week of such an archive."""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from services.insights.facts.rebuild import forget_everything
from services.insights.surveillance.archive import (
    Row,
    UnreadableDate,
    detect,
    parse_day,
    series_of,
)
from services.insights.surveillance.config import DetectorConfig, TopicConfig
from services.insights.tables import complaint_facts
from shared.clock import SystemClock
from shared.messaging.kafka import kafka_reachable, replay_topics
from shared.messaging.topics import EVENT_TOPICS
from shared.runtime import processor_for
from tousu.registry import SERVICES

csv.field_size_limit(10 * 1024 * 1024)


COMMANDS = ("detect", "rebuild", "topics")


def add_commands(insights: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Beside the insights processes (api, worker): `tousu insights detect|rebuild|topics`."""
    insights.add_parser(
        "rebuild",
        help="empty the read model and fold every event the Kafka topics hold into it again",
    )
    surges = DetectorConfig()
    found = _archive_parser(
        insights,
        "detect",
        "surges in a CSV of dated complaints, per group",
        f"false-alarm probability per series-day (default {surges.alpha})",
        (surges.alpha, surges.min_count),
    )
    found.add_argument("--group-col", action="append", required=True, help="repeat for pairs")
    found.add_argument("--text-col", help="the complaint's words: the alert's top terms")
    found.add_argument("--min-total", type=int, default=30, help="smaller series are skipped")
    topics = TopicConfig()
    emerging = _archive_parser(
        insights,
        "topics",
        "emerging topics in each week of a CSV of dated complaints",
        f"chance of any false topic in one week (default {topics.alpha})",
        (topics.alpha, topics.min_count),
    )
    emerging.add_argument("--text-col", required=True)
    emerging.add_argument(
        "--history-days",
        type=int,
        default=topics.history_days,
        help=f"the days a week is compared with (default {topics.history_days})",
    )


def _archive_parser(
    insights: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    alpha_help: str,
    defaults: tuple[float, int],
) -> argparse.ArgumentParser:
    """A command over a CSV archive: its columns, the output, and the detector's alpha and
    smallest count."""
    parser = insights.add_parser(name, help=summary)
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--date-col", required=True)
    parser.add_argument("--id-col", help="shown as examples (default: the row number)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--alpha", type=float, default=defaults[0], help=alpha_help)
    parser.add_argument("--min-count", type=int, default=defaults[1])
    return parser


def run(args: argparse.Namespace) -> int:
    if args.role == "rebuild":
        return asyncio.run(rebuild())
    if args.role == "topics":
        return topics_in_csv(args)
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


def read_archive(
    path: Path, date_col: str, groups: Sequence[str], text_col: str | None, id_col: str | None
) -> tuple[list[Row], int] | None:
    """(day, group values, id, text) per row with a readable date, and how many were
    skipped; None (after saying so) when a column is missing."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        wanted = [date_col, *groups, *filter(None, (text_col, id_col))]
        missing = [c for c in wanted if c not in (reader.fieldnames or [])]
        if missing:
            print(f"no such column: {', '.join(missing)}", file=sys.stderr)  # noqa: T201
            return None
        rows, skipped = [], 0
        for number, row in enumerate(reader, start=2):  # the header is line 1
            try:
                day = parse_day(row[date_col])
            except UnreadableDate:
                skipped += 1
                continue
            group = tuple(row[c].strip() for c in groups)
            row_id = row[id_col] if id_col else str(number)
            rows.append((day, group, row_id, row[text_col] if text_col else ""))
    return rows, skipped


def _said(found: int, what: str, rows: int, skipped: int, out: Path) -> None:
    note = f", {skipped} rows without a readable date skipped" if skipped else ""
    print(f"{found} {what} from {rows} complaints{note}: {out}")  # noqa: T201


def detect_in_csv(args: argparse.Namespace) -> int:
    config = DetectorConfig(alpha=args.alpha, min_count=args.min_count)
    read = read_archive(args.csv, args.date_col, args.group_col, args.text_col, args.id_col)
    if read is None:
        return 2
    rows, skipped = read
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
    _said(len(findings), "alerts", len(rows), skipped, args.out)
    return 0


def topics_in_csv(args: argparse.Namespace) -> int:
    """Each week (seven days ending on the archive's last day, and every seven before, as long
    as there is history to compare with): its emerging topics, one row each."""
    from services.insights.surveillance.topics import Document, emerging_topics  # noqa: PLC0415

    config = TopicConfig(alpha=args.alpha, min_count=args.min_count, history_days=args.history_days)
    read = read_archive(args.csv, args.date_col, [], args.text_col, args.id_col)
    if read is None:
        return 2
    rows, skipped = read
    documents = [Document(day, row_id, text) for day, _, row_id, text in rows]
    found = []
    if documents:
        first = min(d.day for d in documents) + timedelta(days=config.history_days)
        end = max(d.day for d in documents)
        while end - timedelta(days=config.window_days - 1) >= first:
            found += [(end, t) for t in emerging_topics(documents, end, config)]
            end -= timedelta(days=config.window_days)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["week_ending", "topic", "first_day", "last_day", "observed", "expected", "score"]
            + ["terms", "examples"]
        )
        for end, t in sorted(found, key=lambda f: (f[0], -f[1].score)):
            writer.writerow(
                [end, t.name, t.first_day, t.last_day, t.observed, t.expected, t.score]
                + [";".join(t.terms), ";".join(t.examples)]
            )
    _said(len(found), "topics", len(rows), skipped, args.out)
    return 0
