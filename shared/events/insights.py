"""Insights' events: early warning of a systematic deviation."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import AwareDatetime, Field

from shared.events.envelope import Payload


class DeviationDetected(Payload):
    """A series of complaints (a department, a cause, a channel, or a pair of them) rose above
    what its own history leads one to expect, on the days from `first_day` to `last_day`; or
    a subject emerged among the complaints (series `{"topic": ...}`): words used by far more
    of them than before."""

    TYPE = "insight.deviation_detected"
    VERSION = 1
    alert_id: UUID
    series: dict[str, str] = Field(description="the dimensions and their values")
    first_day: date
    last_day: date
    observed: int = Field(ge=0)
    expected: float = Field(ge=0)
    score: float = Field(
        description="standard deviations above expected (a surge's highest day; a topic's "
        "window, as the normal deviate of its chance)"
    )
    top_terms: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list, description="complaint references")
    detected_at: AwareDatetime

    def about(self) -> str:
        return str(self.alert_id)


INSIGHTS_EVENTS = (DeviationDetected,)
