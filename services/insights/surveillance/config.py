"""The surge detector's settings, apart from its numpy code: processes that only pass them on
(the insights api and worker) need not load numpy."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DetectorConfig:
    baseline_days: int = 84  # twelve weeks of history
    guard_days: int = 7
    alpha: float = 0.005  # false-alarm probability per series-day
    min_count: int = 5  # a day with fewer complaints is never a surge worth a person's time
    min_history_days: int = 28  # days of baseline needed before a day is judged
    gap_days: int = 1  # flagged days this far apart belong to one alert
