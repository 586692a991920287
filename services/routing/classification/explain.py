"""How the customer feels (emotion intensity, needs) beside the judgement's cause and motive,
with the cues that fired. Pure: text and configuration in, an explained classification out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from services.routing.classification.cues import cues
from services.routing.classification.judgement import Judgement
from services.routing.config import ClassificationConfig

_EXCLAMATIONS = re.compile(r"[!！]+")
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")


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


def emotion_of(text: str, config: ClassificationConfig) -> tuple[int, list[str]]:
    anger, intensifiers = cues(text, config.anger), cues(text, config.intensifiers)
    exclamations = len(_EXCLAMATIONS.findall(text))
    shouted = _SHOUTED.findall(text)
    score = 2 * len(anger) + len(intensifiers) + exclamations + len(shouted)
    found = anger + intensifiers + (["!" * 2] if exclamations else []) + shouted[:3]
    return sum(score >= step for step in config.intensity_steps), found


def classify(
    text: str,
    judged: Judgement,
    *,
    risk_flags: list[str],
    segment: str | None,
    vip_segments: Iterable[str],
    config: ClassificationConfig,
) -> Classification:
    """The judgement's cause and motive, with the feelings and needs the text shows."""
    needs: dict[str, list[str]] = {
        need: found for need, words in config.needs.items() if (found := cues(text, words))
    }
    intensity, emotion_cues = emotion_of(text, config)
    if intensity >= 2 and not ({"compensation", "respect", "explanation"} & needs.keys()):
        needs["venting"] = [f"emotion intensity {intensity} with no concrete demand"]
    flags = list(risk_flags)
    if segment and segment.lower() in {s.lower() for s in vip_segments}:
        flags.append("vip")
    return Classification(
        judged.cause.label,
        judged.cause.cues,
        judged.motive,
        judged.motive_cues,
        intensity,
        emotion_cues,
        needs,
        flags,
    )
