"""A process that starts while Kafka is away (or still starting) waits for it instead of
exiting, and still stops when asked."""

from __future__ import annotations

import asyncio

from aiokafka.errors import KafkaConnectionError

from shared.messaging.kafka import when_broker_answers


async def test_the_action_is_retried_until_the_broker_answers() -> None:
    tries: list[int] = []

    async def create_topics() -> None:
        tries.append(1)
        if len(tries) == 1:
            raise KafkaConnectionError("Unable to bootstrap")

    assert await when_broker_answers(create_topics, asyncio.Event())
    assert len(tries) == 2


async def test_a_stop_request_ends_the_wait() -> None:
    stopping = asyncio.Event()

    async def unreachable() -> None:
        stopping.set()  # as SIGTERM would, while waiting
        raise KafkaConnectionError("Unable to bootstrap")

    assert not await when_broker_answers(unreachable, stopping)
