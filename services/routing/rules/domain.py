"""A routing rule: keywords, channels and intake categories that send a complaint to a
department. Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from services.routing.classification.cues import keyword_pattern


@dataclass(frozen=True)
class Rule:
    id: int
    position: int
    name: str
    department: str
    keywords: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    enabled: bool = True

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        return keyword_pattern(self.keywords)

    def match(self, *, text: str, channel: str, category: str | None) -> list[str] | None:
        """The reasons it matched, or None."""
        reasons = []
        if self.channels:
            if channel not in self.channels:
                return None
            reasons.append(f"channel {channel}")
        if self.categories:
            if (category or "").lower() not in {c.lower() for c in self.categories}:
                return None
            reasons.append(f"category {category}")
        if self._pattern is not None:
            hits = sorted(set(self._pattern.findall(text.lower())))
            if not hits:
                return None
            reasons.append("keywords " + ", ".join(hits))
        return reasons
