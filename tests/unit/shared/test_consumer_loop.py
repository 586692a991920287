"""The Kafka consumer loop commits what it processed, and a commit that cannot be made (the
partition moved to another member, the broker went away) never stops the worker; partitions
are processed side by side, each in its own order."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka import TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError

from shared.events.envelope import Envelope, Payload
from shared.events.registry import EVENTS
from shared.messaging.consumer import HandlerRetryPolicy, MessageProcessor
from shared.messaging.kafka import run_kafka_consumer
from tests.events import envelope, registered
from tests.fakes import FakePublisher

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)
ZERO, ONE = TopicPartition("intake.complaints", 0), TopicPartition("intake.complaints", 1)
TWO = TopicPartition("intake.complaints", 2)


@dataclass
class Record:
    topic: str
    partition: int
    offset: int
    value: bytes
    key: bytes = b"key"
    headers: tuple[tuple[str, bytes], ...] = ()


@dataclass
class FakeConsumer:
    """Serves the given batches once each; `assigned` and `commit_error` play the group."""

    batches: list[dict[TopicPartition, list[Record]]]
    assigned: set[TopicPartition] = field(default_factory=lambda: {ZERO, ONE})
    commit_error: Exception | None = None
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    committed: list[dict[TopicPartition, int]] = field(default_factory=list)

    async def getmany(self, **_: Any) -> dict[TopicPartition, list[Record]]:
        if not self.batches:
            self.stopping.set()
            return {}
        return self.batches.pop(0)

    def assignment(self) -> set[TopicPartition]:
        return set(self.assigned)

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        if self.commit_error is not None:
            raise self.commit_error
        if unassigned := set(offsets) - self.assigned:  # as aiokafka does
            raise IllegalStateError(f"Partition {unassigned} is not assigned")
        self.committed.append(dict(offsets))

    def highwater(self, _: TopicPartition) -> int | None:
        return None


class Handled:
    def __init__(self) -> None:
        self.seen: list[str] = []

    async def __call__(self, _: Payload, env: Envelope) -> None:
        self.seen.append(str(env.id))


def record(tp: TopicPartition, offset: int) -> Record:
    value = envelope(registered(NOW), NOW).model_dump_json().encode()
    return Record(tp.topic, tp.partition, offset, value)


def processor_for(consumer: FakeConsumer, handler: Handled) -> MessageProcessor:
    return MessageProcessor(
        consumer="routing",
        registry=EVENTS,
        handlers={"complaint.registered": handler},
        dead_letters=FakePublisher(),
        dead_letter_topic="routing.dlq",
        retry=HandlerRetryPolicy(3, 0.001, 0.01),
        stopping=consumer.stopping,
    )


async def run(consumer: FakeConsumer) -> Handled:
    handled = Handled()
    await run_kafka_consumer(consumer, processor_for(consumer, handled), consumer.stopping)
    return handled


async def test_each_partition_is_committed_past_its_last_processed_message() -> None:
    consumer = FakeConsumer([{ZERO: [record(ZERO, 7), record(ZERO, 8)], ONE: [record(ONE, 3)]}])
    handled = await run(consumer)
    assert len(handled.seen) == 3
    assert consumer.committed == [{ZERO: 9, ONE: 4}]


async def test_a_partition_revoked_mid_batch_is_left_to_its_new_owner() -> None:
    consumer = FakeConsumer([{ZERO: [record(ZERO, 7)], ONE: [record(ONE, 3)]}], assigned={ONE})
    await run(consumer)
    assert consumer.committed == [{ONE: 4}]


async def test_a_failed_commit_is_a_redelivery_not_a_crash() -> None:
    for error in (IllegalStateError("not assigned"), CommitFailedError("rebalanced")):
        consumer = FakeConsumer(
            [{ZERO: [record(ZERO, 1)]}, {ZERO: [record(ZERO, 2)]}], commit_error=error
        )
        handled = await run(consumer)
        assert len(handled.seen) == 2  # it went on to the next batch


class Slow(Handled):
    """Takes a moment over each message, noting how many are in hand at once."""

    def __init__(self) -> None:
        super().__init__()
        self.in_hand = self.most = 0

    async def __call__(self, payload: Payload, env: Envelope) -> None:
        self.in_hand += 1
        self.most = max(self.most, self.in_hand)
        await asyncio.sleep(0.01)
        self.in_hand -= 1
        await super().__call__(payload, env)


async def test_partitions_are_processed_side_by_side_each_in_its_order() -> None:
    batch = {tp: [record(tp, n) for n in range(4)] for tp in (ZERO, ONE, TWO)}
    order = {
        str(Envelope.model_validate_json(r.value).id): (tp, r.offset)
        for tp, records in batch.items()
        for r in records
    }
    consumer = FakeConsumer([batch], assigned={ZERO, ONE, TWO})
    slow = Slow()
    processor = processor_for(consumer, slow)
    await run_kafka_consumer(consumer, processor, consumer.stopping, concurrency=2)
    assert slow.most == 2  # two partitions at once, never more
    for tp in (ZERO, ONE, TWO):
        assert [order[i][1] for i in slow.seen if order[i][0] == tp] == [0, 1, 2, 3]
    assert consumer.committed == [{ZERO: 4, ONE: 4, TWO: 4}]
