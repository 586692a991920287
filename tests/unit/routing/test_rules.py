"""Pure routing decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.routing.assignment.decide import (
    choose_department,
    choose_priority,
    needs_senior_handler,
    repeats,
    resolution_due,
    risk_flags,
)
from services.routing.config import RoutingConfig, load_config
from services.routing.rules.domain import Rule
from services.routing.settings import DEFAULT_CONFIG
from tests.events import registered

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)
CONFIG = load_config(DEFAULT_CONFIG)
RULES = [
    Rule(i, (i + 1) * 10, r.name, r.department, r.keywords, r.channels, r.categories)
    for i, r in enumerate(CONFIG.rules)
]


def test_latin_keywords_match_whole_words_only() -> None:
    rules = [Rule(1, 10, "law", "legal", keywords=("sue",))]
    assert (
        choose_department(registered(NOW, "This issue is old"), rules, "desk").department == "desk"
    )
    assert choose_department(registered(NOW, "I will sue you"), rules, "desk").department == "legal"


def test_first_matching_rule_wins_and_disabled_rules_are_skipped() -> None:
    rules = [
        Rule(1, 20, "later", "b", keywords=("退款",)),
        Rule(2, 10, "first", "a", keywords=("退款",), enabled=False),
        Rule(3, 30, "sms-only", "c", channels=("sms",)),
    ]
    choice = choose_department(registered(NOW, "请退款"), rules, "desk")
    assert (choice.department, choice.rule) == ("b", "later")
    sms = choose_department(registered(NOW, "hello", channel="sms"), rules[2:], "desk")
    assert sms.department == "c" and "channel sms" in sms.reasons


def test_category_rule_matches_the_agents_category() -> None:
    choice = choose_department(registered(NOW, "whatever", category="Billing"), RULES, "desk")
    assert (choice.department, choice.rule) == ("billing", "billing-category")


OWN_SIGNALS = (("regulator", ("our ombudsman", "行业协会")), ("media", ("community board",)))


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("I will write to our ombudsman and the community board", ["media", "regulator"]),
        ("再不处理我就去行业协会", ["regulator"]),
        ("I have an issue with my statement", []),
    ],
)
def test_an_organisations_own_risk_signals(text: str, flags: list[str]) -> None:
    assert sorted(risk_flags(text, OWN_SIGNALS)) == sorted(flags)


@pytest.mark.parametrize(
    ("flags", "segment", "repeats", "expected"),
    [
        ([], None, 0, "P3"),
        (["media"], None, 0, "P2"),
        (["media", "lawsuit"], None, 0, "P2"),  # threats are P2, however many
        (["safety"], None, 0, "P1"),
        (["privacy"], None, 0, "P1"),
        (["violence", "vulnerable"], None, 0, "P1"),
        ([], "vip", 0, "P2"),
        ([], None, 2, "P2"),
        (["regulator"], "VIP", 3, "P1"),
    ],
)
def test_priority_from_risk_segment_and_repeats(
    flags: list[str], segment: str | None, repeats: int, expected: str
) -> None:
    priority, reasons = choose_priority(
        "P3", flags, segment=segment, repeat_count=repeats, config=CONFIG
    )
    assert priority == expected
    assert reasons[0] == "judged P3"


def test_resolution_deadline_follows_priority_in_working_time() -> None:
    # NOW is Monday 10:00 in Shanghai; a working day has 7.5 hours.
    assert resolution_due("P1", NOW, CONFIG) == NOW + timedelta(days=2)  # Wednesday 10:00
    assert resolution_due("P4", NOW, CONFIG) == NOW + timedelta(days=21)  # 15 working days


def test_configuration_naming_unknown_departments_is_refused() -> None:
    raw = CONFIG.model_dump()
    raw["rules"][0]["department"] = "nowhere"
    with pytest.raises(ValueError, match="nowhere"):
        RoutingConfig.model_validate(raw)


@pytest.mark.parametrize(
    ("recent", "earlier", "segment", "counted", "senior"),
    [
        (3, 5, None, 3, True),  # three in the window
        (0, 5, None, 0, False),  # five long ago: not a repeat any more
        (None, 3, None, 3, True),  # an older event without the window: all of them
        (0, 0, "VIP", 0, True),
    ],
)
def test_repeats_counted_in_the_window_and_senior_handlers_flagged(
    recent: int | None, earlier: int, segment: str | None, counted: int, senior: bool
) -> None:
    event = registered(
        NOW, recent_count=recent, repeat_count=earlier, customer={"segment": segment}
    )
    assert repeats(event) == counted
    assert needs_senior_handler(counted, segment, CONFIG) is senior
