"""Emerging topics (pure): the words of a complaint, the Poisson tail, and topics found in a
synthetic archive where the truth is known."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest

from services.insights.surveillance.config import TopicConfig
from services.insights.surveillance.terms import distinct, terms
from services.insights.surveillance.topics import Document, emerging_topics, poisson_tail

TODAY = date(2026, 11, 23)
USUAL = (
    "账单金额不对，多扣了月费",
    "快递延误三天还没到",
    "客服态度很差，电话一直打不通",
    "The refund was never paid back to my card",
    "Wifi keeps dropping every evening",
    "冰箱不制冷，维修一直拖",
)


def archive(per_day: int = 8, days: int = 70, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)  # noqa: S311 - a reproducible mix of texts, not a secret
    return [
        Document(TODAY - timedelta(days=d), f"H-{d}-{n}", rng.choice(USUAL))
        for d in range(days)
        for n in range(per_day)
    ]


def news(texts: list[str], per_day: int, days: int = 3) -> list[Document]:
    return [
        Document(TODAY - timedelta(days=d), f"N-{d}-{n}", texts[n % len(texts)])
        for d in range(days)
        for n in range(per_day)
    ]


def test_chinese_is_cut_into_words_and_english_keeps_its_phrases() -> None:
    assert {"包裹", "丢失", "驿站", "赔偿"} <= terms("包裹丢失，驿站说找不到，要求赔偿！")
    assert not {"要求", "投诉", "我们"} & terms("我们要求处理投诉")
    english = terms("My credit report shows a late fee that is not mine")
    assert {"credit report", "late fee", "credit", "report"} <= english
    assert "report shows" in english and "that" not in english
    assert "fee mine" not in english  # a stopword between breaks the phrase


def test_a_phrase_is_said_once_before_its_words() -> None:
    ranked = ["credit report", "credit", "report", "late fee", "fee", "充电器"]
    assert distinct(ranked, 3) == ["credit report", "late fee", "充电器"]


@pytest.mark.parametrize(("count", "mean"), [(1, 0.3), (2, 1.0), (5, 0.5), (20, 3.0), (9, 6.0)])
def test_the_poisson_tail_is_exact(count: int, mean: float) -> None:
    below = sum(math.exp(-mean) * mean**k / math.factorial(k) for k in range(count))
    assert poisson_tail(count, mean) == pytest.approx(1 - below, rel=1e-9)
    assert poisson_tail(0, mean) == 1.0


def test_far_into_the_tail_it_does_not_round_to_nothing() -> None:
    assert 0 < poisson_tail(60, 0.5) < 1e-80


def test_a_new_subject_is_one_topic_with_its_words_and_examples() -> None:
    fire = ["充电器充电时过热冒烟", "充电器过热起火，差点烧了房子"]
    (topic,) = emerging_topics(archive() + news(fire, per_day=3), TODAY)
    assert topic.terms[0] == "充电器" and "过热" in topic.terms
    assert topic.observed == 9 and topic.expected < 0.2
    assert (topic.first_day, topic.last_day) == (TODAY - timedelta(days=2), TODAY)
    assert all(e.startswith("N-") for e in topic.examples) and len(topic.examples) == 3
    assert topic.name.startswith("充电器 · ")


def test_two_new_subjects_are_two_topics() -> None:
    found = emerging_topics(
        archive()
        + news(["The charger overheated and caught fire"], per_day=3)
        + news(["包裹丢失，驿站说找不到"], per_day=3),
        TODAY,
    )
    assert len(found) == 2
    english, chinese = sorted(found, key=lambda t: not t.terms[0].isascii())
    assert {"caught fire", "charger overheated"} <= set(english.terms)
    assert {"包裹", "丢失", "驿站"} <= set(chinese.terms)


def test_more_of_the_usual_subjects_is_no_topic() -> None:
    """Twice the volume, the same subjects: a surge (the surge detector's business), not a
    new topic."""
    doubled = archive() + archive(per_day=8, days=3, seed=11)
    assert emerging_topics(doubled, TODAY) == []


def test_without_enough_history_nothing_is_judged() -> None:
    short = archive(per_day=2, days=30) + news(["充电器过热起火"], per_day=5)
    assert emerging_topics(short, TODAY) == []
    assert emerging_topics(short, TODAY, TopicConfig(min_history=10)) != []


def test_a_term_below_the_minimum_count_is_not_tested() -> None:
    few = archive() + news(["充电器过热起火"], per_day=1, days=4)
    assert emerging_topics(few, TODAY) == []
    assert emerging_topics(few, TODAY, TopicConfig(min_count=4)) != []
