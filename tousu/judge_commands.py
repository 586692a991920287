"""`tousu judge complaints|replies|survey`: the judgement the live services use, over a CSV
file; one output row per input row, in order."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from services.intake.inbound.reply_reading import read_reply
from services.intake.inbound.survey_reading import read_survey
from services.routing.classification.judgement import judge_complaint
from services.routing.learning.csv_files import rows

csv.field_size_limit(10 * 1024 * 1024)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    judge = sub.add_parser("judge", help="judge the rows of a CSV file as the services do")
    kinds = judge.add_subparsers(dest="kind", required=True)
    complaints = kinds.add_parser(
        "complaints", help="department, cause, priority, risk flags, motive, confidence"
    )
    complaints.add_argument("--text-col", required=True)
    complaints.add_argument("--channel-col", help="read for the record; the text decides")
    replies = kinds.add_parser("replies", help="reply (same matter) or new, per message")
    replies.add_argument("--open-col", required=True, help="the customer's open complaint")
    replies.add_argument("--message-col", required=True)
    replies.add_argument("--days-col", help="days since; read for the record, the text decides")
    survey = kinds.add_parser("survey", help="score (or empty) and outcome per answer")
    survey.add_argument("--text-col", required=True)
    for parser in (complaints, replies, survey):
        parser.add_argument("--csv", type=Path, required=True)
        parser.add_argument("--out", type=Path, required=True)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _complaints(args: argparse.Namespace) -> int:
    needed = [args.text_col] + ([args.channel_col] if args.channel_col else [])
    out = []
    for row in rows(args.csv, needed):
        j = judge_complaint(row[args.text_col] or "")
        flags = ";".join(j.risk_flags)
        confidence = f"{j.department.confidence:.2f}"
        out.append([j.department.label, j.cause.label, j.priority, flags, j.motive, confidence])
    header = ["department", "cause", "priority", "risk_flags", "motive", "confidence"]
    _write(args.out, header, out)
    return len(out)


def _replies(args: argparse.Namespace) -> int:
    needed = [args.open_col, args.message_col] + ([args.days_col] if args.days_col else [])
    out = [
        [str(read_reply(row[args.open_col] or "", row[args.message_col] or "").verdict)]
        for row in rows(args.csv, needed)
    ]
    _write(args.out, ["label"], out)
    return len(out)


def _survey(args: argparse.Namespace) -> int:
    out = []
    for row in rows(args.csv, [args.text_col]):
        reading = read_survey(row[args.text_col] or "")
        out.append(["" if reading.score is None else str(reading.score), reading.outcome])
    _write(args.out, ["score", "outcome"], out)
    return len(out)


def run(args: argparse.Namespace) -> int:
    action = {"complaints": _complaints, "replies": _replies, "survey": _survey}[args.kind]
    try:
        count = action(args)
    except (ValueError, OSError) as exc:  # a missing column, an unreadable file
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{count} rows judged -> {args.out}")
    return 0
