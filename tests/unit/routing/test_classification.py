"""Cause and motive (the judgement's), emotion and needs, each with the cues that fired."""

from __future__ import annotations

import pytest

from services.routing.classification.explain import Classification, classify
from services.routing.classification.judgement import judge_complaint
from services.routing.config import load_config
from services.routing.settings import DEFAULT_CONFIG

CONFIG = load_config(DEFAULT_CONFIG).classification


def explain(
    text: str, flags: list[str] | None = None, segment: str | None = None
) -> Classification:
    return classify(
        text,
        judge_complaint(text),
        risk_flags=flags or [],
        segment=segment,
        vip_segments=["vip"],
        config=CONFIG,
    )


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("买的电饭煲用了三天就坏了，质量太差", "product_quality"),
        ("广告说包邮送赠品，结果是虚假宣传", "misleading_advertising"),
        ("营业厅工作人员态度恶劣", "staff_conduct"),
        ("The courier lost my parcel", "delivery"),
        ("I was overcharged a fee on my bill", "billing_price"),
        ("你们的规定不给退，太不合理", "policy"),
        ("我不小心误操作把套餐改了", "customer_side"),
        ("想问一下营业时间", "other"),
    ],
)
def test_cause(text: str, cause: str) -> None:
    assert explain(text).cause == cause


def test_feigned_anger_bargains_with_a_threat_for_compensation() -> None:
    result = explain("赔偿我五千元，否则我就找媒体曝光", flags=["media"])
    assert result.motive == "feigned_anger"
    assert {"否则", "赔偿"} <= set(result.motive_cues)


def test_true_anger_shows_in_intensity_and_raises_priority() -> None:
    result = explain("This is UNACCEPTABLE!!! I am absolutely furious, the charger is broken")
    assert (result.motive, result.emotion_intensity) == ("truly_angry", 3)
    assert "furious" in result.emotion_cues
    assert "venting" in result.needs  # strong feelings, no demand


def test_a_calm_question_seeks_an_explanation() -> None:
    result = explain("请解释一下为什么这个月账单多扣了20元")
    assert (result.motive, result.emotion_intensity) == ("seeking_explanation", 0)
    assert result.needs == {"explanation": ["为什么", "解释"]}


def test_needs_hostility_and_vip() -> None:
    result = explain("不给个说法我就报复你们，还要赔偿和道歉", segment="VIP")
    assert {"compensation", "respect", "extreme_hostility", "explanation"} <= set(result.needs)
    assert "vip" in result.risk_flags
