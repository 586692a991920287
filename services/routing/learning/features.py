"""Text features for Chinese and English alike, computed the same way when training and when
predicting: character 1-3-grams of Chinese runs (Chinese is written without spaces, and
characters carry it well without segmentation) and word 1-2-grams of Latin-script runs."""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
CHAR_SIZES = (1, 2, 3)


def normalise(text: str) -> str:
    """Full-width forms folded, case folded."""
    return unicodedata.normalize("NFKC", text).lower()


def features(text: str) -> list[str]:
    folded = normalise(text)
    found = [
        run[i : i + n]
        for run in _CJK.findall(folded)
        for n in CHAR_SIZES
        for i in range(len(run) - n + 1)
    ]
    words = _WORD.findall(folded)
    found += [f"w:{w}" for w in words]
    found += [f"w:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return found
