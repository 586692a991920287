"""Whether a customer's message is about their open complaint (a chase, more evidence, a
correction, the fix not taking, a partial resolution, a closing thanks) or a different matter
that needs its own complaint (another product, order, account or person; a new harm). Judged
on the text, not on the time since. Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["reply", "new"]

# The customer says it is something else.
NEW_MATTER = (
    "separately",
    "separate issue",
    "separate question",
    "different issue",
    "unrelated",
    "another issue",
    "other order",
    "another order",
    "another account",
    "my other",
    "different order",
    "also my",
    "另外",
    "另一个",
    "另一",
    "别的",
    "其他问题",
    "再投诉",
    "另外要投诉",
    "也帮我看看",
    "一起查一下",
    "一起处理",
    "也出现了",
    "也有这个",
    "我妈的",
    "我老婆的",
    "我老公的",
    "我爸的",
    "我妈今天",
    "next sale",
    "when's the next",
    "is that covered",
)
# The customer chases, confirms, corrects or adds to the same matter.
SAME_MATTER = (
    "进展",
    "怎么样了",
    "有消息",
    "还没",
    "什么时候",
    "调了没有",
    "到账了",
    "收到了吗",
    "请查收",
    "附件",
    "照片",
    "视频",
    "已经发",
    "工单号",
    "一起补",
    "还差",
    "只退了",
    "又坏",
    "还是",
    "更厉害",
    "找到了",
    "回来了",
    "错怪",
    "不好意思",
    "已经退",
    "算了",
    "不要了",
    "改成",
    "any update",
    "update?",
    "still",
    "again",
    "same issue",
    "same problem",
    "attached",
    "as requested",
    "nothing",
    "hello?",
    "stopped",
    "thank you",
    "reversed",
    "when will",
    "resolved",
    "sorted",
    "got it",
    "forget the refund",
    "instead",
    "changed my mind",
)
# The remedy itself: what goes wrong with a replacement or repair is still the same matter.
REMEDY = (
    "换了",
    "换来",
    "第二台",
    "第三台",
    "新的",
    "新电池",
    "replacement",
    "the new one",
    "exchange",
)
CONTRAST = ("但是", "不过", "可是", "however", "but ", "btw", "though")
_WORDS = re.compile(r"[a-z]{4,}|[\u4e00-\u9fff]")


@dataclass(frozen=True)
class ReplyReading:
    verdict: Verdict
    cues: list[str]


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _found(text: str, cues: tuple[str, ...]) -> list[str]:
    return [c for c in cues if c in text]


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
    if new := _found(text, NEW_MATTER):
        return ReplyReading("new", new)
    if len(text) <= 15 or text.strip("?？!！. ") in ("", "ok"):
        return ReplyReading("reply", ["a short chase or acknowledgement"])
    remedy = _found(text, REMEDY)
    for marker in CONTRAST if not remedy else ():
        after = text.split(marker, 1)[1] if marker in text else ""
        if len(after.strip(" .。!！")) >= 8:
            shared = _overlap(open_text, after)
            if shared < 0.15 and not _found(after, SAME_MATTER):
                return ReplyReading("new", [f"after '{marker.strip()}': {shared:.2f} in common"])
    same = _found(text, SAME_MATTER) + remedy
    shared = _overlap(open_text, text)
    if same or shared >= 0.15:
        return ReplyReading("reply", same + [f"{shared:.2f} in common"])
    return ReplyReading("new", [f"only {shared:.2f} in common"])
