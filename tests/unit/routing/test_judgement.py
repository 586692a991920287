"""The desk's judgement of a complaint, on texts written for these tests (not the dev set):
department, risk flags with negation, priority by the desk's rules, motive."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from services.routing.classification.cues import normalise
from services.routing.classification.judgement import judge_complaint, money_at_stake
from services.routing.classification.money import amounts

# A supervisor's department and priority for twelve everyday complaints of a consumer
# business (tests/fixtures/twelve_complaints.yaml).
TWELVE = yaml.safe_load(
    (Path(__file__).parents[2] / "fixtures" / "twelve_complaints.yaml").read_text()
)


@pytest.mark.parametrize("case", TWELVE, ids=[c["id"] for c in TWELVE])
def test_twelve_everyday_complaints(case: dict[str, str]) -> None:
    judged = judge_complaint(case["text"])
    assert (judged.department.label, judged.priority) == (case["department"], case["priority"])
    assert judged.department.cues  # every label comes with what decided it


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("不退钱就去门店放火，同归于尽！", ["violence"]),
        ("每天几十个催收电话，我真的活不下去了", ["violence"]),  # self-harm
        ("孩子喝了你们的牛奶上吐下泻", ["safety"]),
        ("The power strip sparked and left a scorch mark on the wall", ["safety"]),
        ("这次没有冒烟，也没有起火，就是外壳有点变形", []),  # negated
        ("Not a fire hazard at all, just ugly", []),
        ("Found a hair in my salad. Gross.", []),  # hygiene without harm
        ("征信报告上有一笔不是我的贷款", ["privacy"]),
        ("再不处理我就向12315投诉，并找媒体曝光", ["regulator", "media"]),
        ("My lawyer will file in small claims court", ["lawsuit"]),
        ("我妈今年78岁，被业务员忽悠办了套餐", ["vulnerable"]),
        ("我妈让我帮她问一下账单", []),  # a parent, no sign of frailty
    ],
)
def test_risk_flags_read_the_text_and_its_negations(text: str, flags: list[str]) -> None:
    assert judge_complaint(text).risk_flags == flags


def test_money_at_stake_counts_the_disputed_amount_not_the_demand() -> None:
    small = judge_complaint("超市多算了我5毛钱，我要求赔偿10000元")
    large = judge_complaint("网购手机5999元，收到的箱子里是空的")
    usd = judge_complaint("I was charged $1,250 for a service I cancelled")
    assert (small.priority, large.priority, usd.priority) == ("P3", "P2", "P2")
    assert [a.value for a in amounts(normalise("六万多元和3千块"))] == [60000, 3000]


def test_motive_feigned_anger_bargains_truly_angry_feels_seeking_explanation_asks() -> None:
    feigned = judge_complaint("少找了我两块钱，赔偿我1000元，否则我就发抖音曝光你们")
    angry = judge_complaint("第三次了！！宽带又断了，气死我了")
    asks = judge_complaint("请问这个月的话费为什么比上个月多了20元？麻烦解释一下")
    assert (feigned.motive, angry.motive, asks.motive) == (
        "feigned_anger",
        "truly_angry",
        "seeking_explanation",
    )


@pytest.mark.parametrize(
    ("text", "department", "priority", "flags"),
    [
        ("燃气热水器有一股煤气味，怀疑燃气泄漏，家里有孩子", "product_quality", "P1", ["safety"]),
        ("快递送错了，包裹上还有别人的姓名电话地址", "customer_service", "P1", ["privacy"]),
        ("The agent laughed at my accent and hung up on me", "staff_conduct", "P3", []),
        ("会员自动续费扣了我198元，我没同意续费", "billing", "P3", []),
    ],
)
def test_a_leak_of_gas_is_not_a_leak_of_data_and_mistreatment_is_a_grievance(
    text: str, department: str, priority: str, flags: list[str]
) -> None:
    judged = judge_complaint(text)
    assert (judged.department.label, judged.priority, judged.risk_flags) == (
        department,
        priority,
        flags,
    )


def test_a_long_run_of_digits_is_no_amount_and_is_read_in_one_pass() -> None:
    """Numbers start where a digit run starts: matched from every position of the run, a
    20,000-digit message took minutes and stalled the process that judged it."""
    assert money_at_stake("0" * 20_000 + "元") is None
    assert money_at_stake("退我1,200元") is not None
