"""The relay's publisher on a real broker: a producer whose sender task has died is noticed
within the publish timeout and replaced, so the relay's next pass sends the batch again."""

from __future__ import annotations

import secrets

import pytest
from aiokafka import AIOKafkaConsumer

from devtools.kafka import KafkaBroker
from shared.messaging.kafka import KafkaPublisher, ensure_topics
from shared.messaging.ports import BrokerMessage

pytestmark = [pytest.mark.kafka, pytest.mark.integration]


async def values_in(bootstrap_servers: str, topic: str, expected: int) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap_servers, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        values: list[bytes] = []
        while len(values) < expected:
            batches = await consumer.getmany(timeout_ms=10_000)
            assert batches, f"only {values} arrived"
            values += [record.value for records in batches.values() for record in records]
        return values
    finally:
        await consumer.stop()


async def test_a_producer_whose_sender_died_is_renewed_and_the_batch_goes_out_again(
    kafka: KafkaBroker,
) -> None:
    topic = f"publisher-{secrets.token_hex(4)}"
    await ensure_topics(kafka.bootstrap_servers, [topic], partitions=1, replication=1)
    publisher = KafkaPublisher(kafka.bootstrap_servers, client_id="renewal-test", timeout=3)
    await publisher.start()
    try:
        await publisher.publish_many([BrokerMessage(topic, b"k", b"before")])
        # As after an unexpected error in aiokafka's sender: later sends never resolve.
        publisher._producer._sender.sender_task.cancel()  # noqa: SLF001

        with pytest.raises(TimeoutError):
            await publisher.publish_many([BrokerMessage(topic, b"k", b"stuck")])
        await publisher.publish_many([BrokerMessage(topic, b"k", b"sent again")])
    finally:
        await publisher.stop()

    assert await values_in(kafka.bootstrap_servers, topic, 2) == [b"before", b"sent again"]
