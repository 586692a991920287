"""The messaging ports: what a relay publishes and what a consumer receives."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from shared.events.envelope import Envelope, Payload


@dataclass(frozen=True)
class BrokerMessage:
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
    async def publish_many(self, messages: Sequence[BrokerMessage]) -> None:
        """Returns once every message is durably accepted, in order per key; raises otherwise."""


Handler = Callable[[Payload, Envelope], Awaitable[None]]
P = TypeVar("P", bound=Payload)


class PoisonMessage(Exception):
    """A handler's verdict that this message can never be processed."""


def handles(kind: type[P], handle: Callable[[P, Envelope], Awaitable[None]]) -> tuple[str, Handler]:
    """A consumer's registration: `handle` takes `kind`'s events, typed as `kind`. The registry
    parses each event type into its own model; a payload of another model is poison."""

    async def checked(payload: Payload, env: Envelope) -> None:
        if not isinstance(payload, kind):
            raise PoisonMessage(f"{env.type} carried {type(payload).__name__}, not {kind.__name__}")
        await handle(payload, env)

    return kind.TYPE, checked
