"""Money read from complaint text: amounts in yuan (digits or Chinese numerals, with 万, 千
or 百; 毛 and 角 are tenths) and in dollars or pounds (pounds converted to dollars). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS |= {"八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
# A number starts where a digit run starts (never inside one) and is at most 16 digits long:
# matching from every position of a long run of digits took time quadratic in its length.
_NUMBER = r"(?<![\d,.])\d[\d,]{0,15}(?:\.\d{1,4})?"
_CN_NUMERAL = r"(?<![零一二两三四五六七八九十百千万])[零一二两三四五六七八九十百千万]{1,12}"
_ZH_AMOUNT = re.compile(
    rf"(?:[¥￥]\s*(?P<yen>{_NUMBER}))|(?P<num>{_NUMBER}|{_CN_NUMERAL})\s*"
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
