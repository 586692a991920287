"""Fakes at the ports."""

from __future__ import annotations

from collections.abc import Sequence

from shared.messaging.ports import Message


class FakePublisher:
    def __init__(self, *, fail_times: int = 0) -> None:
        self.sent: list[Message] = []
        self._fail_times = fail_times

    async def publish_many(self, messages: Sequence[Message]) -> None:
        if self._fail_times:
            self._fail_times -= 1
            raise ConnectionError("broker unreachable")
        self.sent.extend(messages)
