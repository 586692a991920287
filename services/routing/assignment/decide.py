"""Pure routing decisions: which department, what priority, which deadlines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from services.routing.classification.cues import keyword_pattern
from services.routing.classification.judgement import ESCALATING, URGENT, Scored
from services.routing.config import ClassifierConfig, RoutingConfig
from services.routing.departments.domain import Department
from services.routing.learning.prediction import Prediction
from services.routing.rules.domain import Rule
from shared.events.common import Priority
from shared.events.intake import ComplaintRegistered

LEVELS: tuple[Priority, ...] = ("P1", "P2", "P3", "P4")


ChoiceSource = Literal["rule", "judgement", "model", "triage", "default"]


@dataclass(frozen=True)
class DepartmentChoice:
    department: str
    rule: str | None
    reasons: list[str]
    source: ChoiceSource = "default"
    confidence: float | None = None  # the judgement's or the model's


def choose_department(
    complaint: ComplaintRegistered, rules: Sequence[Rule], default: str
) -> DepartmentChoice:
    for rule in sorted(rules, key=lambda r: r.position):
        if not rule.enabled:
            continue
        reasons = rule.match(
            text=complaint.text, channel=complaint.channel, category=complaint.category
        )
        if reasons is not None:
            said = [f"rule {rule.name}", *reasons]
            return DepartmentChoice(rule.department, rule.name, said, "rule")
    return DepartmentChoice(default, None, ["no rule matched: default department"])


def judged_choice(judged: Scored) -> DepartmentChoice:
    cues = ", ".join(judged.cues[:6])
    said = [f"judgement: {judged.label} ({judged.confidence:.2f}): {cues}"]
    return DepartmentChoice(judged.label, None, said, "judgement", judged.confidence)


def model_choice(
    prediction: Prediction,
    version: str,
    departments: Mapping[str, Department],
    config: ClassifierConfig,
) -> DepartmentChoice:
    """The model's department when it is sure enough and names a working department;
    otherwise the triage desk, saying why."""
    code = config.department_for(prediction.label)
    said = f"model {version}: {prediction.label} ({prediction.confidence:.2f})"
    found, sure = departments.get(code), prediction.confidence
    if found is None or not found.active:
        why = [said, "names no open department"]
        return DepartmentChoice(config.triage_department, None, why, "triage", sure)
    if prediction.confidence < config.threshold:
        why = [said, f"below the threshold {config.threshold:.2f}"]
        return DepartmentChoice(config.triage_department, None, why, "triage", sure)
    return DepartmentChoice(code, None, [said], "model", sure)


def risk_flags(text: str, lexicons: Iterable[tuple[str, tuple[str, ...]]]) -> list[str]:
    lowered = text.lower()
    return [
        flag
        for flag, words in lexicons
        if (pattern := keyword_pattern(words)) is not None and pattern.search(lowered)
    ]


def raise_one(priority: Priority) -> Priority:
    return LEVELS[max(0, LEVELS.index(priority) - 1)]


def choose_priority(
    judged: Priority,
    flags: Sequence[str],
    *,
    segment: str | None,
    repeat_count: int,
    config: RoutingConfig,
) -> tuple[Priority, list[str]]:
    """The desk's rules (the judgement's priority; the organisation's own risk lexicon can only
    raise it: safety, violence or privacy P1, regulator, lawsuit or media P2), then a VIP or a
    repeat complainant one level more each."""
    reasons, priority = [f"judged {judged}"], judged
    if urgent := [f for f in flags if f in URGENT]:
        priority = "P1"
        reasons.append("risk: " + ", ".join(urgent))
    elif threats := [f for f in flags if f in ESCALATING]:
        priority = LEVELS[min(LEVELS.index(priority), LEVELS.index("P2"))]
        reasons.append("risk: " + ", ".join(threats))
    if segment and segment.lower() in config.priority.vip_segments:
        priority = raise_one(priority)
        reasons.append(f"segment {segment}")
    if repeat_count >= config.priority.repeat_threshold:
        priority = raise_one(priority)
        reasons.append(f"repeat complainant ({repeat_count} earlier, recently)")
    return priority, reasons


def repeats(complaint: ComplaintRegistered) -> int:
    """Earlier complaints that count: those in intake's repeat window when it says so."""
    return complaint.recent_count if complaint.recent_count is not None else complaint.repeat_count


def needs_senior_handler(repeat_count: int, segment: str | None, config: RoutingConfig) -> bool:
    vip = segment is not None and segment.lower() in config.priority.vip_segments
    return vip or repeat_count >= config.priority.senior_handler_at


def resolution_due(priority: Priority, routed_at: datetime, config: RoutingConfig) -> datetime:
    """In working time: evenings, weekends and holidays do not count."""
    return config.calendar.calendar.add(
        routed_at, timedelta(hours=config.sla.resolution_hours[priority])
    )


def first_response_due(
    priority: Priority, routed_at: datetime, promised: datetime, config: RoutingConfig
) -> datetime:
    """The sooner of what intake promised the customer and the priority's working hours."""
    by_priority = config.calendar.calendar.add(
        routed_at, timedelta(hours=config.sla.first_response_hours[priority])
    )
    return min(promised, by_priority)


def pick(departments: Mapping[str, Department], code: str, default: str) -> Department:
    """A rule may name a department since deactivated: fall back to the default one."""
    found = departments.get(code)
    return found if found is not None and found.active else departments[default]
