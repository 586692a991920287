"""Cue lists matched in text: whole words for Latin script, anywhere for Chinese. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=1024)  # rules and lexicons repeat for every message: compile once
def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """Latin-script keywords match whole words ('sue' never matches 'issue');
    Chinese ones match anywhere, as Chinese is written without spaces."""
    if not keywords:
        return None
    parts = []
    for word in sorted(keywords, key=len, reverse=True):
        escaped = re.escape(word.lower())
        parts.append(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])" if word.isascii() else escaped)
    return re.compile("|".join(parts))


def cues(text: str, words: Iterable[str]) -> list[str]:
    """The distinct cues of `words` found in `text`, sorted."""
    pattern = keyword_pattern(tuple(words))
    return sorted(set(pattern.findall(text.lower()))) if pattern else []
