"""Is it a complaint at all (判定投诉是否成立)? A verdict with a reason code and the signals
that fired. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from services.routing.classification import Classification, cues
from services.routing.config import ValidityConfig

Reason = Literal["valid", "enquiry", "suggestion", "malicious_flood"]
NOT_A_COMPLAINT: frozenset[str] = frozenset({"enquiry", "suggestion"})


@dataclass(frozen=True)
class Verdict:
    reason: Reason
    signals: list[str]

    @property
    def valid(self) -> bool:
        return self.reason == "valid"


def grievance(classification: Classification) -> list[str]:
    """Signs that something went wrong for the customer: then it is a complaint."""
    signs = [f"need {need}" for need in classification.needs if need != "explanation"]
    if classification.cause != "other":
        signs.insert(0, f"cause {classification.cause}: {', '.join(classification.cause_cues)}")
    if classification.emotion_intensity:
        signs.append(f"emotion intensity {classification.emotion_intensity}")
    return signs + [f"risk {flag}" for flag in classification.risk_flags if flag != "vip"]


def judge(
    text: str, classification: Classification, *, recent_from_customer: int,
    config: ValidityConfig,
) -> Verdict:  # fmt: skip
    """`recent_from_customer`: the customer's complaints routing saw within the flood window."""
    if recent_from_customer >= config.flood.max_complaints:
        return Verdict("malicious_flood", [
            f"{recent_from_customer + 1} complaints within {config.flood.within_minutes} minutes"
        ])  # fmt: skip
    grievances = grievance(classification)
    if grievances:
        return Verdict("valid", grievances)
    kinds: tuple[tuple[Reason, tuple[str, ...]], ...] = (
        ("suggestion", config.suggestion), ("enquiry", config.enquiry),
    )  # fmt: skip
    for reason, words in kinds:
        if found := cues(text, words):
            return Verdict(reason, [f"{reason}: {', '.join(found)}", "no sign of a grievance"])
    return Verdict("valid", ["no enquiry or suggestion cue"])
