"""`tousu routing train` and `tousu routing predict`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from services.routing.classifier.model import TrainingError, load, train
from services.routing.classifier.tables import read_labelled, read_texts, write_predictions


def add_commands(routing: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fit = routing.add_parser("train", help="train a department classifier from a CSV file")
    fit.add_argument("--csv", type=Path, required=True)
    fit.add_argument("--text-col", action="append", required=True, dest="text_cols",
                     help="repeat to join several columns (e.g. subject and body)")  # fmt: skip
    fit.add_argument("--label-col", required=True)
    fit.add_argument("--out", type=Path, required=True, help="the model directory to write")
    guess = routing.add_parser("predict", help="label every row of a CSV file, in order")
    guess.add_argument("--model", type=Path, required=True)
    guess.add_argument("--csv", type=Path, required=True)
    guess.add_argument("--text-col", action="append", required=True, dest="text_cols")
    guess.add_argument("--out", type=Path, required=True)


def run(args: argparse.Namespace) -> int:
    try:
        return _train(args) if args.role == "train" else _predict(args)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _train(args: argparse.Namespace) -> int:
    texts, labels = read_labelled(args.csv, args.text_cols, args.label_col)
    started = time.monotonic()
    model = train(texts, labels)
    model.save(args.out)
    print(f"model {model.version}: {model.trained_on} rows, {len(model.labels)} labels, "
          f"trained in {time.monotonic() - started:.1f}s -> {args.out}")  # fmt: skip
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
