"""`tousu insights detect` over a small CSV archive with one surge put in by hand."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from tousu.cli import main

START = date(2026, 1, 5)
SURGE = [START + timedelta(days=100 + i) for i in range(3)]


def archive(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date received", "Product", "Narrative", "Complaint ID"])
        n = 0
        for offset in range(110):
            day = START + timedelta(days=offset)
            for product in ("Mortgage", "Debt collection"):
                extra = 20 if product == "Mortgage" and day in SURGE else 0
                for i in range(6 + extra):
                    n += 1
                    words = "the escrow payment was wrong" if i >= 6 else "a late fee again"
                    writer.writerow([f"{day.year}/{day.month}/{day.day}", product, words, n])


def test_the_surge_is_the_one_alert_with_its_words_and_examples(tmp_path: Path) -> None:
    archive(tmp_path / "complaints.csv")
    out = tmp_path / "alerts.csv"
    status = main(
        ["insights", "detect", "--csv", str(tmp_path / "complaints.csv")]
        + ["--date-col", "Date received", "--group-col", "Product"]
        + ["--text-col", "Narrative", "--id-col", "Complaint ID", "--out", str(out)]
    )
    assert status == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    [alert] = rows
    assert alert["Product"] == "Mortgage"
    assert (alert["first_day"], alert["last_day"]) == (str(SURGE[0]), str(SURGE[-1]))
    assert int(alert["observed"]) == 3 * 26 and float(alert["expected"]) == 18.0
    assert {"escrow", "payment", "wrong"} <= set(alert["top_terms"].split(";"))
    assert len(alert["examples"].split(";")) == 3


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    archive(tmp_path / "complaints.csv")
    status = main(
        ["insights", "detect", "--csv", str(tmp_path / "complaints.csv"), "--date-col", "When"]
        + ["--group-col", "Product", "--out", str(tmp_path / "alerts.csv")]
    )
    assert status == 2
    assert not (tmp_path / "alerts.csv").exists()
