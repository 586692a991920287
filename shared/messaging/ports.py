"""The messaging ports: what a relay publishes and what a consumer receives."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from shared.events.envelope import Envelope, Payload


@dataclass(frozen=True)
class Message:
    topic: str
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class Delivery:
    """One received message and where it came from."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = field(default=())


class Publisher(Protocol):
    async def publish_many(self, messages: Sequence[Message]) -> None:
        """Returns once every message is durably accepted, in order per key; raises otherwise."""


Handler = Callable[[Payload, Envelope], Awaitable[None]]
