"""What no rule matches goes to the trained model, or to the triage desk for a person."""

from __future__ import annotations

import pytest

from services.routing.assignment.decide import model_choice
from services.routing.config import ClassifierConfig
from services.routing.departments.domain import Department
from services.routing.learning.prediction import Prediction

DEPARTMENTS = {d: Department(d, d) for d in ("billing", "delivery", "triage")}
CONFIG = ClassifierConfig(threshold=0.6, triage_department="triage", labels={"账务": "billing"})

# Words no routing rule knows, so only the model can tell these apart.
PARCEL_WORDS = ["小蓝车", "驿站柜", "取件码", "柜门", "驿站老板", "蓝色小车"]
ACCOUNT_WORDS = ["金卡积分", "年费券", "积分清零", "会员等级", "积分兑换", "金卡权益"]


@pytest.mark.parametrize(
    ("prediction", "department", "why"),
    [
        (Prediction("billing", 0.9), "billing", ""),
        (Prediction("账务", 0.9), "billing", ""),  # mapped label
        (Prediction("billing", 0.4), "triage", "below the threshold 0.60"),
        (Prediction("城乡建设", 0.95), "triage", "names no open department"),
    ],
)
def test_model_choice(prediction: Prediction, department: str, why: str) -> None:
    choice = model_choice(prediction, "v1", DEPARTMENTS, CONFIG)
    assert choice.department == department
    assert choice.reasons[0].startswith(f"model v1: {prediction.label}")
    assert why in " ".join(choice.reasons)
