"""Emerging topics: words and phrases whose share of the complaints rose sharply in the last
days against their own history, grouped into topics by the complaints they share; pure.

A surge is more complaints; an emerging topic is a new subject among them (a product's fault,
a scam, a branch), which may show before any department's volume moves. For each term the
share of complaints that use it in the window is compared with its share over the weeks
before: it emerges when the count seen is improbable under a Poisson law with the expected
count (the history's share times the window's complaints, smoothed), at `alpha` divided by
the number of terms tested (Bonferroni: `alpha` bounds the chance of any false topic on a
pass), and is at least `min_ratio` times the expected. Words come in bursts, so the law is
quasi-Poisson, as in the surge detector: counts are scaled by the dispersion the history's
terms show from week to week. Terms that emerge together and mostly
appear in the same complaints make one topic, named by its strongest terms."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist

from services.insights.surveillance.config import TopicConfig
from services.insights.surveillance.terms import distinct, terms


@dataclass(frozen=True)
class Document:
    day: date
    id: str
    text: str


@dataclass(frozen=True)
class Topic:
    terms: list[str]  # the strongest first
    first_day: date
    last_day: date
    observed: int  # complaints in the window using the leading term
    expected: float
    score: float  # standard deviations above expected: the normal deviate of that chance
    examples: list[str]
    members: list[str]  # every complaint of the window using the leading term

    @property
    def name(self) -> str:
        return " · ".join(self.terms[:3])


def poisson_tail(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean), from the series of the regularised lower
    incomplete gamma function: accurate far into the tail, where 1 - cdf is not."""
    if count <= 0:
        return 1.0
    term = total = 1.0
    k = 0
    while term > total * 1e-15 and k < 100_000:
        k += 1
        term *= mean / (count + k)
        total += term
    log_tail = -mean + count * math.log(mean) - math.lgamma(count + 1) + math.log(total)
    return min(1.0, math.exp(log_tail))


@dataclass(frozen=True)
class _Candidate:
    term: str
    inside: frozenset[int]  # indexes of the window's documents using it
    expected: float
    tail: float


def emerging_topics(
    documents: Sequence[Document], today: date, config: TopicConfig | None = None
) -> list[Topic]:
    """The topics emerging in the `window_days` ending `today`, strongest first."""
    config = config or TopicConfig()
    start = today - timedelta(days=config.window_days - 1)
    history_start = start - timedelta(days=config.history_days)
    said = [d for d in documents if d.text.strip()]  # shares of the complaints with words
    window = [d for d in said if start <= d.day <= today]
    history = [d for d in said if history_start <= d.day < start]
    if len(history) < config.min_history or not window:
        return []
    in_window = [terms(d.text) for d in window]  # cut once: judged, then the examples
    candidates = _candidates(in_window, history, config)
    groups = _grouped(candidates, config.overlap)
    topics = [_topic(group, window, in_window) for group in groups]
    return sorted(topics, key=lambda t: -t.score)[: config.max_topics]


def _candidates(
    in_window: Sequence[set[str]], history: Sequence[Document], config: TopicConfig
) -> list[_Candidate]:
    inside: dict[str, set[int]] = defaultdict(set)
    for index, found in enumerate(in_window):
        for term in found:
            inside[term].add(index)
    said_before = [(document.day, terms(document.text)) for document in history]
    before: dict[str, int] = defaultdict(int)
    for _, found in said_before:
        for term in found:
            before[term] += 1
    spread = dispersion(said_before, config.window_days)
    tested = [term for term, found in inside.items() if len(found) >= config.min_count]
    threshold = config.alpha / max(len(tested), 1)
    kept = []
    for term in tested:
        expected = (before[term] + 0.5) / (len(history) + 1) * len(in_window)
        observed = len(inside[term])
        # Quasi-Poisson: counts scaled down by the dispersion words show from week to week.
        tail = poisson_tail(math.ceil(observed / spread), expected / spread)
        if observed >= config.min_ratio * expected and tail <= threshold:
            kept.append(_Candidate(term, frozenset(inside[term]), expected, tail))
    # Strongest first; among equals a phrase before its words, which it says better.
    return sorted(kept, key=lambda c: (c.tail, -len(c.inside), -len(c.term.split()), c.term))


def dispersion(said: Sequence[tuple[date, set[str]]], days: int) -> float:
    """How much more terms' counts vary from one `days`-long stretch of the history to the
    next than a Poisson law allows (words come in bursts: one customer's several complaints,
    one week's news): the median Pearson dispersion of the terms used about once a stretch
    or more, at least 1."""
    if not said:
        return 1.0
    start = min(day for day, _ in said)
    stretches: dict[int, list[set[str]]] = defaultdict(list)
    for day, found in said:
        stretches[(day - start).days // days].append(found)
    if len(stretches) < 2:
        return 1.0
    sizes = {k: len(docs) for k, docs in stretches.items()}
    total = sum(sizes.values())
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for k, docs in stretches.items():
        for found in docs:
            for term in found:
                counts[term][k] += 1
    ratios = []
    for per_stretch in counts.values():
        used = sum(per_stretch.values())
        if used < len(stretches):
            continue
        share = used / total
        chi = sum((per_stretch.get(k, 0) - share * n) ** 2 / (share * n) for k, n in sizes.items())
        ratios.append(chi / (len(stretches) - 1))
    return max(1.0, statistics.median(ratios)) if ratios else 1.0


def _grouped(candidates: list[_Candidate], overlap: float) -> list[list[_Candidate]]:
    """Each topic starts from the strongest term left; a weaker term joins the first topic
    whose complaints hold `overlap` of its own."""
    groups: list[tuple[set[int], list[_Candidate]]] = []
    for candidate in candidates:
        for documents, members in groups:
            if len(candidate.inside & documents) >= overlap * len(candidate.inside):
                members.append(candidate)
                break
        else:
            groups.append((set(candidate.inside), [candidate]))
    return [members for _, members in groups]


def _topic(
    members: list[_Candidate], window: Sequence[Document], in_window: Sequence[set[str]]
) -> Topic:
    lead = members[0]
    names = distinct([m.term for m in members], 6)
    used = {m.term for m in members if m.term in names}
    # The examples use most of the topic's terms; the latest first among equals.
    shared = sorted(
        lead.inside,
        key=lambda i: (-len(in_window[i] & used), -window[i].day.toordinal(), i),
    )
    days = [window[i].day for i in lead.inside]
    return Topic(
        terms=names,
        first_day=min(days),
        last_day=max(days),
        observed=len(lead.inside),
        expected=round(lead.expected, 2),
        score=round(-NormalDist().inv_cdf(min(max(lead.tail, 1e-300), 0.5)), 2),
        examples=[window[i].id for i in shared[:3]],
        members=[window[i].id for i in sorted(lead.inside)],
    )
