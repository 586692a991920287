"""`make bench-routing`: train the department classifier on part of ../shared/data and report
accuracy and macro-F1 on the rest, for the Chinese 7-category messages and the English CFPB
narratives (Product as the department), with prediction time per complaint. Figures only."""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Sequence

from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

from bench.payloads import DATA
from services.routing.learning.model import train

csv.field_size_limit(10 * 1024 * 1024)
# The CFPB renamed its products in 2017; the four old names each have one narrative here.
CFPB_RENAMED = {
    "Credit card": "Credit card or prepaid card",
    "Payday loan": "Payday loan, title loan, or personal loan",
    "Consumer Loan": "Payday loan, title loan, or personal loan",
    "Bank account or service": "Checking or savings account",
}


def chinese() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    with (DATA / "tipdm2020" / "labeled_raw_495.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts.append(f"{row['留言主题']}\n{row['留言详情']}")
            labels.append(row["一级分类"])
    with (DATA / "tipdm2020" / "labeled_segmented_train.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts.append(row["text_segmented"].replace(" ", ""))  # close to the original text
            labels.append(row["label"])
    return texts, labels


def english() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    with (DATA / "cfpb" / "complaints_2019_2020_dev.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if narrative := row["Consumer complaint narrative"].strip():
                texts.append(narrative)
                labels.append(CFPB_RENAMED.get(row["Product"], row["Product"]))
    return texts, labels


def evaluate(name: str, texts: Sequence[str], labels: Sequence[str]) -> None:
    x_train, x_test, y_train, y_test = train_test_split(
        list(texts), list(labels), test_size=0.2, random_state=7, stratify=list(labels)
    )
    started = time.monotonic()
    model = train(x_train, y_train)
    trained = time.monotonic() - started
    started = time.monotonic()
    predicted = [p.label for p in model.predict(x_test)]
    batch_ms = (time.monotonic() - started) / len(x_test) * 1000
    singles = x_test[:100]
    started = time.monotonic()
    for text in singles:
        model.predict([text])
    single_ms = (time.monotonic() - started) / len(singles) * 1000
    print(
        f"{name}: {len(x_train)} train / {len(x_test)} test rows, {len(set(labels))} labels "
        f"(largest {Counter(labels).most_common(1)[0][1]}, smallest "
        f"{min(Counter(labels).values())})"
    )
    macro_f1 = f1_score(y_test, predicted, average="macro")
    print(
        f"  accuracy {accuracy_score(y_test, predicted):.3f}   macro-F1 {macro_f1:.3f}   "
        f"trained in {trained:.1f}s"
    )
    print(
        f"  prediction {batch_ms:.2f} ms per complaint in a batch, {single_ms:.2f} ms one at a time"
    )


def main() -> None:
    print(
        "Department classifier (jieba words + character n-grams, calibrated linear SVM), "
        "80/20 stratified split, seed 7"
    )
    evaluate("Chinese citizen messages (TipDM 2020, 7 departments)", *chinese())
    evaluate("English CFPB narratives (Product as department)", *english())


if __name__ == "__main__":
    main()
