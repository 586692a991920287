"""The words of a complaint that can say what it is about: Chinese words cut with jieba (the
jieba-rs port, through `rjieba`: the same dictionary and segmentation at about a fiftieth of
the cost), English words and two-word phrases; the words every complaint uses are left out."""

from __future__ import annotations

import re
import unicodedata

import rjieba

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Words that say nothing about a complaint's subject (English) and CFPB's redaction marks.
ENGLISH_STOPWORDS = frozenset(
    "the and for that this with was have had has not but are you they them their from were "
    "been what when which would could there about your our all any can did does into its "
    "also than then out just him her his she how who why will shall may more most such only "
    "over very after before because being both each few other some same these those through "
    "while again further once here where xxxx xx/xx/xxxx xx/xx/ told said asked called "
    "received sent back still even get got make made know like time day days".split()
)
# The Chinese ones: function words, pronouns, and what every complaint says (投诉, 要求, 处理).
CHINESE_STOPWORDS = frozenset(
    "我们 你们 他们 她们 它们 我的 你的 自己 这个 那个 这些 那些 这样 那样 什么 怎么 为什么 "
    "因为 所以 如果 然后 但是 而且 还是 或者 已经 现在 今天 昨天 一个 一下 一直 一次 "
    "没有 不是 就是 可以 不能 不会 需要 希望 请问 谢谢 你好 您好 麻烦 还有 时候 "
    "问题 情况 事情 投诉 反映 要求 处理 解决 客服 公司 工作人员 相关 部门 进行 表示 告知 "
    "回复 联系 电话 目前 之前 之后 以后 以前 一些 多次 多少 这边 那边 不到 不了 不要 不用 "
    "还没 没法 一样 东西 知道 觉得 发现 出现 结果 应该 可能 只能 两个 三个 几个 今年 去年 "
    "明年 每天 每次 带来 左右 提供 百姓 群众 网上 领导".split()
)


def _chinese_words(text: str) -> list[str]:
    return [
        word
        for word in rjieba.cut(text)
        if len(word) >= 2 and _CJK.search(word) and word not in CHINESE_STOPWORDS
    ]


def _english_terms(text: str) -> set[str]:
    """Words, and pairs of neighbouring words (stopwords break a phrase)."""
    found: set[str] = set()
    previous: str | None = None
    for token in re.findall(r"[a-z][a-z'/-]*", text):
        word = token if _WORD.fullmatch(token) and token not in ENGLISH_STOPWORDS else None
        if word is not None:
            found.add(word)
            if previous is not None:
                found.add(f"{previous} {word}")
        previous = word
    return found


def terms(text: str) -> set[str]:
    """Each term of the text once."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _english_terms(folded) | set(_chinese_words(folded))


def distinct(ranked: list[str], top: int) -> list[str]:
    """The first `top` terms, leaving out a word already said by a phrase chosen before it
    (and a phrase whose words were all chosen)."""
    chosen: list[str] = []
    for term in ranked:
        words = set(term.split())
        if any(words <= set(c.split()) or set(c.split()) <= words for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == top:
            break
    return chosen
