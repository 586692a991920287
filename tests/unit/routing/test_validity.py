"""Is it a complaint at all? Enquiries and suggestions are answered, never queued; floods are
rejected; every verdict is explained and a supervisor can overturn it."""

from __future__ import annotations

from typing import Any

import pytest

from services.routing.classification.explain import classify
from services.routing.classification.judgement import judge_complaint
from services.routing.config import load_config
from services.routing.settings import DEFAULT_CONFIG
from services.routing.validity.judge import judge
from tests.builders import complaint, customer
from tests.system import System

CONFIG = load_config(DEFAULT_CONFIG)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("请问营业厅周末的营业时间是几点？", "enquiry"),
        ("How do I change my billing address?", "enquiry"),
        ("建议你们的APP增加夜间模式", "suggestion"),
        ("请问为什么话费多扣了20元？", "valid"),  # a question about a wrong charge: a complaint
        ("营业厅工作人员态度恶劣", "valid"),
        ("我要投诉", "insufficient_information"),  # short, and no cause: ask for more
        ("话费多扣了", "valid"),  # short, but it says what went wrong
    ],
)
def test_verdicts(text: str, reason: str) -> None:
    explained = classify(
        text,
        judge_complaint(text),
        risk_flags=[],
        segment=None,
        vip_segments=[],
        config=CONFIG.classification,
    )
    verdict = judge(text, explained, recent_from_customer=0, config=CONFIG.validity)
    assert verdict.reason == reason and verdict.signals


async def post(system: System, client: Any, text: str, who: dict[str, Any] | None = None) -> str:
    body = complaint("web", text=text, customer=who or customer())
    complaint_id: str = (await client.post("/v1/complaints", json=body)).json()["id"]
    await system.drain()
    return complaint_id
