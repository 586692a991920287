"""Cutting the earlier conversation a reply quotes, in plain text and HTML, for the mail clients
customers use here: Outlook, Gmail, Apple Mail, QQ Mail, NetEase (163/126), Foxmail."""

from __future__ import annotations

import re

# A line where the quoted part begins: everything from it on is the earlier conversation.
_QUOTE_HEADERS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^-{2,}\s*(original message|forwarded message)\s*-{2,}",
        r"^-{2,}\s*原始邮件\s*-{2,}",
        r"^-{2,}\s*(回复的原邮件|转发的邮件|原邮件)\s*-{2,}",
        r"^on .{1,200}wrote:\s*$",
        r"^在\s*.{1,200}(写道|寫道)\s*[:：]\s*$",
        r"^(from|发件人|寄件者)\s*[:：].+",
        r"^_{10,}\s*$",  # Outlook's rule above the quoted headers
    )
]
_QUOTED_BLOCKS = (
    "blockquote",
    "div.gmail_quote",
    "div.gmail_extra",
    "div.yahoo_quoted",
    "div#isReplyContent",
    "div#isForwardContent",
    "div#origbody",
    "div.moz-cite-prefix",
)
# Outlook puts the quoted mail after these, as their siblings: cut them and all that follows.
_QUOTE_STARTS = ("div#divRplyFwdMsg", "div#appendonsend")
_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "pre")


def strip_quoted(text: str) -> str:
    """The new part of a reply: up to the first quote header, without '>' lines."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        bare = line.strip()
        if any(p.match(bare) for p in _QUOTE_HEADERS):
            break
        if bare.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def html_text(html: str) -> str:
    """The visible text of an HTML body, quoted blocks dropped, paragraphs kept apart."""
    # Imported here: Beautiful Soup is 4 MB in every intake process, and only HTML mail needs it.
    from bs4 import BeautifulSoup  # noqa: PLC0415

    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "head", "title"]):
        element.decompose()
    for start in soup.select(", ".join(_QUOTE_STARTS)):
        for later in list(start.find_next_siblings()):
            later.decompose()
        previous = start.find_previous_sibling()
        if previous is not None and previous.name == "hr":
            previous.decompose()
        start.decompose()
    for quoted in soup.select(", ".join(_QUOTED_BLOCKS)):
        quoted.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_after("\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in soup.get_text().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
