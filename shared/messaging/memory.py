"""The in-process bus of the embedded mode.

publish_many() hands each subscriber its messages, in order, and returns only after it has
processed them (their database transactions committed), so the relay marks an outbox row
published only once it has been consumed: a crash in between means a resend, which the
inbox dedupes. Each subscriber processes one batch at a time, as a Kafka consumer does.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

from shared.messaging.consumer import ShutdownRequested
from shared.messaging.ports import BrokerMessage, Delivery

# Processes the deliveries in order; returns how many it processed (fewer when stopping).
Subscriber = Callable[[Sequence[Delivery]], Awaitable[int]]


@dataclass
class _Subscription:
    process_all: Subscriber
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class InMemoryBus:
    def __init__(self) -> None:
        self._subscriptions: dict[str, list[_Subscription]] = defaultdict(list)
        self._offsets: dict[str, int] = defaultdict(int)

    def subscribe(self, topics: Iterable[str], process_all: Subscriber) -> None:
        subscription = _Subscription(process_all)
        for topic in topics:
            self._subscriptions[topic].append(subscription)

    async def publish_many(self, messages: Sequence[BrokerMessage]) -> None:
        received: dict[int, tuple[_Subscription, list[Delivery]]] = {}
        for message in messages:
            offset = self._offsets[message.topic]
            self._offsets[message.topic] = offset + 1
            delivery = Delivery(
                message.topic, 0, offset, message.key, message.value, message.headers
            )
            for subscription in self._subscriptions.get(message.topic, ()):
                received.setdefault(id(subscription), (subscription, []))[1].append(delivery)
        for subscription, deliveries in received.values():
            async with subscription.lock:
                processed = await subscription.process_all(deliveries)
            if processed < len(deliveries):
                raise ShutdownRequested("stopping: the rest is published again after restart")
