"""`make bench-routing`: train the department classifier on part of ../shared/data and report
accuracy and macro-F1 on the rest against a TF-IDF + linear SVM baseline fitted in the same
run, for the Chinese 7-category messages and the English CFPB narratives (Product as the
department); the CPU cost of one complaint, the model's size, and how many complaints it routes
at each confidence threshold (the rest wait at triage) with their accuracy. Figures only."""

from __future__ import annotations

import csv
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.svm import LinearSVC

from bench.payloads import DATA
from services.routing.learning.model import TrainedModel, train
from services.routing.learning.prediction import Prediction

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


def baseline(x_train: Sequence[str], y_train: Sequence[str], x_test: Sequence[str]) -> list[str]:
    """TF-IDF over character 1-3-grams and a plain linear SVM, as scikit-learn gives them."""
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2)
    classifier = LinearSVC().fit(vectorizer.fit_transform(x_train), y_train)
    return [str(p) for p in classifier.predict(vectorizer.transform(x_test))]


def cpu_ms_per_single(model: TrainedModel, texts: Sequence[str]) -> float:
    started = time.process_time()
    for text in texts:
        model.predict([text])
    return (time.process_time() - started) / len(texts) * 1000


def size_kb(model: TrainedModel) -> float:
    with tempfile.TemporaryDirectory() as folder:
        model.save(Path(folder))
        return sum(f.stat().st_size for f in Path(folder).iterdir()) / 1024


def curve(truth: Sequence[str], guesses: Sequence[Prediction]) -> None:
    """What share the model routes at each confidence threshold, and how many it gets right;
    the rest would wait at the triage desk."""
    print("  threshold  routed  accuracy of the routed")
    for threshold in (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        routed = [(t, g) for t, g in zip(truth, guesses, strict=True) if g.confidence >= threshold]
        right = sum(t == g.label for t, g in routed)
        share = len(routed) / len(truth)
        accuracy = right / len(routed) if routed else float("nan")
        print(f"  {threshold:>9.1f}  {share:>6.0%}  {accuracy:.3f}")


def evaluate(name: str, texts: Sequence[str], labels: Sequence[str]) -> None:
    x_train, x_test, y_train, y_test = train_test_split(
        list(texts), list(labels), test_size=0.2, random_state=7, stratify=list(labels)
    )
    counts = Counter(labels)
    print(
        f"{name}: {len(x_train)} train / {len(x_test)} test rows, {len(counts)} labels "
        f"(largest {counts.most_common(1)[0][1]}, smallest {min(counts.values())})"
    )
    started = time.monotonic()
    base = baseline(x_train, y_train, x_test)
    base_s = time.monotonic() - started
    started = time.monotonic()
    model = train(x_train, y_train)
    trained = time.monotonic() - started
    guesses = model.predict(x_test)
    predicted = [g.label for g in guesses]
    for who, said, seconds in (("baseline", base, base_s), ("tousu   ", predicted, trained)):
        print(
            f"  {who} accuracy {accuracy_score(y_test, said):.3f}   macro-F1 "
            f"{f1_score(y_test, said, average='macro'):.3f}   fitted in {seconds:.1f}s"
        )
    singles = x_test[:200]
    mean_chars = sum(map(len, singles)) / len(singles)
    print(
        f"  prediction: {cpu_ms_per_single(model, singles):.2f} ms of CPU per complaint, one at "
        f"a time (mean {mean_chars:.0f} characters); model files {size_kb(model):.0f} KB, "
        f"{len(model.vocabulary)} features"
    )
    curve(y_test, guesses)


def cross_validated(texts: Sequence[str], labels: Sequence[str], folds: int = 5) -> None:
    """The same comparison on every fold: one split's difference can be noise."""
    scores: dict[str, list[tuple[float, float]]] = {"baseline": [], "tousu   ": []}
    splits = StratifiedKFold(folds, shuffle=True, random_state=7).split(list(texts), list(labels))
    for fit_rows, test_rows in splits:
        x_train, y_train = [texts[i] for i in fit_rows], [labels[i] for i in fit_rows]
        x_test, y_test = [texts[i] for i in test_rows], [labels[i] for i in test_rows]
        ours = [g.label for g in train(x_train, y_train).predict(x_test)]
        for who, said in (("baseline", baseline(x_train, y_train, x_test)), ("tousu   ", ours)):
            scores[who].append(
                (accuracy_score(y_test, said), f1_score(y_test, said, average="macro"))
            )
    print(f"  {folds}-fold cross-validation, mean ± standard deviation over the folds:")
    for who, found in scores.items():
        accuracy, macro_f1 = np.array(found).mean(axis=0)
        accuracy_sd, macro_f1_sd = np.array(found).std(axis=0)
        print(
            f"  {who} accuracy {accuracy:.3f} ± {accuracy_sd:.3f}   "
            f"macro-F1 {macro_f1:.3f} ± {macro_f1_sd:.3f}"
        )


def main() -> None:
    print(
        "Department classifier (TF-IDF over Chinese characters and jieba words, English "
        "words; class-weighted linear SVM, applied with numpy) against a TF-IDF + linear "
        "SVM baseline in the same run; 80/20 stratified split, seed 7"
    )
    for name, (texts, labels) in (
        ("Chinese citizen messages (TipDM 2020, 7 departments)", chinese()),
        ("English CFPB narratives (Product as department)", english()),
    ):
        evaluate(name, texts, labels)
        cross_validated(texts, labels)


if __name__ == "__main__":
    main()
