"""Is it a complaint at all (判定投诉是否成立)? A verdict with a reason code and the signals
that fired. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from services.routing.classification.cues import cues
from services.routing.classification.explain import Classification
from services.routing.config import ValidityConfig

Reason = Literal[
    "valid",
    "enquiry",
    "suggestion",
    "malicious_flood",
    "duplicate",
    "out_of_scope",
    "insufficient_information",
]
_NOISE = re.compile(r"[\W_]+")
NOT_A_COMPLAINT: frozenset[str] = frozenset({"enquiry", "suggestion"})


@dataclass(frozen=True)
class OpenComplaint:
    complaint_id: UUID
    reference: str
    text: str


@dataclass(frozen=True)
class Verdict:
    reason: Reason
    signals: list[str]
    merged_into: OpenComplaint | None = None
    referred_to: str | None = None

    @property
    def valid(self) -> bool:
        return self.reason == "valid"


def _bigrams(text: str) -> set[str]:
    folded = _NOISE.sub("", text.lower())
    return {folded[i : i + 2] for i in range(len(folded) - 1)} or {folded}


def similarity(a: str, b: str) -> float:
    """Shared character bigrams over the shorter text's: works alike for Chinese and English,
    and a repeat that adds detail to the same matter still scores high. Texts of under four
    bigrams are too short to call the same matter."""
    left, right = _bigrams(a), _bigrams(b)
    shorter = min(len(left), len(right))
    return len(left & right) / shorter if shorter >= 4 else 0.0


def same_matter(
    text: str, open_complaints: Sequence[OpenComplaint], threshold: float
) -> tuple[OpenComplaint, float] | None:
    scored = [(c, similarity(text, c.text)) for c in open_complaints]
    best = max(scored, key=lambda pair: pair[1], default=None)
    return best if best is not None and best[1] >= threshold else None


def grievance(classification: Classification) -> list[str]:
    """Signs that something went wrong for the customer: then it is a complaint."""
    signs = [f"need {need}" for need in classification.needs if need != "explanation"]
    if classification.cause != "other":
        signs.insert(0, f"cause {classification.cause}: {', '.join(classification.cause_cues)}")
    if classification.emotion_intensity:
        signs.append(f"emotion intensity {classification.emotion_intensity}")
    return signs + [f"risk {flag}" for flag in classification.risk_flags if flag != "vip"]


def judge(
    text: str,
    classification: Classification,
    *,
    recent_from_customer: int,
    open_complaints: Sequence[OpenComplaint] = (),
    config: ValidityConfig,
) -> Verdict:
    """`recent_from_customer`: the customer's complaints routing saw within the flood window;
    `open_complaints`: the customer's open complaints within the duplicate window."""
    if recent_from_customer >= config.flood.max_complaints:
        return Verdict(
            "malicious_flood",
            [f"{recent_from_customer + 1} complaints within {config.flood.within_minutes} minutes"],
        )
    length = len(_NOISE.sub("", text))
    if length < config.min_characters and classification.cause == "other":
        return Verdict(
            "insufficient_information",
            [
                f"only {length} characters (under {config.min_characters}) and no cause named: "
                "too little to act on"
            ],
        )
    if duplicate := same_matter(text, open_complaints, config.duplicate.min_similarity):
        earlier, score = duplicate
        signal = f"same matter as {earlier.reference} (similarity {score:.2f}), still open"
        return Verdict("duplicate", [signal], merged_into=earlier)
    for referral in config.out_of_scope:
        if hits := cues(text, referral.keywords):
            signals = [
                f"out of scope ({referral.name}): {', '.join(hits)}",
                f"referred to {referral.refer_to}",
            ]
            return Verdict("out_of_scope", signals, referred_to=referral.refer_to)
    grievances = grievance(classification)
    if grievances:
        return Verdict("valid", grievances)
    kinds: tuple[tuple[Reason, tuple[str, ...]], ...] = (
        ("suggestion", config.suggestion),
        ("enquiry", config.enquiry),
    )
    for reason, words in kinds:
        if hits := cues(text, words):
            return Verdict(reason, [f"{reason}: {', '.join(hits)}", "no sign of a grievance"])
    return Verdict("valid", ["no enquiry or suggestion cue"])
