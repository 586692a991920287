"""The in-process bus of the embedded mode.

publish_many() hands each message to its subscribers and returns only after they have
processed it (their database transactions committed), so the relay marks an outbox row
published only once it has been consumed: a crash in between means a resend, which the
inbox dedupes. Each subscriber processes one message at a time, as a Kafka consumer does.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

from shared.messaging.ports import BrokerMessage, Delivery

Subscriber = Callable[[Delivery], Awaitable[None]]


@dataclass
class _Subscription:
    process: Subscriber
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class InMemoryBus:
    def __init__(self) -> None:
        self._subscriptions: dict[str, list[_Subscription]] = defaultdict(list)
        self._offsets: dict[str, int] = defaultdict(int)

    def subscribe(self, topics: Iterable[str], process: Subscriber) -> None:
        subscription = _Subscription(process)
        for topic in topics:
            self._subscriptions[topic].append(subscription)

    async def publish_many(self, messages: Sequence[BrokerMessage]) -> None:
        for message in messages:
            offset = self._offsets[message.topic]
            self._offsets[message.topic] = offset + 1
            delivery = Delivery(
                message.topic, 0, offset, message.key, message.value, message.headers
            )
            for subscription in self._subscriptions.get(message.topic, ()):
                async with subscription.lock:
                    await subscription.process(delivery)
