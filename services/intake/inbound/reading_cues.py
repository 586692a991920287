"""The cue lists of `reading.yaml`, loaded once."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

READING = Path(__file__).with_name("reading.yaml")


@lru_cache(maxsize=2)
def cues(section: str) -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load(READING.read_text(encoding="utf-8"))[section]
    return {name: tuple(items) for name, items in raw.items()}


@lru_cache(maxsize=2048)
def _pattern(cue: str) -> re.Pattern[str]:
    """Latin letters at a cue's edge must be a word's edge ("ok" is not in "book"); Chinese,
    digits and punctuation match anywhere."""
    start = r"(?<![a-z])" if cue[:1].isascii() and cue[:1].isalpha() else ""
    end = r"(?![a-z])" if cue[-1:].isascii() and cue[-1:].isalpha() else ""
    return re.compile(start + re.escape(cue) + end)


def found(text: str, cue_list: tuple[str, ...]) -> list[str]:
    """The cues of the list in the (lower-case) text. The substring test first: most cues are
    absent, and it rules them out at a fraction of the pattern's cost."""
    return [cue for cue in cue_list if cue in text and _pattern(cue).search(text)]
