"""The judgement measured on the dev set in ../shared/data/judgement (complaints, replies,
survey answers), per language: department accuracy, recall and precision per risk flag, P1
recall, priority exact and within one level, motive macro-F1, reply/new accuracy and survey
outcome accuracy. Figures only; `--misses` lists what was judged wrong."""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable, Sequence
from pathlib import Path

from services.intake.inbound.reply_reading import read_reply
from services.intake.inbound.survey_reading import read_survey
from services.routing.classification.judgement import RISK_ORDER, judge_complaint

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "judgement"
LEVELS = ("P1", "P2", "P3", "P4")


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def share(hits: int, total: int) -> str:
    return f"{hits / total:.2f} ({hits}/{total})" if total else "n/a"


def macro_f1(truth: Sequence[str], guess: Sequence[str]) -> float:
    labels = sorted(set(truth))
    scores = []
    for label in labels:
        tp = sum(t == g == label for t, g in zip(truth, guess, strict=True))
        fp = sum(g == label != t for t, g in zip(truth, guess, strict=True))
        fn = sum(t == label != g for t, g in zip(truth, guess, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def complaints(lang: str, misses: bool) -> None:
    data = [r for r in rows("complaints_dev.csv") if r["lang"] == lang]
    judged = [judge_complaint(r["text"]) for r in data]
    n = len(data)
    print(f"complaints ({lang}, {n})")
    right = sum(j.department.label == r["department"] for r, j in zip(data, judged, strict=True))
    print(f"  department accuracy      {share(right, n)}")
    cause = sum(j.cause.label == r["cause"] for r, j in zip(data, judged, strict=True))
    print(f"  cause accuracy           {share(cause, n)}")
    for flag in RISK_ORDER:
        truth = [flag in r["risk_flags"].split(";") for r in data]
        said = [flag in j.risk_flags for j in judged]
        tp = sum(t and s for t, s in zip(truth, said, strict=True))
        print(f"  {flag:<11} recall {share(tp, sum(truth)):<14} precision {share(tp, sum(said))}")
    p1 = [(r, j) for r, j in zip(data, judged, strict=True) if r["priority"] == "P1"]
    print(f"  P1 recall                {share(sum(j.priority == 'P1' for _, j in p1), len(p1))}")
    exact = sum(j.priority == r["priority"] for r, j in zip(data, judged, strict=True))
    near = sum(
        abs(LEVELS.index(j.priority) - LEVELS.index(r["priority"])) <= 1
        for r, j in zip(data, judged, strict=True)
    )
    print(f"  priority exact           {share(exact, n)}")
    print(f"  priority within one      {share(near, n)}")
    f1 = macro_f1([r["motive"] for r in data], [j.motive for j in judged])
    print(f"  motive macro-F1          {f1:.2f}")
    if misses:
        for r, j in zip(data, judged, strict=True):
            wrong = []
            if j.department.label != r["department"]:
                wrong.append(f"dept {j.department.label}≠{r['department']} {j.department.cues}")
            if ";".join(j.risk_flags) != r["risk_flags"]:
                wrong.append(f"flags {j.risk_flags}≠{r['risk_flags']} {j.risk_cues}")
            if j.priority != r["priority"]:
                wrong.append(f"prio {j.priority}≠{r['priority']} {j.priority_reasons}")
            if j.motive != r["motive"]:
                wrong.append(f"motive {j.motive}≠{r['motive']} {j.motive_cues}")
            if wrong:
                print(f"    {r['id']}: " + " | ".join(wrong))


def survey(lang: str, misses: bool) -> None:
    data = [r for r in rows("survey_answers_dev.csv") if r["lang"] == lang]
    read = [read_survey(r["message"]) for r in data]
    outcome = sum(s.outcome == r["outcome"] for r, s in zip(data, read, strict=True))
    score = sum(str(s.score or "") == r["score"] for r, s in zip(data, read, strict=True))
    print(f"survey answers ({lang}, {len(data)})")
    print(f"  outcome accuracy         {share(outcome, len(data))}")
    print(f"  score exact              {share(score, len(data))}")
    if misses:
        for r, s in zip(data, read, strict=True):
            if s.outcome != r["outcome"] or str(s.score or "") != r["score"]:
                print(
                    f"    {r['id']} {r['message']!r}: {s.score}/{s.outcome} ≠ "
                    f"{r['score']}/{r['outcome']} {s.cues}"
                )


def replies(lang: str, misses: bool) -> None:
    data = [r for r in rows("replies_dev.csv") if r["lang"] == lang]
    read = [read_reply(r["open_complaint_text"], r["message"]) for r in data]
    right = sum(s.verdict == r["label"] for r, s in zip(data, read, strict=True))
    print(f"replies ({lang}, {len(data)})")
    print(f"  reply/new accuracy       {share(right, len(data))}")
    if misses:
        for r, s in zip(data, read, strict=True):
            if s.verdict != r["label"]:
                print(f"    {r['id']} {r['message'][:60]!r}: {s.verdict} ≠ {r['label']} {s.cues}")


SECTIONS: dict[str, Callable[[str, bool], None]] = {
    "complaints": complaints,
    "replies": replies,
    "survey": survey,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list what was judged wrong")
    parser.add_argument("--only", choices=sorted(SECTIONS), help="one part of the set")
    args = parser.parse_args()
    for name, section in SECTIONS.items():
        if args.only in (None, name):
            for lang in ("zh", "en"):
                section(lang, args.misses)


if __name__ == "__main__":
    main()
