"""The surge and topic detectors' settings, apart from their code: processes that only pass
them on (the insights api and worker) need not load numpy or the word cutter."""

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


@dataclass(frozen=True)
class TopicConfig:
    window_days: int = 7
    history_days: int = 56
    alpha: float = 0.0001  # chance of any false topic on one pass
    min_count: int = 5  # complaints in the window using the term
    min_ratio: float = 3.0  # observed over expected
    min_history: int = 100  # complaints in the history before anything is judged
    overlap: float = 0.5  # share of a term's complaints within a topic's to join it
    max_topics: int = 10
