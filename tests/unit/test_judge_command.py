"""`tousu judge`: the services' judgement over a CSV file, one output row per input row."""

from __future__ import annotations

import csv
from pathlib import Path

from tousu.cli import main


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_complaints_replies_and_survey_answers_are_judged_in_order(tmp_path: Path) -> None:
    complaints = write(
        tmp_path / "c.csv",
        ["text", "channel"],
        [["孩子喝了你们的牛奶上吐下泻", "phone"], ["You charged me twice, $40 each", "web"]],
    )
    replies = write(
        tmp_path / "r.csv",
        ["open", "message", "days"],
        [["宽带断网", "进展呢", "2"], ["宽带断网", "另外我妈家的电视也坏了", "1"]],
    )
    answers = write(tmp_path / "s.csv", ["message"], [["５分"], ["满意个屁"], ["退订"]])
    args = ["--out", str(tmp_path / "out.csv")]
    assert main(["judge", "complaints", "--csv", str(complaints), "--text-col", "text"] + args) == 0
    judged = read(tmp_path / "out.csv")
    assert [(r["department"], r["priority"], r["risk_flags"]) for r in judged] == [
        ("product_quality", "P1", "safety"),
        ("billing", "P3", ""),
    ]
    assert set(judged[0]) == {
        "department",
        "cause",
        "priority",
        "risk_flags",
        "motive",
        "confidence",
    }
    command = ["judge", "replies", "--csv", str(replies), "--open-col", "open"]
    assert main(command + ["--message-col", "message", "--days-col", "days"] + args) == 0
    assert [r["label"] for r in read(tmp_path / "out.csv")] == ["reply", "new"]
    assert main(["judge", "survey", "--csv", str(answers), "--text-col", "message"] + args) == 0
    assert [(r["score"], r["outcome"]) for r in read(tmp_path / "out.csv")] == [
        ("5", "satisfied"),
        ("", "dissatisfied"),
        ("", "unclear"),
    ]


def test_a_missing_column_is_refused(tmp_path: Path) -> None:
    answers = write(tmp_path / "s.csv", ["message"], [["5"]])
    command = ["judge", "survey", "--csv", str(answers), "--text-col", "text", "--out", "x.csv"]
    assert main(command) == 2
