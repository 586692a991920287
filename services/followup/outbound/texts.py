"""What is said to the customer, rendered from templates.yaml in their language (Chinese
unless they wrote in English): messages for SMS and e-mail, and the outline an agent follows
on a call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import yaml

from services.followup.planning.case import Case
from shared.events.common import Purpose

TEMPLATES = Path(__file__).with_name("templates.yaml")
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class OutboundText:
    subject: str | None
    body: str


@dataclass(frozen=True)
class Outline:
    purpose: str
    greeting: str
    introduction: str
    questions: list[str]
    closing: str


class Texts:
    def __init__(self, organisation: str, path: Path = TEMPLATES) -> None:
        self._organisation = organisation
        self._templates: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        missing = [lang for lang in LANGUAGES if lang not in self._templates]
        if missing:
            raise ValueError(f"templates missing for {missing}")

    def message(self, case: Case, purpose: Purpose, channel: str, zone: ZoneInfo) -> OutboundText:
        t, values = self._for(case), self._values(case, zone, agent="")
        body = t["sms"][purpose].format(**values)
        if channel != "email":
            return OutboundText(None, body)
        closing = t["email_closing"].format(**values)
        return OutboundText(t["email_subject"][purpose].format(**values), body + closing)

    def outline(self, case: Case, purpose: Purpose, agent: str, zone: ZoneInfo) -> Outline:
        t, values = self._for(case)["outline"], self._values(case, zone, agent=agent)
        questions = [q.format(**values) for q in t["purposes"][purpose]]
        separator = "；" if self._language(case) == "zh" else "; "
        recap = separator.join(q.rstrip("？?") for q in questions)
        return Outline(
            purpose=purpose,
            greeting=t["greeting"].format(**values),
            introduction=t["introduction"].format(**values),
            questions=questions,
            closing=t["closing"].format(**values, recap=recap),
        )

    def check(self) -> None:
        """Render every template once, so a typo fails at start-up rather than at 9 a.m."""
        zone = ZoneInfo("UTC")
        for lang in LANGUAGES:
            case = Case(complaint_id=uuid4(), reference="TS-0", language=lang)
            for purpose in self._templates[lang]["sms"]:
                self.message(case, purpose, "email", zone)
                self.outline(case, purpose, "agent", zone)

    def _language(self, case: Case) -> str:
        return case.language if case.language in LANGUAGES else "zh"

    def _for(self, case: Case) -> dict[str, Any]:
        templates: dict[str, Any] = self._templates[self._language(case)]
        return templates

    def _values(self, case: Case, zone: ZoneInfo, *, agent: str) -> dict[str, str]:
        zh = self._language(case) == "zh"
        promised = case.resolution_due or case.first_response_due
        return {
            "organisation": self._organisation,
            "name": case.customer_name or ("客户" if zh else "customer"),
            "reference": case.reference or "",
            "promised": _when(promised, zone, zh),
            "resolution": case.resolution or ("已处理" if zh else "handled"),
            "agent": agent,
        }


def _when(at: datetime | None, zone: ZoneInfo, zh: bool) -> str:
    if at is None:
        return "尽快" if zh else "as soon as we can"
    local = at.astimezone(zone)
    return (
        f"{local.year}年{local.month}月{local.day}日{local:%H:%M}"
        if zh
        else f"{local:%d %b %Y %H:%M}"
    )
