"""Retraining from the archive, checked against the active model before it is swapped in."""

from __future__ import annotations

import pytest

from services.routing.learning.model import train
from services.routing.learning.prediction import TrainingError
from services.routing.learning.retrain import retrain

PARCEL = ["小蓝车坏了", "驿站柜打不开", "取件码无效", "柜门卡住", "驿站老板不在", "蓝色小车没来"]
ACCOUNT = ["金卡积分没了", "年费券失效", "积分清零", "会员等级降了", "积分兑换失败", "金卡权益没了"]


def archive(repeat: int = 5) -> tuple[list[str], list[str]]:
    texts = [f"{t}，第{i}次" for i in range(repeat) for t in PARCEL + ACCOUNT]
    labels = [d for _ in range(repeat) for d in ["delivery"] * 6 + ["billing"] * 6]
    return texts, labels


def test_a_new_model_is_compared_with_the_active_one_on_the_same_held_out_cases() -> None:
    texts, labels = archive()
    swapped = ["billing" if label == "delivery" else "delivery" for label in labels]
    wrong = train(texts, swapped)
    result = retrain(texts, labels, wrong, min_per_department=5)
    assert result.held_out == 12
    assert result.active_accuracy is not None and result.active_accuracy < result.accuracy
    assert result.better
    alone = retrain(texts, labels, None, min_per_department=5)
    assert alone.active_accuracy is None and alone.better


def test_departments_with_too_little_evidence_are_left_out() -> None:
    texts, labels = archive()
    texts, labels = texts + ["发票抬头错了"] * 3, labels + ["customer_service"] * 3
    result = retrain(texts, labels, None, min_per_department=5)
    assert result.left_out == {"customer_service": 3}
    assert sorted(result.model.labels) == ["billing", "delivery"]
    with pytest.raises(TrainingError):
        retrain(texts, labels, None, min_per_department=100)
