"""PostgreSQL stores no NUL character in text (SQLite does): one in a JSON body, the query
string or the path is refused before any route reads it (422 `nul_character`), so nothing is
half-written and both databases answer alike. Gateways' messages are cleaned instead
(services/intake/inbound/message.py), since a refusal would only make them send it again."""

from __future__ import annotations

import re

from fastapi import Request

from shared.errors import UnprocessableValue

# A JSON \u0000 escape, not an escaped backslash followed by the letters "u0000".
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_CLEANED_PATHS = "/v1/inbound/"


class NulCharacter(UnprocessableValue):
    code = "nul_character"


async def refuse_nul(request: Request) -> None:
    path: str = request.scope["path"]
    if b"%00" in request.scope.get("query_string", b"") or "\x00" in path:
        raise NulCharacter("a NUL character can't be stored", where="url")
    if path.startswith(_CLEANED_PATHS):
        return
    if not request.headers.get("content-type", "").startswith("application/json"):
        return
    body = await request.body()
    # The plain search first: it rules out nearly every body at a fraction of the pattern's cost.
    if b"\\u0000" in body and _ESCAPED_NUL.search(body):
        raise NulCharacter("a NUL character can't be stored", where="body")
