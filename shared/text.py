"""Making text from outside storable: PostgreSQL refuses a NUL in text and values longer than
their column, where SQLite takes both. Used where a refusal would help nobody (a gateway would
retry the same message forever): the API itself refuses such input with a 422."""

from __future__ import annotations

import hashlib
import re

# C0 controls and DEL, except tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: str) -> str:
    return _CONTROL.sub("", text)


def clamp(text: str, limit: int) -> str:
    """Printable, and cut to `limit` characters."""
    return printable(text)[:limit]


def bounded_id(value: str, limit: int) -> str:
    """An identifier kept whole when it fits; otherwise a digest of it, so two long ids that
    share a prefix stay apart (duplicates are recognised by these ids)."""
    cleaned = printable(value)
    if len(cleaned) <= limit:
        return cleaned
    return "sha256:" + hashlib.sha256(cleaned.encode()).hexdigest()


def filename(name: str, limit: int = 255) -> str:
    """A file name without controls or directories, cut to `limit` with its extension kept."""
    base = printable(name).replace("\\", "/").rsplit("/", 1)[-1].strip() or "attachment"
    if len(base) <= limit:
        return base
    stem, dot, extension = base.rpartition(".")
    if not dot or len(extension) > 16:
        return base[:limit]
    return stem[: limit - len(extension) - 1] + "." + extension
