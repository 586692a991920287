"""Cue lists compiled into patterns, negation-aware finding, and money read from text. Pure.

A cue is Chinese (matched anywhere, as Chinese is written without spaces), Latin-script
(matched as whole words, case-insensitively; a trailing `*` takes any ending), or
`a ... b` (a, then b later in the same sentence)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

_SENTENCE = r"[^。！？!?\n.;；]{0,80}?"


def normalise(text: str) -> str:
    """Full-width forms folded (ＡＢＣ１２３ -> ABC123), case folded, curly quotes straightened."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return folded.replace("’", "'").replace("‘", "'")


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


def hits(text: str, cues: Iterable[str]) -> list[Hit]:
    """Every cue found in the normalised text, with where it first starts."""
    found = []
    for cue in cues:
        if match := cue_pattern(cue).search(text):
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


# Money: an amount with its currency, read from digits or Chinese numerals.
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS |= {"八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_ZH_AMOUNT = re.compile(
    rf"(?:[¥￥]\s*(?P<yen>{_NUMBER}))|(?P<num>{_NUMBER}|[零一二两三四五六七八九十百千万]+)\s*"
    r"(?P<mult>[百千万])?\s*(?:多)?\s*(?P<unit>元|块|毛|角|rmb|人民币)"
)
_MULTIPLIER = {"百": 100, "千": 1000, "万": 10_000}
_EN_AMOUNT = re.compile(
    rf"(?P<cur>\$|£|usd\s?|gbp\s?)\s?(?P<num>{_NUMBER})\s?(?P<k>k\b)?|(?P<num2>{_NUMBER})\s?"
    r"(?:dollars|usd|pounds)\b"
)
GBP_IN_USD = Decimal("1.27")


def _chinese_number(text: str) -> Decimal | None:
    total, section, digit = 0, 0, 0
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char == "万":
            total += (section + digit) * 10_000
            section, digit = 0, 0
        elif char in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[char]
            digit = 0
        else:
            return None
    return Decimal(total + section + digit)


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str  # CNY or USD (pounds are converted)
    start: int


def amounts(text: str) -> list[Amount]:
    found = []
    for m in _ZH_AMOUNT.finditer(text):
        raw = m.group("yen") or m.group("num")
        value = Decimal(raw.replace(",", "")) if raw[0].isdigit() else _chinese_number(raw)
        if value is None:
            continue
        if m.group("mult"):
            value *= _MULTIPLIER[m.group("mult")]
        if m.group("unit") in ("毛", "角"):  # tenths of a yuan
            value /= 10
        found.append(Amount(value, "CNY", m.start()))
    for m in _EN_AMOUNT.finditer(text):
        raw = (m.group("num") or m.group("num2")).replace(",", "")
        value = Decimal(raw) * (1000 if m.group("k") else 1)
        currency = (m.group("cur") or "").strip()
        if currency in ("£", "gbp") or "pound" in m.group(0):
            value *= GBP_IN_USD
        found.append(Amount(value, "USD", m.start()))
    return found
