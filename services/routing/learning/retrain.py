"""Retraining from the archive, checked before it is swapped in: the new model must do at
least as well as the active one on the same held-out cases. Pure apart from the training."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from services.routing.learning.prediction import TrainingError

if TYPE_CHECKING:  # numpy comes with the model, only to processes that train one
    from services.routing.learning.model import TrainedModel


@dataclass(frozen=True)
class Retrained:
    model: TrainedModel
    accuracy: float  # the new model on the held-out cases
    active_accuracy: float | None  # the active model on the same cases
    held_out: int
    left_out: dict[str, int]  # departments with too little evidence, and their counts

    @property
    def better(self) -> bool:
        return self.active_accuracy is None or self.accuracy >= self.active_accuracy


def accuracy(model: TrainedModel, texts: Sequence[str], labels: Sequence[str]) -> float:
    guesses = model.predict(texts)
    return sum(g.label == t for g, t in zip(guesses, labels, strict=True)) / len(labels)


def retrain(
    texts: Sequence[str],
    labels: Sequence[str],
    active: TrainedModel | None,
    *,
    min_per_department: int,
    every: int = 5,
    now: datetime | None = None,
) -> Retrained:
    """Departments under `min_per_department` cases are left out; every `every`-th case of
    each department is held out to compare the new model with the active one."""
    counts = Counter(labels)
    left_out = {label: n for label, n in counts.items() if n < min_per_department}
    kept = [(t, label) for t, label in zip(texts, labels, strict=True) if label not in left_out]
    if len({label for _, label in kept}) < 2:
        raise TrainingError(
            f"need two or more departments with {min_per_department}+ accepted cases each"
        )
    seen: Counter[str] = Counter()
    fit: list[tuple[str, str]] = []
    held: list[tuple[str, str]] = []
    for text, label in kept:
        seen[label] += 1
        (held if seen[label] % every == 0 else fit).append((text, label))
    from services.routing.learning.model import train

    model = train([t for t, _ in fit], [label for _, label in fit], now=now)
    held_texts, held_labels = [t for t, _ in held], [label for _, label in held]
    return Retrained(
        model=model,
        accuracy=accuracy(model, held_texts, held_labels),
        active_accuracy=accuracy(active, held_texts, held_labels) if active else None,
        held_out=len(held),
        left_out=left_out,
    )
