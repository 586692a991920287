"""Explaining a complaint and assigning it: the department chosen, the priority, the
deadlines. Pure: the complaint, the choice and the configuration in, an Assignment out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.routing.assignment import decide
from services.routing.assignment.domain import Assignment
from services.routing.classification.explain import Classification, classify
from services.routing.classification.judgement import Judgement, judge_complaint
from services.routing.config import RoutingConfig
from services.routing.departments.domain import Department
from shared.events.intake import ComplaintRegistered


@dataclass(frozen=True)
class Explained:
    flags: list[str]
    classification: Classification
    judgement: Judgement


def explain(complaint: ComplaintRegistered, config: RoutingConfig) -> Explained:
    """The desk's judgement, with the organisation's own risk lexicon (routing.yaml) added."""
    judgement = judge_complaint(complaint.text)
    configured = decide.risk_flags(complaint.text, config.risk_signals.items())
    flags = list(dict.fromkeys(judgement.risk_flags + configured))
    classification = classify(
        complaint.text,
        judgement,
        risk_flags=flags,
        segment=complaint.customer.segment,
        vip_segments=config.priority.vip_segments,
        config=config.classification,
    )
    return Explained(flags, classification, judgement)


def assign(
    complaint: ComplaintRegistered,
    choice: decide.DepartmentChoice,
    explained: Explained,
    *,
    departments: dict[str, Department],
    config: RoutingConfig,
    now: datetime,
) -> Assignment:
    department = decide.pick(departments, choice.department, config.default_department)
    repeats = decide.repeats(complaint)
    priority, why = decide.choose_priority(
        explained.judgement.priority,
        explained.flags,
        segment=complaint.customer.segment,
        repeat_count=repeats,
        config=config,
    )
    return Assignment(
        complaint_id=complaint.complaint_id,
        reference=complaint.reference,
        channel=complaint.channel,
        department=department,
        priority=priority,
        matched_rule=choice.rule,
        reasons=choice.reasons + why,
        risk_flags=explained.classification.risk_flags,
        classification=explained.classification,
        senior_handler=decide.needs_senior_handler(repeats, complaint.customer.segment, config),
        first_response_due=decide.first_response_due(
            priority, now, complaint.first_response_due, config
        ),
        resolution_due=decide.resolution_due(priority, now, config),
        routed_at=now,
        text=complaint.text,
    )
