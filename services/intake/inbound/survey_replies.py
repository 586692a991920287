"""Reading a customer's answer to a survey: "5", "４", "5分", "满意", "not satisfied"...

Only a short message that is nothing but an answer counts; anything longer is a message of
its own (a new complaint, or more about the old one), never silently taken for a score."""

from __future__ import annotations

import re
import unicodedata

# Whole-message answers only: "不满意" is never read as "满意".
_WORDS: tuple[tuple[str, int], ...] = (
    ("非常不满意", 1),
    ("很不满意", 1),
    ("极不满意", 1),
    ("very dissatisfied", 1),
    ("very unsatisfied", 1),
    ("不太满意", 2),
    ("不满意", 2),
    ("dissatisfied", 2),
    ("unsatisfied", 2),
    ("not satisfied", 2),
    ("基本满意", 3),
    ("一般", 3),
    ("还行", 3),
    ("neutral", 3),
    ("ok", 3),
    ("非常满意", 5),
    ("很满意", 5),
    ("very satisfied", 5),
    ("满意", 4),
    ("satisfied", 4),
)
_SCORE = re.compile(r"^([1-5])\s*(分|points?|stars?)?$")
_MAX_LENGTH = 20


def read_score(text: str) -> int | None:
    """The score 1-5 the reply gives, or None when it is not (only) a survey answer."""
    normal = unicodedata.normalize("NFKC", text).strip().lower().rstrip("。.!！ ")
    if not normal or len(normal) > _MAX_LENGTH:
        return None
    if match := _SCORE.match(normal):
        return int(match.group(1))
    for phrase, score in _WORDS:
        if normal == phrase or normal.replace(" ", "") == phrase.replace(" ", ""):
            return score
    return None
