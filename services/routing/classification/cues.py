"""Cue lists compiled into patterns, negation-aware finding, and money read from text. Pure.

Rules and the classification lexicons of routing.yaml use `keyword_pattern` (plain keywords,
one pattern for a whole list); the judgement's lexicon uses `cue_pattern`, which also takes
endings and ordered pairs.

A cue is Chinese (matched anywhere, as Chinese is written without spaces), Latin-script
(matched as whole words, case-insensitively; a trailing `*` takes any ending), or
`a ... b` (a, then b later in the same sentence)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE = r"[^。！？!?\n.;；]{0,80}?"


def normalise(text: str) -> str:
    """Full-width forms folded (ＡＢＣ１２３ -> ABC123), case folded, curly quotes straightened."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return folded.replace("’", "'").replace("‘", "'")


@lru_cache(maxsize=1024)  # rules and lexicons repeat for every message: compile once
def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """Latin-script keywords match whole words ('sue' never matches 'issue');
    Chinese ones match anywhere, as Chinese is written without spaces."""
    if not keywords:
        return None
    parts = []
    for word in sorted(keywords, key=len, reverse=True):
        escaped = re.escape(word.lower())
        parts.append(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])" if word.isascii() else escaped)
    return re.compile("|".join(parts))


@lru_cache(maxsize=1024)
def _lowered(keywords: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word.lower() for word in keywords)


def cues(text: str, words: Iterable[str]) -> list[str]:
    """The distinct cues of `words` found in `text`, sorted."""
    keywords, lowered = tuple(words), text.lower()
    # A keyword the text does not hold can't match: most lists have none, and a substring
    # test of each is several times cheaper than the pattern's pass over the text.
    if not any(word in lowered for word in _lowered(keywords)):
        return []
    pattern = keyword_pattern(keywords)
    return sorted(set(pattern.findall(lowered))) if pattern else []


def _piece(cue: str) -> str:
    if not cue.isascii():
        return re.escape(cue)
    stem = cue.rstrip("*")
    body = re.escape(stem) + (r"[a-z'-]*" if cue.endswith("*") else "")
    start = r"(?<![a-z0-9])" if stem[:1].isalnum() else ""
    end = r"(?![a-z0-9])" if stem[-1:].isalnum() or cue.endswith("*") else ""
    return start + body + end


@lru_cache(maxsize=4096)
def cue_pattern(cue: str) -> re.Pattern[str]:
    parts = [_piece(part.strip()) for part in cue.lower().split("...")]
    return re.compile(_SENTENCE.join(parts))


@dataclass(frozen=True)
class Hit:
    cue: str
    start: int


def needle(cue: str) -> str:
    """Plain text any match of the cue contains: its first part, without an ending's `*`."""
    return cue.lower().split("...")[0].strip().rstrip("*")


@lru_cache(maxsize=1024)
def _prepared(cues: tuple[str, ...]) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Each cue with its needle and pattern, looked up once per list, not once per text."""
    return tuple((cue, needle(cue), cue_pattern(cue)) for cue in cues)


def hits(text: str, cues: Iterable[str]) -> list[Hit]:
    """Every cue found in the normalised text, with where it first starts. Most cues are
    absent: a substring test rules them out before a regular expression reads the text."""
    found = []
    for cue, plain, pattern in _prepared(tuple(cues)):
        if plain in text and (match := pattern.search(text)):
            found.append(Hit(cue, match.start()))
    return found


def negated(text: str, at: int, negations: Sequence[str]) -> bool:
    """A negation just before position `at`: within 3 characters of Chinese or 3 words."""
    before = text[max(0, at - 24) : at]
    words = re.findall(r"[a-z']+", before)[-3:]
    if any(w in negations or w.endswith("n't") for w in words):
        return True
    near = before[-3:]
    return any(not n.isascii() and n in near for n in negations)


def affirmed(text: str, cues: Iterable[str], negations: Sequence[str]) -> list[str]:
    """The cues found and not negated ("没有冒烟" is not smoke; "no injuries" no injury)."""
    return [h.cue for h in hits(text, cues) if not negated(text, h.start, negations)]
