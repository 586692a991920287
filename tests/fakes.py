"""Fakes at the ports."""

from __future__ import annotations

from collections.abc import Sequence

from shared.messaging.ports import BrokerMessage


class FakePublisher:
    def __init__(self, *, fail_times: int = 0) -> None:
        self.sent: list[BrokerMessage] = []
        self._fail_times = fail_times

    async def publish_many(self, messages: Sequence[BrokerMessage]) -> None:
        if self._fail_times:
            self._fail_times -= 1
            raise ConnectionError("broker unreachable")
        self.sent.extend(messages)
