"""Surge detection for daily complaint counts, the way public-health outbreak surveillance
does it (after Farrington et al. 1996, and the Noufaily et al. 2013 improvements).

For each day, the expected count is learned from the series' own recent history: a
quasi-Poisson log-linear model with a trend and a day-of-week effect, fitted by iteratively
reweighted least squares over `baseline_days`, leaving out the `guard_days` just before the
day (a surge must not raise its own expectation), and weighting down past days that were
themselves unusual (Anscombe residual above 2.58, as Noufaily et al. recommend). Over-
dispersion φ comes from the Pearson residuals. The day is flagged when its count exceeds the
(1 - alpha) quantile of a negative binomial with that mean and variance φ·mean, so `alpha` is
the false-alarm probability per series-day; days below `min_count` never alarm. Consecutive
flagged days make one alert. Pure: numpy only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from services.insights.surveillance.config import DetectorConfig

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class DayCheck:
    day: date
    observed: int
    expected: float
    threshold: int
    score: float  # (observed - expected) / the standard deviation expected

    @property
    def alarm(self) -> bool:
        return self.observed > self.threshold


@dataclass(frozen=True)
class Alert:
    first_day: date
    last_day: date
    observed: int
    expected: float
    score: float  # the highest day's


def _design(days: Sequence[int], weekdays: Sequence[int]) -> Floats:
    """Intercept, trend (in years, so its coefficient stays small) and six weekday columns."""
    rows = np.zeros((len(days), 8))
    rows[:, 0] = 1.0
    rows[:, 1] = np.asarray(days, dtype=float) / 365.0
    for i, weekday in enumerate(weekdays):
        if weekday:
            rows[i, 1 + weekday] = 1.0
    return rows


def fit(design: Floats, counts: Floats, weights: Floats, iterations: int = 25) -> Floats:
    """Poisson log-linear coefficients by IRLS, with a small ridge so that a weekday never seen
    (or never with a complaint) does not make the system singular."""
    beta: Floats = np.zeros(design.shape[1])
    beta[0] = math.log(max(float(np.average(counts, weights=weights)), 0.1))
    ridge = np.eye(design.shape[1]) * 1e-3
    ridge[0, 0] = 0.0
    for _ in range(iterations):
        mu = np.exp(np.clip(design @ beta, -20, 20))
        z = design @ beta + (counts - mu) / mu
        w = weights * mu
        new: Floats = np.asarray(
            np.linalg.solve(design.T @ (design * w[:, None]) + ridge, design.T @ (w * z)),
            dtype=np.float64,
        )
        if np.max(np.abs(new - beta)) < 1e-6:
            return new
        beta = new
    return beta


def upper_quantile(mean: float, dispersion: float, alpha: float) -> int:
    """The smallest k with P(X <= k) >= 1 - alpha, X negative binomial with this mean and
    variance dispersion * mean (Poisson when dispersion is 1)."""
    if mean <= 0:
        return 0
    poisson = dispersion <= 1.0 + 1e-9
    p, r = (1.0, 0.0) if poisson else (1.0 / dispersion, mean / (dispersion - 1.0))
    pmf = math.exp(-mean) if poisson else math.exp(r * math.log(p))
    cumulative, k = pmf, 0
    while cumulative < 1 - alpha and k < 100_000:
        pmf *= mean / (k + 1) if poisson else (k + r) / (k + 1) * (1 - p)  # pmf(k+1)/pmf(k)
        k += 1
        cumulative += pmf
    return k


def _anscombe(counts: Floats, mu: Floats, dispersion: float) -> Floats:
    """Anscombe residuals of a quasi-Poisson fit, used to down-weight past outbreaks."""
    transformed = 1.5 * (np.cbrt(counts) ** 2 - np.cbrt(mu) ** 2) / np.cbrt(mu) ** 0.5
    return np.asarray(transformed / math.sqrt(dispersion))


def check_day(
    day: date, observed: int, history: Mapping[date, int], config: DetectorConfig
) -> DayCheck | None:
    """Judges one day against the baseline before it; None without enough history."""
    end = day - timedelta(days=config.guard_days)
    start = end - timedelta(days=config.baseline_days)
    first_seen = min(history) if history else day
    span = [start + timedelta(days=i) for i in range(config.baseline_days)]
    span = [d for d in span if d >= first_seen]
    if len(span) < config.min_history_days:
        return None
    counts = np.array([history.get(d, 0) for d in span], dtype=float)
    offsets = [(d - day).days for d in span]
    design = _design(offsets, [d.weekday() for d in span])
    weights = np.ones(len(span))
    beta = fit(design, counts, weights)
    mu = np.exp(design @ beta)
    dispersion = max(1.0, float(np.sum((counts - mu) ** 2 / mu)) / max(len(span) - 8, 1))
    unusual = _anscombe(counts, mu, dispersion) > 2.58
    if unusual.any():  # fit again with past surges weighted down (Noufaily et al.)
        weights = np.where(unusual, 1.0 / np.maximum(_anscombe(counts, mu, dispersion), 1.0), 1.0)
        beta = fit(design, counts, weights)
        mu = np.exp(design @ beta)
        residual = float(np.sum(weights * (counts - mu) ** 2 / mu))
        dispersion = max(1.0, residual / max(float(weights.sum()) - 8, 1.0))
    today = _design([0], [day.weekday()])[0]
    expected = float(np.exp(today @ beta))
    expected = min(expected, 5.0 * float(counts.max()) + 5.0)  # a wild trend is not believed
    threshold = max(upper_quantile(expected, dispersion, config.alpha), config.min_count - 1)
    score = (observed - expected) / math.sqrt(dispersion * max(expected, 0.5))
    return DayCheck(day, observed, expected, threshold, round(score, 2))


def scan(
    counts: Mapping[date, int], config: DetectorConfig, *, since: date | None = None
) -> list[DayCheck]:
    """Every day from the first one with enough history (or `since`) to the last day seen."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    day = max(first, since) if since else first
    checks = []
    while day <= last:
        found = check_day(day, counts.get(day, 0), counts, config)
        if found is not None:
            checks.append(found)
        day += timedelta(days=1)
    return checks


def alerts(checks: Sequence[DayCheck], config: DetectorConfig) -> list[Alert]:
    """Flagged days close together, as one alert each."""
    found: list[Alert] = []
    run: list[DayCheck] = []
    for check in (c for c in checks if c.alarm):
        if run and (check.day - run[-1].day).days > config.gap_days + 1:
            found.append(_alert(run))
            run = []
        run.append(check)
    if run:
        found.append(_alert(run))
    return found


def _alert(run: Sequence[DayCheck]) -> Alert:
    return Alert(
        first_day=run[0].day,
        last_day=run[-1].day,
        observed=sum(c.observed for c in run),
        expected=round(sum(c.expected for c in run), 1),
        score=max(c.score for c in run),
    )
