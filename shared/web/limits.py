"""Refuse oversized request bodies before they are read (413, code `too_large`). E-mail from
gateways and attachment uploads carry files, and get a larger allowance."""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 256 * 1024  # a complaint is at most 10,000 characters of text
MAX_FILE_BODY_BYTES = 40 * 1024 * 1024  # an e-mail with attachments, base64-encoded
FILE_PATHS = re.compile(r"^/v1/inbound/|^/v1/complaints/[^/]+/attachments$")


class BodySizeLimit:
    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_BODY_BYTES,
        max_file_bytes: int = MAX_FILE_BODY_BYTES,
    ) -> None:
        self.app, self.small, self.large = app, max_bytes, max_file_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.large if FILE_PATHS.match(scope["path"]) else self.small
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > limit:
                await self._refuse(send, limit)
                return
            await self.app(scope, receive, send)
            return
        # A chunked body carries no length up front: read it here (never past the limit),
        # then hand it on whole. Refusing mid-read inside the app would come out as a 400.
        body = await _read_at_most(receive, limit)
        if body is None:
            await self._refuse(send, limit)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _refuse(self, send: Send, limit: int) -> None:
        message = f"the request body exceeds {limit} bytes"
        body = json.dumps({"code": "too_large", "message": message}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


async def _read_at_most(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as servers do

    return replayed
