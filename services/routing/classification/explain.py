"""What kind of complaint this is and how the customer feels, with the cues that fired.
Pure: text and configuration in, an explained classification out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from services.routing.classification.cues import cues
from services.routing.config import ClassificationConfig

_EXCLAMATIONS = re.compile(r"[!！]+")
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
THREATS = ("media", "regulator", "lawsuit")


@dataclass(frozen=True)
class Classification:
    cause: str
    cause_cues: list[str]
    motive: str
    motive_cues: list[str]
    emotion_intensity: int  # 0 calm, 1 mild, 2 strong, 3 intense
    emotion_cues: list[str]
    needs: dict[str, list[str]] = field(default_factory=dict)
    risk_flags: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def cause_of(text: str, config: ClassificationConfig) -> tuple[str, list[str]]:
    best, best_cues = "other", list[str]()
    for cause, words in config.causes.items():  # listed order breaks ties
        found = cues(text, words)
        if len(found) > len(best_cues):
            best, best_cues = cause, found
    return best, best_cues


def emotion_of(text: str, config: ClassificationConfig) -> tuple[int, list[str]]:
    anger, intensifiers = cues(text, config.anger), cues(text, config.intensifiers)
    exclamations = len(_EXCLAMATIONS.findall(text))
    shouted = _SHOUTED.findall(text)
    score = 2 * len(anger) + len(intensifiers) + exclamations + len(shouted)
    found = anger + intensifiers + (["!" * 2] if exclamations else []) + shouted[:3]
    return sum(score >= step for step in config.intensity_steps), found


def motive_of(
    text: str,
    needs: dict[str, list[str]],
    flags: list[str],
    intensity: int,
    config: ClassificationConfig,
) -> tuple[str, list[str]]:
    """Feigned anger bargains: a threat and a demand for compensation, 'or else'. Truly angry
    customers show it without bargaining. The rest mainly want an explanation."""
    bargaining = cues(text, config.bargaining)
    threats = [f for f in flags if f in THREATS]
    if bargaining and threats and "compensation" in needs:
        return "feigned_anger", bargaining + threats + needs["compensation"]
    if intensity >= 2:
        return "truly_angry", [f"emotion intensity {intensity}"]
    return "seeking_explanation", needs.get("explanation", [])


def classify(
    text: str,
    *,
    risk_flags: list[str],
    segment: str | None,
    vip_segments: Iterable[str],
    config: ClassificationConfig,
) -> Classification:
    needs: dict[str, list[str]] = {
        need: found for need, words in config.needs.items() if (found := cues(text, words))
    }
    intensity, emotion_cues = emotion_of(text, config)
    if intensity >= 2 and not ({"compensation", "respect", "explanation"} & needs.keys()):
        needs["venting"] = [f"emotion intensity {intensity} with no concrete demand"]
    flags = list(risk_flags)
    if segment and segment.lower() in {s.lower() for s in vip_segments}:
        flags.append("vip")
    cause, cause_cues = cause_of(text, config)
    motive, motive_cues = motive_of(text, needs, flags, intensity, config)
    return Classification(
        cause, cause_cues, motive, motive_cues, intensity, emotion_cues, needs, flags
    )


def raises_priority(classification: Classification, config: ClassificationConfig) -> str | None:
    """Why feelings raise the priority one level, if they do."""
    if "extreme_hostility" in classification.needs:
        return "extreme hostility"
    if classification.emotion_intensity >= config.raise_priority_at:
        return f"emotion intensity {classification.emotion_intensity}"
    return None
