"""Reading a survey answer for what it says: the score 1-5 it gives, if any, and whether the
customer is satisfied (close), dissatisfied (reopen) or unclear (a person looks). Pure.

A score counts in digits (full-width too), Chinese numerals, number words and stars. It does
not count when it is off the scale, a half point, list numbering, two conflicting numbers, or
used sarcastically. Words decide over numbers: "5 but my bill is still wrong" reopens."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from services.intake.inbound.reading_cues import cues, found
from shared.events.intake import SurveyOutcome

_CUES = cues("survey")
Outcome = SurveyOutcome

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_ZH = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_LIST = re.compile(r"(?:^|\s)\d[、.)]\s*\D")
_NUMBER = re.compile(r"(?<![\d.$£¥])(\d+(?:\.\d+)?)(?:\s*/\s*(\d+))?(?![\d%])")
_ZH_SCORE = re.compile(r"([一二两三四五])\s*(?:分|星|颗星)")
_WORD_SCORE = re.compile(r"\b(one|two|three|four|five)\b(?:\s+stars?)?")
_CORRECTION = re.compile(r"(?:应该是|改成|我是说|i meant|meant to say|should be)\s*(\d)")
# Digit runs are matched from their start only: from every position of a long run, the time
# grew with the square of its length.
_NOT_A_SCORE = re.compile(
    r"(?<!\d)\d+\s*(?:pm|am|点|号|天|个月|小时|元|块|岁|次|个电话|visits?|days?|weeks?)"
    r"|[(（]\d+[)）]|(?<!\d)\d+\s*分?\s*都不|would have been \d|本来(?:能|可以)给\s*\d"
    r"|number one|no\. ?1\b|#1\b"
)


@dataclass(frozen=True)
class SurveyReading:
    score: int | None
    outcome: Outcome
    cues: list[str]
    answers: bool = True  # an answer to the survey, clear or not; a new matter is not one


def score_of(text: str) -> tuple[int | None, str | None]:
    """The score given, or None with why not."""
    if corrected := _CORRECTION.search(text):
        return _on_scale(float(corrected.group(1)))
    if stars := text.count("⭐"):
        return _on_scale(float(stars))
    cleaned = _NOT_A_SCORE.sub(" ", text)
    if _LIST.search(cleaned) and len(re.findall(r"\d[、.)]", cleaned)) > 1:
        return None, "list numbering"
    values: list[float] = []
    for number, scale in _NUMBER.findall(cleaned):
        if scale:
            return None, f"{number}/{scale} is not the 1-5 scale"
        values.append(float(number))
    values += [_ZH[m] for m in _ZH_SCORE.findall(cleaned)]
    if not values:  # "one" in "sorted in one call" is no score: words only stand alone
        values += [_WORDS[m] for m in _WORD_SCORE.findall(cleaned) if len(cleaned) <= 20]
    if len(set(values)) > 1:
        return None, "two different numbers"
    return _on_scale(values[0]) if values else (None, None)


def _on_scale(given: float) -> tuple[int | None, str | None]:
    if given != int(given):
        return None, "a half point"
    if not 1 <= given <= 5:
        return None, "off the scale"
    return int(given), None


def read_survey(message: str) -> SurveyReading:
    text = unicodedata.normalize("NFKC", message).strip().lower()
    if not text:
        return SurveyReading(None, "unclear", ["empty"], answers=False)
    if found(text, _CUES["opt_out"]) and len(text) <= 12:
        return SurveyReading(None, "unclear", ["opt-out"])
    if sarcasm := found(text, _CUES["sarcasm"]):
        return SurveyReading(None, "dissatisfied", ["sarcasm: " + ", ".join(sarcasm)])
    score, why_not = score_of(text)
    bad = found(text, _CUES["unresolved"]) + [e for e in _CUES["negative_emoji"] if e in message]
    good = [w for w in found(text, _CUES["accepted"]) if not (w == "满意" and _not_satisfied(text))]
    good += [e for e in _CUES["positive_emoji"] if e in message]
    evidence = [f"score {score}"] if score else ([why_not] if why_not else [])
    if bad and not (score and score >= 3 and good and not _blames_open_matter(bad)):
        return SurveyReading(score, "dissatisfied", evidence + bad)
    if score is not None:
        return _scored(score, good, evidence)
    return _unscored(text, good, evidence)


def _scored(score: int, good: list[str], evidence: list[str]) -> SurveyReading:
    """A score with no word that the matter is open: 1-2 reopen, 4-5 close, a 3 closes only
    with acceptance; a low score with praise contradicts itself."""
    if score <= 2 and "满意" in good:
        return SurveyReading(score, "unclear", evidence + ["contradiction: " + ", ".join(good)])
    if score <= 2:
        return SurveyReading(score, "dissatisfied", evidence)
    if score >= 4:
        return SurveyReading(score, "satisfied", evidence + good)
    outcome: Outcome = "satisfied" if good else "unclear"
    return SurveyReading(score, outcome, evidence + (good or ["a bare neutral score"]))


def _unscored(text: str, good: list[str], evidence: list[str]) -> SurveyReading:
    if found(text, _CUES["new_matter"]) and not good:
        return SurveyReading(None, "unclear", ["a new matter or a question"], answers=False)
    if found(text, _CUES["neutral"]) and not good:
        return SurveyReading(None, "unclear", ["neutral"])
    if good:
        return SurveyReading(None, "satisfied", good)
    return SurveyReading(None, "unclear", evidence or ["no rating"])


def _not_satisfied(text: str) -> bool:
    """满意 inside 不满意 or 满意度 says nothing good."""
    return "不满意" in text or "满意度" in text


def _blames_open_matter(bad: list[str]) -> bool:
    """Words that say the matter itself is still open, not just that handling was slow."""
    return any(
        w in ("still", "还没", "没解决", "没有解决", "not resolved", "unresolved") for w in bad
    )
