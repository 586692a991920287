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
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > limit:
            await self._refuse(send, limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:  # chunked bodies carry no length up front
                raise TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except TooLarge:
            await self._refuse(send, limit)

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


class TooLarge(Exception):
    pass
