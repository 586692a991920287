"""Reading training rows from, and writing predictions to, CSV files."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from services.routing.learning.prediction import Prediction, TrainingError

csv.field_size_limit(10 * 1024 * 1024)


def rows(path: Path, needed: Sequence[str]) -> Iterator[dict[str, str]]:
    """The file's rows as dicts; refused (TrainingError) when a needed column is missing."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise TrainingError(f"{path} has no column {', '.join(missing)}")
        yield from reader


def read_texts(path: Path, text_cols: Sequence[str]) -> list[str]:
    """One text per row, in order: the text columns joined by a newline."""
    return ["\n".join(row[c] or "" for c in text_cols) for row in rows(path, text_cols)]


def read_labelled(
    path: Path, text_cols: Sequence[str], label_col: str
) -> tuple[list[str], list[str]]:
    """Rows without a label, or without any text, are skipped."""
    texts, labels = [], []
    for row in rows(path, [*text_cols, label_col]):
        text = "\n".join(row[c] or "" for c in text_cols)
        if (label := (row[label_col] or "").strip()) and text.strip():
            texts.append(text)
            labels.append(label)
    return texts, labels


def write_predictions(path: Path, predictions: Sequence[Prediction]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "label", "confidence"])
        for i, p in enumerate(predictions):
            writer.writerow([i, p.label, f"{p.confidence:.4f}"])
