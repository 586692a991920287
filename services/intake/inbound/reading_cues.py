"""The cue lists of `reading.yaml`, loaded once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

READING = Path(__file__).with_name("reading.yaml")


@lru_cache(maxsize=2)
def cues(section: str) -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load(READING.read_text(encoding="utf-8"))[section]
    return {name: tuple(items) for name, items in raw.items()}
