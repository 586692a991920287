"""Whether a customer's message is about their open complaint (a chase, more evidence, a
correction, the fix not taking, a partial resolution, a closing thanks) or a different matter
that needs its own complaint (another product, order, account or person; a new harm). Judged
on the text, not on the time since. Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from services.intake.inbound.reading_cues import cues, found

_CUES = cues("reply")
Verdict = Literal["reply", "new"]

# The customer says it is something else.
# The customer chases, confirms, corrects or adds to the same matter.
# The remedy itself: what goes wrong with a replacement or repair is still the same matter.
_WORDS = re.compile(r"[a-z]{4,}|[\u4e00-\u9fff]")


@dataclass(frozen=True)
class ReplyReading:
    verdict: Verdict
    cues: list[str]


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _overlap(a: str, b: str) -> float:
    """Shared content (English words of four letters or more, Chinese character pairs) over
    the message's own."""

    def units(text: str) -> set[str]:
        chars = _WORDS.findall(text)
        words = {c for c in chars if len(c) > 1}
        han = "".join(c for c in chars if len(c) == 1)
        return words | {han[i : i + 2] for i in range(len(han) - 1)}

    mine, theirs = units(b), units(a)
    return len(mine & theirs) / len(mine) if mine else 0.0


def read_reply(open_complaint: str, message: str) -> ReplyReading:
    open_text, text = _folded(open_complaint), _folded(message).strip()
    if new := found(text, _CUES["new_matter"]):
        return ReplyReading("new", new)
    if len(text) <= 15 or text.strip("?？!！. ") in ("", "ok"):
        return ReplyReading("reply", ["a short chase or acknowledgement"])
    remedy = found(text, _CUES["remedy"])
    if not remedy and (settled := found(text, _CUES["settled"])):
        if harm := found(text, _CUES["new_harm"]):
            return ReplyReading("new", [f"{settled[0]}, then a new harm: {harm[0]}"])
    for marker in _CUES["contrast"] if not remedy else ():
        after = text.split(marker, 1)[1] if marker in text else ""
        if len(after.strip(" .。!！")) >= 8:
            shared = _overlap(open_text, after)
            if shared < 0.15 and not found(after, _CUES["same_matter"]):
                return ReplyReading("new", [f"after '{marker.strip()}': {shared:.2f} in common"])
    same = found(text, _CUES["same_matter"]) + remedy
    shared = _overlap(open_text, text)
    if same or shared >= 0.15:
        return ReplyReading("reply", same + [f"{shared:.2f} in common"])
    return ReplyReading("new", [f"only {shared:.2f} in common"])
