"""The routing configuration file, validated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.routing.escalation.calendar import WorkingCalendar, parse_weekdays, parse_windows

Priority = Literal["P1", "P2", "P3", "P4"]
RiskFlag = Literal["safety", "violence", "privacy", "regulator", "lawsuit", "media", "vulnerable"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DepartmentConfig(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")
    name: str
    name_zh: str | None = None
    default_priority: Priority = "P3"


class RuleConfig(_Strict):
    name: str
    department: str
    keywords: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    @model_validator(mode="after")
    def has_a_condition(self) -> RuleConfig:
        if not (self.keywords or self.channels or self.categories):
            raise ValueError(f"rule {self.name!r} sets no condition")
        return self


class PriorityConfig(_Strict):
    vip_segments: tuple[str, ...] = ("vip",)
    repeat_threshold: int = Field(2, ge=1)
    senior_handler_at: int = Field(3, ge=1)


class SlaConfig(_Strict):
    first_response_hours: dict[Priority, float] = {"P1": 2, "P2": 4, "P3": 7.5, "P4": 7.5}
    resolution_hours: dict[Priority, float] = {"P1": 15, "P2": 37.5, "P3": 75, "P4": 112.5}


class HandlingConfig(_Strict):
    # Resolutions with a larger amount are approved by an admin, not a supervisor.
    supervisor_approval_limit: Decimal = Field(Decimal(5000), ge=0)
    currency: str = Field("CNY", pattern=r"^[A-Z]{3}$")


class CalendarConfig(_Strict):
    timezone: str = "Asia/Shanghai"
    hours: str = "09:00-12:00,13:30-18:00"
    days: str = "mon-fri"
    holidays: tuple[date, ...] = ()
    workdays: tuple[date, ...] = ()

    @cached_property
    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar(
            ZoneInfo(self.timezone),
            parse_windows(self.hours),
            parse_weekdays(self.days),
            frozenset(self.holidays),
            frozenset(self.workdays),
        )

    @model_validator(mode="after")
    def builds(self) -> CalendarConfig:
        _ = self.calendar  # a bad zone, window or day name fails here, at start-up
        return self


class EscalationConfig(_Strict):
    warn_at_share: float = Field(0.8, gt=0, lt=1)
    supervise_after_working_days: int = Field(2, ge=1)


class ClassifierConfig(_Strict):
    # The model's confidence: 1 - e^-(gap between its two best scores); see make bench-routing.
    threshold: float = Field(0.3, gt=0, le=1)
    # The judgement decides before the model when its department has at least this share of
    # the two best scores (0.5 a tie, 1.0 no rival).
    judgement_threshold: float = Field(0.7, ge=0.5, le=1)
    triage_department: str = "triage"
    labels: dict[str, str] = Field(default_factory=dict, description="model label -> department")

    def department_for(self, label: str) -> str:
        return self.labels.get(label, label)


Need = Literal[
    "respect", "compensation", "explanation", "avoiding_responsibility", "extreme_hostility"
]


class ClassificationConfig(_Strict):
    anger: tuple[str, ...] = ()
    intensifiers: tuple[str, ...] = ()
    needs: dict[Need, tuple[str, ...]] = {}
    intensity_steps: tuple[int, int, int] = (1, 3, 6)


class FloodConfig(_Strict):
    max_complaints: int = Field(5, ge=1)
    within_minutes: int = Field(60, ge=1)


class DuplicateConfig(_Strict):
    within_days: int = Field(30, ge=1)
    min_similarity: float = Field(0.5, gt=0, le=1)


class ReferralConfig(_Strict):
    name: str
    refer_to: str
    keywords: tuple[str, ...] = Field(min_length=1)


class ValidityConfig(_Strict):
    # Fewer characters (punctuation aside) and no cause named: ask the customer for more.
    min_characters: int = Field(10, ge=0)
    enquiry: tuple[str, ...] = ()
    suggestion: tuple[str, ...] = ()
    flood: FloodConfig = FloodConfig()
    duplicate: DuplicateConfig = DuplicateConfig()
    out_of_scope: tuple[ReferralConfig, ...] = ()


class RoutingConfig(_Strict):
    default_department: str
    departments: tuple[DepartmentConfig, ...]
    rules: tuple[RuleConfig, ...] = ()
    risk_signals: dict[RiskFlag, tuple[str, ...]] = {}
    priority: PriorityConfig = PriorityConfig()
    sla: SlaConfig = SlaConfig()
    calendar: CalendarConfig = CalendarConfig()
    escalation: EscalationConfig = EscalationConfig()
    handling: HandlingConfig = HandlingConfig()
    validity: ValidityConfig = ValidityConfig()
    classifier: ClassifierConfig = ClassifierConfig()
    classification: ClassificationConfig = ClassificationConfig()

    @model_validator(mode="after")
    def departments_exist(self) -> RoutingConfig:
        codes = {d.code for d in self.departments}
        missing = {r.department for r in self.rules} | {self.default_department}
        missing |= {self.classifier.triage_department, *self.classifier.labels.values()}
        if unknown := missing - codes:
            raise ValueError(f"rules or default name unknown departments: {sorted(unknown)}")
        return self


def load_config(path: Path) -> RoutingConfig:
    return RoutingConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
