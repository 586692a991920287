"""Text features for Chinese and English alike: jieba words (English words pass through it
whole) and character n-grams, which carry Chinese well without any segmentation."""

from __future__ import annotations

import logging
import re

import jieba
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

jieba.setLogLevel(logging.WARNING)
_PUNCTUATION = re.compile(r"^\W+$")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Scraped whitespace (tabs, runs of newlines) folded; case folded."""
    return _SPACE.sub(" ", text).strip().lower()


def words(text: str) -> list[str]:
    return [w for w in jieba.lcut(text) if w.strip() and not _PUNCTUATION.match(w)]


def build_pipeline(*, folds: int) -> Pipeline:
    features = make_union(
        TfidfVectorizer(
            tokenizer=words,
            token_pattern=None,
            ngram_range=(1, 2),
            sublinear_tf=True,
            preprocessor=normalise,
        ),
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(1, 4),
            sublinear_tf=True,
            min_df=2,
            preprocessor=normalise,
        ),
    )
    # Calibrated, so a confidence threshold means the same thing for every model version.
    classifier = CalibratedClassifierCV(
        LinearSVC(C=0.5, class_weight="balanced"), cv=folds, method="sigmoid"
    )
    return Pipeline([("features", features), ("classifier", classifier)])
