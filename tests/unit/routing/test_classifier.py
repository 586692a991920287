"""The department classifier and its command line, on small data made here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from services.routing.learning.model import load, train
from services.routing.learning.prediction import TrainingError
from tousu.cli import main

BILLING = [
    "话费多扣了二十元",
    "账单金额不对，多收费",
    "请退还多扣的月租费",
    "I was overcharged on my bill",
    "Refund the fee you charged twice",
    "信用卡被重复扣款",
]
DELIVERY = [
    "快递三天了还没到",
    "包裹丢了，物流不处理",
    "配送员把包裹放错地方",
    "My parcel never arrived",
    "The courier lost my package",
    "物流信息一直不更新",
]


def corpus() -> tuple[list[str], list[str]]:
    return BILLING + DELIVERY, ["billing"] * len(BILLING) + ["delivery"] * len(DELIVERY)


def test_learns_chinese_and_english_and_gives_a_confidence() -> None:
    model = train(*corpus())
    predictions = model.predict(
        ["这个月话费又多扣了", "where is my parcel, the courier never came"]
    )
    assert [p.label for p in predictions] == ["billing", "delivery"]
    assert all(0 < p.confidence <= 1 for p in predictions)
    assert model.labels == ["billing", "delivery"] and model.trained_on == 12


def test_labels_too_rare_to_learn_are_left_out_and_reported() -> None:
    texts, labels = corpus()
    model = train([*texts, "一条孤立的投诉"], [*labels, "rare"])
    assert model.dropped_labels == {"rare": 1} and "rare" not in model.labels
    with pytest.raises(TrainingError):
        train(BILLING, ["billing"] * len(BILLING))


def test_a_saved_model_loads_and_predicts_the_same(tmp_path: Path) -> None:
    model = train(*corpus())
    model.save(tmp_path / "m")
    again = load(tmp_path / "m")
    probe = ["包裹没收到", "charged twice"]
    assert again.version == model.version and again.predict(probe) == model.predict(probe)
    with pytest.raises(TrainingError):
        load(tmp_path / "nothing")


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_train_and_predict_commands_join_text_columns_and_keep_row_order(tmp_path: Path) -> None:
    texts, labels = corpus()
    rows = [
        {"subject": t[:4], "body": t[4:], "dept": label}
        for t, label in zip(texts, labels, strict=True)
    ]
    write_csv(tmp_path / "train.csv", rows)
    write_csv(
        tmp_path / "new.csv",
        [{"subject": "快递", "body": "一周没到"}, {"subject": "账单", "body": "多收费了"}],
    )
    assert (
        main(
            [
                "routing",
                "train",
                "--csv",
                str(tmp_path / "train.csv"),
                "--text-col",
                "subject",
                "--text-col",
                "body",
                "--label-col",
                "dept",
                "--out",
                str(tmp_path / "model"),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "routing",
                "predict",
                "--model",
                str(tmp_path / "model"),
                "--csv",
                str(tmp_path / "new.csv"),
                "--text-col",
                "subject",
                "--text-col",
                "body",
                "--out",
                str(tmp_path / "out.csv"),
            ]
        )
        == 0
    )
    with (tmp_path / "out.csv").open(encoding="utf-8") as f:
        out = list(csv.DictReader(f))
    assert [(r["row"], r["label"]) for r in out] == [("0", "delivery"), ("1", "billing")]
    assert all(0 < float(r["confidence"]) <= 1 for r in out)
    assert (
        main(
            [
                "routing",
                "predict",
                "--model",
                str(tmp_path / "model"),
                "--csv",
                str(tmp_path / "new.csv"),
                "--text-col",
                "nope",
                "--out",
                str(tmp_path / "x.csv"),
            ]
        )
        == 2
    )
