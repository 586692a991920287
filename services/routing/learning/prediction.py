"""What a department classifier answers, apart from the model itself: importing it costs
nothing (numpy is imported only where a model is trained, loaded or applied)."""

from __future__ import annotations

import math
from dataclasses import dataclass


class TrainingError(ValueError):
    pass


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float


def confidence(gap: float) -> float:
    """0 when the two best scores tie; about 0.63 at a gap of 1, 0.86 at 2."""
    return 1.0 - math.exp(-max(gap, 0.0))
