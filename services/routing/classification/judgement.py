"""A complaint desk's judgement of one complaint, in Chinese or English: the department that
must act first, the root cause, the risk flags, the priority by the desk's rules, and the
customer's motive, each with the cues or evidence that decided it. Pure: text in, judgement
out; the lexicon is `judgement.yaml` beside this module."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from services.routing.classification.cues import affirmed, hits, normalise
from services.routing.classification.money import Amount, amounts
from shared.events.common import Priority

LEXICON = Path(__file__).with_name("judgement.yaml")
RISK_ORDER = ("safety", "violence", "privacy", "regulator", "lawsuit", "media", "vulnerable")
URGENT = frozenset({"safety", "violence", "privacy"})
ESCALATING = frozenset({"regulator", "lawsuit", "media"})
MONEY_LINE = {"CNY": Decimal(5000), "USD": Decimal(1000)}
Motive = Literal["truly_angry", "seeking_explanation", "feigned_anger"]
Weighted = Mapping[str, Mapping[int, Sequence[str]]]

# Amounts that are not money at stake: a demand, a limit, a loan applied for, a balance shown.
_NOT_AT_STAKE = re.compile(
    r"(赔偿|补偿|赔我|赔付|精神损失|要求.{0,6}赔|额度|贷款金额|申请|经营贷|余额|存了|粉丝|"
    r"compensat|i want|credit of|for the trouble|limit|loan|balance|apolog|followers|raise)"
)
_AGE = re.compile(
    r"(?<!\d)([6-9]\d)\s*(?:岁|多岁|周岁)|[（(]\s*([6-9]\d)\s*[)）]|(?:aged|age|is)\s+([6-9]\d)\b"
)
_ZH_AGE_WORDS = re.compile(r"[六七八九]十多岁|[六七八九]十[一二三四五六七八九]?岁")
_EXCLAIM = re.compile(r"[!！]{2,}|[?？]{2,}")
_SHOUT = re.compile(r"\b[A-Z]{3,}\b")


@dataclass(frozen=True)
class Lexicon:
    departments: Weighted
    department_order: tuple[str, ...]
    causes: Weighted
    risks: Mapping[str, Sequence[str]]
    negations: tuple[str, ...]
    vulnerable_needs_age: frozenset[str]
    minor: tuple[str, ...]
    loss: tuple[str, ...]
    harm: tuple[str, ...]
    motive: Mapping[str, Sequence[str]]


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    negations = raw["negations"]
    return Lexicon(
        departments=raw["departments"],
        department_order=tuple(raw["department_order"]),
        causes=raw["causes"],
        risks=raw["risks"],
        negations=tuple(negations["zh"] + negations["en"]),
        vulnerable_needs_age=frozenset(raw["vulnerable_needs_age"]),
        minor=tuple(raw["minor"]),
        loss=tuple(raw["loss"]),
        harm=tuple(raw["harm"]),
        motive=raw["motive"],
    )


@dataclass(frozen=True)
class Scored:
    label: str
    cues: list[str]
    confidence: float  # the winner's share of the two best scores: 0.5 a tie, 1.0 alone


@dataclass(frozen=True)
class Judgement:
    department: Scored
    cause: Scored
    risk_flags: list[str]
    risk_cues: dict[str, list[str]]
    priority: Priority
    priority_reasons: list[str]
    motive: Motive
    motive_cues: list[str]
    money_at_stake: Amount | None = None


def score(text: str, table: Weighted, order: Sequence[str], default: str) -> Scored:
    """The label whose cues weigh most; ties go to the earlier label in `order`."""
    totals: dict[str, tuple[int, list[str]]] = {}
    for label, weights in table.items():
        found: list[str] = []
        total = 0
        for weight, cues in weights.items():
            matched = [h.cue for h in hits(text, cues)]
            total += int(weight) * len(matched)
            found += matched
        if total:
            totals[label] = (total, found)
    if not totals:
        return Scored(default, [], 0.0)
    ranked = sorted(
        totals, key=lambda k: (-totals[k][0], order.index(k) if k in order else len(order))
    )
    best = totals[ranked[0]][0]
    second = totals[ranked[1]][0] if len(ranked) > 1 else 0
    return Scored(ranked[0], totals[ranked[0]][1], best / (best + second))


def risks(text: str, lexicon: Lexicon) -> dict[str, list[str]]:
    """Each flag with the cues that raised it, in the desk's order."""
    found: dict[str, list[str]] = {}
    for flag in RISK_ORDER:
        cues = affirmed(text, lexicon.risks.get(flag, ()), lexicon.negations)
        if flag == "vulnerable":
            cues = _vulnerable(text, cues, lexicon)
        if cues:
            found[flag] = cues
    return found


def _vulnerable(text: str, cues: list[str], lexicon: Lexicon) -> list[str]:
    """Parents and 'old people' count when the text says how old, or another sign is there."""
    ages = [a for m in _AGE.finditer(text) for a in m.groups() if a]
    ages += _ZH_AGE_WORDS.findall(text)
    signs = [c for c in cues if c not in lexicon.vulnerable_needs_age]
    if signs or ages:
        return signs + [f"age {a}" for a in ages] + [c for c in cues if c not in signs]
    return []


def money_at_stake(text: str) -> Amount | None:
    """The largest amount in dispute: not a compensation demand, a limit, a loan applied for
    or a balance shown."""
    disputed = [
        a for a in amounts(text) if not _NOT_AT_STAKE.search(text[max(0, a.start - 14) : a.start])
    ]
    return max(disputed, key=lambda a: a.value / MONEY_LINE[a.currency], default=None)


def priority_of(
    text: str, flags: Mapping[str, list[str]], money: Amount | None, lexicon: Lexicon
) -> tuple[Priority, list[str]]:
    """P1 safety, violence or privacy; P2 regulator, lawsuit or media, a vulnerable customer
    with real harm, or money at stake above 5,000 CNY / 1,000 USD; P3 a concrete loss or an
    unmet promise; P4 a minor annoyance with nothing lost."""
    if urgent := [f for f in flags if f in URGENT]:
        return "P1", [f"risk {f}: {', '.join(flags[f])}" for f in urgent]
    if escalating := [f for f in flags if f in ESCALATING]:
        return "P2", [f"risk {f}: {', '.join(flags[f])}" for f in escalating]
    if money is not None and money.value > MONEY_LINE[money.currency]:
        return "P2", [f"money at stake {money.value} {money.currency}"]
    if "vulnerable" in flags and (harm := [h.cue for h in hits(text, lexicon.harm)]):
        return "P2", [f"vulnerable ({', '.join(flags['vulnerable'])}) with harm: {harm[0]}"]
    minor = [h.cue for h in hits(text, lexicon.minor)]
    loss = [h.cue for h in hits(text, lexicon.loss)]
    if minor and money is None and len(loss) <= len(minor):
        return "P4", [f"minor, nothing lost: {', '.join(minor)}"]
    if money is not None or loss:
        return "P3", ["a concrete loss or an unmet promise: " + ", ".join(loss[:5])]
    return "P4", ["nothing lost"]


def motive_of(
    original: str, text: str, flags: Mapping[str, list[str]], lexicon: Lexicon
) -> tuple[Motive, list[str]]:
    cues = {kind: [h.cue for h in hits(text, words)] for kind, words in lexicon.motive.items()}
    if "violence" in flags:
        return "truly_angry", ["violence: " + ", ".join(flags["violence"])]
    leverage, conditional = cues["leverage"], cues["conditional"]
    if "vulnerable" not in flags and leverage and (conditional or len(leverage) >= 2):
        return "feigned_anger", conditional + leverage
    shouting = _EXCLAIM.findall(original) + _SHOUT.findall(original)
    anger = cues["anger"] + shouting[:3]
    if len(anger) >= 2 or (anger and not cues["calm"]):
        return "truly_angry", anger
    return "seeking_explanation", cues["calm"]


def judge_complaint(text: str, lexicon: Lexicon | None = None) -> Judgement:
    lexicon = lexicon or load_lexicon()
    folded = normalise(text)
    department = score(folded, lexicon.departments, lexicon.department_order, "customer_service")
    cause = score(folded, lexicon.causes, (), "other")
    flags = risks(folded, lexicon)
    if not department.cues and "safety" in flags:
        # A hazard with nothing else named: the product itself is the first suspect.
        department = Scored("product_quality", ["safety: " + ", ".join(flags["safety"])], 0.5)
    if "privacy" in flags and department.label != "credit_reporting":
        # Data exposed or misused: the desk that handles personal data acts first.
        department = Scored("customer_service", ["privacy: " + ", ".join(flags["privacy"])], 1.0)
    money = money_at_stake(folded)
    priority, why = priority_of(folded, flags, money, lexicon)
    motive, motive_cues = motive_of(text, folded, flags, lexicon)
    return Judgement(
        department=department,
        cause=cause,
        risk_flags=list(flags),
        risk_cues=flags,
        priority=priority,
        priority_reasons=why,
        motive=motive,
        motive_cues=motive_cues,
        money_at_stake=money,
    )
