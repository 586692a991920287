"""`tousu routing train`, `predict` and `activate`."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from services.routing.bootstrap import build_state, engine_for
from services.routing.dependencies import RoutingState
from services.routing.learning import archive
from services.routing.learning.csv_files import read_labelled, read_texts, write_predictions
from services.routing.learning.model import load, train
from services.routing.learning.prediction import TrainingError
from services.routing.learning.retrain import retrain
from services.routing.settings import RoutingSettings
from shared.clock import SystemClock
from shared.errors import DomainError


def add_commands(routing: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fit = routing.add_parser("train", help="train a department classifier")
    source = fit.add_mutually_exclusive_group(required=True)
    source.add_argument("--csv", type=Path, help="labelled rows from a CSV file")
    source.add_argument(
        "--from-archive",
        action="store_true",
        help="the cases routing handled, with their final department",
    )
    fit.add_argument(
        "--text-col",
        action="append",
        dest="text_cols",
        help="with --csv; repeat to join several columns (e.g. subject and body)",
    )
    fit.add_argument("--label-col", help="with --csv")
    fit.add_argument(
        "--label-map",
        type=Path,
        help="with --csv: a YAML table label -> department; unlisted labels are left out",
    )
    fit.add_argument("--out", type=Path, required=True, help="the model directory to write")
    guess = routing.add_parser("predict", help="label every row of a CSV file, in order")
    guess.add_argument("--model", type=Path, required=True)
    guess.add_argument("--csv", type=Path, required=True)
    guess.add_argument("--text-col", action="append", required=True, dest="text_cols")
    guess.add_argument("--out", type=Path, required=True)
    use = routing.add_parser("activate", help="make a trained model the one workers use")
    use.add_argument("--model", type=Path, required=True)
    use.add_argument("--by", default="tousu routing activate", help="who activates it (audit)")
    again = routing.add_parser(
        "retrain",
        help="train from the cases departments accepted; activate only if it beats the active",
    )
    again.add_argument("--out", type=Path, required=True, help="the model directory to write")
    again.add_argument("--min-per-department", type=int, default=20)
    again.add_argument("--activate", action="store_true", help="swap it in when not worse")
    again.add_argument("--by", default="tousu routing retrain", help="who activates it (audit)")


COMMANDS = ("train", "predict", "activate", "retrain")


def run(args: argparse.Namespace) -> int:
    try:
        if args.role == "train":
            return _train(args)
        if args.role == "predict":
            return _predict(args)
        if args.role == "retrain":
            return asyncio.run(_retrain(args))
        return asyncio.run(_activate(args))
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"error: {exc.message} {exc.details or ''}", file=sys.stderr)
        return 2


def _routing_state() -> RoutingState:
    settings = RoutingSettings()
    return build_state(settings, SystemClock(), engine_for(settings))


def _train(args: argparse.Namespace) -> int:
    if args.csv:
        if not (args.text_cols and args.label_col):
            raise TrainingError("--csv needs --text-col and --label-col")
        texts, labels = read_labelled(args.csv, args.text_cols, args.label_col)
        if args.label_map:
            texts, labels = _mapped(texts, labels, args.label_map)
    else:
        state = _routing_state()
        texts, labels = asyncio.run(archive.handled_cases(state.uow(), state.config))
    started = time.monotonic()
    model = train(texts, labels)
    model.save(args.out)
    print(
        f"model {model.version}: {model.trained_on} rows, {len(model.labels)} labels, "
        f"trained in {time.monotonic() - started:.1f}s -> {args.out}"
    )
    for label, count in model.dropped_labels.items():
        print(f"  left out {label!r}: only {count} example(s)")
    return 0


def _predict(args: argparse.Namespace) -> int:
    model = load(args.model)
    texts = read_texts(args.csv, args.text_cols)
    predictions = model.predict(texts)
    write_predictions(args.out, predictions)
    print(f"{len(predictions)} rows labelled by model {model.version} -> {args.out}")
    return 0


async def _activate(args: argparse.Namespace) -> int:
    model = load(args.model)  # refuse what would not load in the workers
    state = _routing_state()
    await archive.activate_model(
        state.uow(), model, str(args.model.resolve()), by=args.by, config=state.config
    )
    print(
        f"model {model.version} is active ({len(model.labels)} labels: {', '.join(model.labels)})"
    )
    return 0


def _mapped(texts: list[str], labels: list[str], table: Path) -> tuple[list[str], list[str]]:
    mapping = yaml.safe_load(table.read_text(encoding="utf-8"))
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise TrainingError(f"{table} is not a table of label: department")
    unmapped = Counter(label for label in labels if label not in mapping)
    for label, count in unmapped.items():
        print(f"  left out {label!r}: not in {table.name} ({count} rows)")
    pairs = [
        (t, mapping[label]) for t, label in zip(texts, labels, strict=True) if label in mapping
    ]
    return [t for t, _ in pairs], [label for _, label in pairs]


async def _retrain(args: argparse.Namespace) -> int:
    state = _routing_state()
    texts, labels = await archive.handled_cases(state.uow(), state.config)
    active = await archive.active_model(state.uow())
    started = time.monotonic()
    result = retrain(texts, labels, active, min_per_department=args.min_per_department)
    result.model.save(args.out)
    before = "none" if result.active_accuracy is None else f"{result.active_accuracy:.3f}"
    print(
        f"model {result.model.version}: {result.model.trained_on} accepted cases, "
        f"{len(result.model.labels)} departments, {time.monotonic() - started:.1f}s -> {args.out}"
    )
    print(f"  on {result.held_out} held-out cases: {result.accuracy:.3f} (active model: {before})")
    for label, count in result.left_out.items():
        print(f"  left out {label!r}: {count} case(s), under --min-per-department")
    if not args.activate:
        return 0
    if not result.better:
        print("not activated: the active model does better on the same cases")
        return 3
    await archive.activate_model(
        state.uow(), result.model, str(args.out.resolve()), by=args.by, config=state.config
    )
    print(f"model {result.model.version} is active")
    return 0
