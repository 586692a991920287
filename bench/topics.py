"""Emerging topics evaluated on real archives: the Chinese citizen messages (tipdm2020) and
the CFPB narratives. Weekly passes over each clean archive give the false topics per year (an
upper bound: some may be real, such as the parking complaints of November 2018); then a new
subject is injected into a week: k complaints over its last three days, real texts of the
archive with one phrase of a made-up subject added, at 30 weeks spread over the archive.
Detected: a topic of that week whose examples include an injected complaint."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta

from bench.payloads import DATA
from services.insights.surveillance.archive import UnreadableDate, parse_day
from services.insights.surveillance.config import TopicConfig
from services.insights.surveillance.topics import Document, emerging_topics

csv.field_size_limit(10 * 1024 * 1024)
SIZES = (3, 5, 8, 12)
WEEKS = 30
ARCHIVES = {
    "tipdm2020 (zh)": ("tipdm2020/messages_with_replies_2816.csv", "留言时间", "留言详情"),
    "CFPB (en)": (
        "cfpb/complaints_2019_2020_dev.csv",
        "Date received",
        "Consumer complaint narrative",
    ),
}
SUBJECTS = {
    "tipdm2020 (zh)": ["共享单车押金退不了", "小区充电桩起火", "学校食堂饭菜变质"],
    "CFPB (en)": [
        "the mobile app charged a hidden subscription fee",
        "a phishing text message claiming to be the bank",
        "the payment portal outage blocked my autopay",
    ],
}


def documents(path: str, date_col: str, text_col: str) -> list[Document]:
    found = []
    with (DATA / path).open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            try:
                day = parse_day(row[date_col])
            except UnreadableDate:
                continue
            if row[text_col].strip():
                found.append(Document(day, f"row-{number}", row[text_col]))
    return found


def week_ends(archive: list[Document], config: TopicConfig) -> list[date]:
    """The ends of the weeks with enough history to be judged, newest first."""
    days = sorted(d.day for d in archive)
    ends, end = [], days[-1]
    while end - timedelta(days=config.window_days - 1) >= days[0] + timedelta(
        days=config.history_days
    ):
        history_start = end - timedelta(days=config.window_days + config.history_days - 1)
        start = end - timedelta(days=config.window_days - 1)
        if sum(history_start <= d < start for d in days) >= config.min_history:
            ends.append(end)
        end -= timedelta(days=config.window_days)
    return ends


def evaluate(name: str, archive: list[Document], config: TopicConfig) -> None:
    ends = week_ends(archive, config)
    false = sum(len(emerging_topics(archive, end, config)) for end in ends)
    per_year = false / (len(ends) * config.window_days / 365) if ends else 0.0
    print(f"\n{name}: {len(archive)} complaints with words, {len(ends)} weeks judged")
    print(f"  false topics per year on the clean archive: {per_year:.1f} ({false} in all)")
    rng = random.Random(11)
    chosen = [ends[int(i * len(ends) / WEEKS)] for i in range(min(WEEKS, len(ends)))]
    for size in SIZES:
        hits = 0
        for end in chosen:
            subject = rng.choice(SUBJECTS[name])
            added = [
                Document(
                    end - timedelta(days=i % 3),
                    f"new-{i}",
                    f"{rng.choice(archive).text[:400]} {subject}",
                )
                for i in range(size)
            ]
            topics = emerging_topics(archive + added, end, config)
            hits += any(e.startswith("new-") for t in topics for e in t.examples)
        share = hits / len(chosen)
        print(f"  a new subject in {size:>2} complaints over 3 days: detected {share:.2f}")


def main() -> None:
    for alpha in (0.0001, 0.001):
        config = TopicConfig(alpha=alpha)
        print(f"\n== alpha {alpha} (chance of any false topic on one pass), min_count 5")
        for name, (path, date_col, text_col) in ARCHIVES.items():
            evaluate(name, documents(path, date_col, text_col), config)


if __name__ == "__main__":
    main()
