"""Training, saving, loading and applying a department classifier. A model is a directory:
`model.joblib` (the fitted pipeline) and `model.json` (version, labels, sizes, metrics).
Load only models you trained yourself: joblib files are pickles."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
from sklearn.pipeline import Pipeline

from services.routing.learning.features import build_pipeline

FOLDS = 3  # calibration folds: every label needs at least this many examples


class TrainingError(ValueError):
    pass


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float


@dataclass
class TrainedModel:
    version: str
    pipeline: Pipeline
    labels: list[str]
    trained_on: int
    created_at: str
    dropped_labels: dict[str, int] = field(default_factory=dict)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        probabilities = self.pipeline.predict_proba(list(texts))
        classes = self.pipeline.classes_
        return [Prediction(str(classes[row.argmax()]), float(row.max())) for row in probabilities]

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.pipeline, directory / "model.joblib", compress=3)
        (directory / "model.json").write_text(
            json.dumps(self.describe(), ensure_ascii=False, indent=2)
        )

    def describe(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "labels": self.labels,
            "trained_on": self.trained_on,
            "created_at": self.created_at,
            "dropped_labels": self.dropped_labels,
        }


def train(
    texts: Sequence[str], labels: Sequence[str], *, now: datetime | None = None
) -> TrainedModel:
    """Labels with fewer than FOLDS examples cannot be learned and are left out (reported)."""
    if len(texts) != len(labels):
        raise TrainingError("as many labels as texts are needed")
    counts = Counter(labels)
    dropped = {label: n for label, n in counts.items() if n < FOLDS}
    kept = [(t, label) for t, label in zip(texts, labels, strict=True) if label not in dropped]
    if len({label for _, label in kept}) < 2:
        raise TrainingError(f"need two or more labels with {FOLDS}+ examples each")
    pipeline = build_pipeline(folds=FOLDS)
    pipeline.fit([t for t, _ in kept], [label for _, label in kept])
    created = (now or datetime.now(UTC)).replace(microsecond=0)
    return TrainedModel(
        version=created.strftime("%Y%m%dT%H%M%SZ"),
        pipeline=pipeline,
        labels=sorted({label for _, label in kept}),
        trained_on=len(kept),
        created_at=created.isoformat(),
        dropped_labels=dropped,
    )


def load(directory: Path) -> TrainedModel:
    try:
        meta = json.loads((directory / "model.json").read_text())
        pipeline = joblib.load(directory / "model.joblib")
    except (OSError, ValueError) as exc:
        raise TrainingError(f"no usable model in {directory}: {exc}") from exc
    return TrainedModel(
        version=meta["version"],
        pipeline=pipeline,
        labels=meta["labels"],
        trained_on=meta["trained_on"],
        created_at=meta["created_at"],
        dropped_labels=meta.get("dropped_labels", {}),
    )
