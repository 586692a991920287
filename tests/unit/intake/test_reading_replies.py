"""Survey answers read for score and outcome; messages read as the same matter or a new one.
Texts written for these tests, not taken from the dev set."""

from __future__ import annotations

import pytest

from services.intake.inbound.reply_reading import read_reply
from services.intake.inbound.survey_reading import read_survey


@pytest.mark.parametrize(
    ("message", "score", "outcome"),
    [
        ("５分", 5, "satisfied"),  # full-width
        ("四分，谢谢", 4, "satisfied"),
        ("⭐⭐", 2, "dissatisfied"),
        ("Two.", 2, "dissatisfied"),
        ("不满意，钱到现在还没退回来", None, "dissatisfied"),
        ("太满意了，等了一个月才回复", None, "dissatisfied"),  # sarcasm
        ("5 but the charge is still on my card", 5, "dissatisfied"),  # words decide
        ("3", 3, "unclear"),  # a bare neutral score: a person looks
        ("3分，结果我接受", 3, "satisfied"),
        ("4.5", None, "unclear"),  # a half point is no score
        ("10/10", None, "unclear"),
        ("1 非常满意", 1, "unclear"),  # contradiction
        ("5 打错了 应该是2", 2, "dissatisfied"),  # corrected
        ("1、速度快 2、态度好", None, "satisfied"),  # list numbering, praise
        ("退订", None, "unclear"),
        ("👍", None, "satisfied"),
        ("😡😡", None, "dissatisfied"),
    ],
)
def test_survey_answers_are_read_for_score_and_outcome(
    message: str, score: int | None, outcome: str
) -> None:
    reading = read_survey(message)
    assert (reading.score, reading.outcome) == (score, outcome)


@pytest.mark.parametrize(
    ("open_complaint", "message", "verdict"),
    [
        ("热水器漏水，师傅两次没上门", "进展呢？", "reply"),
        ("My router keeps dropping the connection", "any news??", "reply"),
        ("空调不制冷，要求维修", "维修单的照片发到你们邮箱了，请查收", "reply"),
        ("洗碗机坏了，换了一台", "换来的新机器也不出热水", "reply"),  # the remedy failed
        ("Refund of my $80 deposit is missing", "Deposit arrived, thank you.", "reply"),
        ("宽带每晚断网", "另外，我妈家的宽带账单也多扣了50元，一起查一下", "new"),
        (
            "The sofa was delivered late",
            "Separately, the lamp I ordered last week hasn't shipped",
            "new",
        ),
        (
            "话费多扣了30元",
            "钱退了，谢谢。不过昨天营业厅的保安把我推了一下",
            "new",
        ),  # a new harm after the fix
    ],
)
def test_a_message_is_read_as_the_same_matter_or_a_new_one(
    open_complaint: str, message: str, verdict: str
) -> None:
    assert read_reply(open_complaint, message).verdict == verdict


def test_a_long_run_of_digits_is_no_score_and_is_read_in_one_pass() -> None:
    reading = read_survey("0" * 20_000)
    assert reading.score is None
