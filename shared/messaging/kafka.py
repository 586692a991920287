"""Kafka adapters: an idempotent publisher, topic set-up, and the consumer loop."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError

from shared.messaging.consumer import MessageProcessor
from shared.messaging.ports import BrokerMessage, Delivery
from shared.metrics import CONSUMER_LAG

log = logging.getLogger(__name__)


PUBLISH_SECONDS = 30.0  # twice the request timeout: a batch's every retry fits within it


class KafkaPublisher:
    """acks=all and an idempotent producer: a retried send never duplicates or reorders.

    A batch that fails or times out renews the producer before the next one: aiokafka's
    sender task, once it has died of an unexpected error, never resolves later sends, so a
    relay would otherwise wait forever on a producer that still looks started."""

    def __init__(
        self, bootstrap_servers: str, *, client_id: str, timeout: float = PUBLISH_SECONDS
    ) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._client_id = client_id
        self._timeout = timeout
        self._producer = self._new_producer()
        self._spoilt = False

    def _new_producer(self) -> AIOKafkaProducer:
        return AIOKafkaProducer(
            bootstrap_servers=self._bootstrap_servers,
            client_id=self._client_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=2,
            request_timeout_ms=15000,
        )

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def publish_many(self, messages: Sequence[BrokerMessage]) -> None:
        if self._spoilt:
            await self._renew()
        try:
            async with asyncio.timeout(self._timeout):
                futures = [
                    await self._producer.send(m.topic, m.value, key=m.key, headers=list(m.headers))
                    for m in messages
                ]
                await asyncio.gather(*futures)
        except (KafkaError, TimeoutError):
            self._spoilt = True  # the caller sends the whole batch again, on a new producer
            raise

    async def _renew(self) -> None:
        log.info("renewing the Kafka producer after a failed batch")
        await stop_quietly(self)
        self._producer = self._new_producer()
        await self._producer.start()  # raises while the broker is away: renewed next time
        self._spoilt = False


async def ensure_topics(
    bootstrap_servers: str, topics: Iterable[str], *, partitions: int, replication: int
) -> list[str]:
    """Create the missing topics; returns the ones created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=15000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if missing:
            await admin.create_topics(
                [
                    NewTopic(t, num_partitions=partitions, replication_factor=replication)
                    for t in missing
                ]
            )
        return missing
    finally:
        await admin.close()


async def kafka_reachable(bootstrap_servers: str, *, timeout_ms: int = 3000) -> bool:
    client = AIOKafkaClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=timeout_ms)
    try:
        await asyncio.wait_for(client.bootstrap(), timeout=timeout_ms / 1000)
        return True
    except (KafkaError, OSError, TimeoutError):
        return False
    finally:
        await client.close()


async def start_with_retry(
    component: AIOKafkaConsumer | KafkaPublisher, stopping: asyncio.Event
) -> bool:
    """Start once the broker answers; False if asked to stop first."""
    return await when_broker_answers(component.start, stopping)


async def when_broker_answers(
    action: Callable[[], Awaitable[object]], stopping: asyncio.Event
) -> bool:
    """Do `action` once the broker answers (a process may start while Kafka is away or still
    starting), retrying with backoff; False if asked to stop first."""
    delay = 0.5
    while not stopping.is_set():
        try:
            await action()
            return True
        except (KafkaError, OSError) as exc:
            log.warning("Kafka not reachable (%s); retrying in %.1fs", exc, delay)
            try:
                await asyncio.wait_for(stopping.wait(), timeout=delay)
            except TimeoutError:
                delay = min(delay * 2, 10.0)
    return False


CLOSE_SECONDS = 4.0
COMMIT_SECONDS = 30.0


async def stop_quietly(component: AIOKafkaConsumer | KafkaPublisher) -> None:
    """Shutdown stays bounded with the broker gone: leaving the group or flushing gives up
    after CLOSE_SECONDS, and a client's own failure while closing is logged, not raised (the
    offsets not committed are re-read, the outbox rows not marked are re-sent)."""
    try:
        async with asyncio.timeout(CLOSE_SECONDS):
            await component.stop()
    except (Exception, asyncio.CancelledError) as exc:
        task = asyncio.current_task()
        if isinstance(exc, asyncio.CancelledError) and task is not None and task.cancelling():
            raise  # we are being cancelled ourselves
        log.warning("Kafka client did not close cleanly (%s)", type(exc).__name__)


def _delivery(record: object) -> Delivery:
    return Delivery(
        topic=record.topic,  # type: ignore[attr-defined]
        partition=record.partition,  # type: ignore[attr-defined]
        offset=record.offset,  # type: ignore[attr-defined]
        key=record.key,  # type: ignore[attr-defined]
        value=record.value,  # type: ignore[attr-defined]
        headers=tuple(record.headers or ()),  # type: ignore[attr-defined]
    )


async def run_kafka_consumer(
    consumer: AIOKafkaConsumer,
    processor: MessageProcessor,
    stopping: asyncio.Event,
    *,
    concurrency: int = 1,
    on_idle: Callable[[], None] = lambda: None,
) -> None:
    """Process batches, each partition's messages in order and up to `concurrency` partitions
    at once (a complaint's events share a partition, so its order is kept, as when workers are
    scaled out); commit each partition's offset only after its messages' database
    transactions committed. Stops between messages when `stopping` is set (the processor
    sees it)."""
    lag = ConsumerLag(processor.consumer)
    slots = asyncio.Semaphore(concurrency)
    while not stopping.is_set():
        batches = await consumer.getmany(timeout_ms=500, max_records=200)
        done: dict[TopicPartition, int] = {}
        try:
            async with asyncio.TaskGroup() as group:
                for tp, records in batches.items():
                    group.create_task(_in_order(processor, records, tp, done, slots))
        finally:
            await _commit(consumer, done)
        await lag.measure(consumer)
        on_idle()


async def _in_order(
    processor: MessageProcessor,
    records: Sequence[object],
    tp: TopicPartition,
    done: dict[TopicPartition, int],
    slots: asyncio.Semaphore,
) -> None:
    """One partition's messages, in order; `done` holds the offset to commit."""
    async with slots:
        processed = await processor.process_all([_delivery(record) for record in records])
    if processed:
        done[tp] = records[processed - 1].offset + 1  # type: ignore[attr-defined]


async def replay_topics(
    bootstrap_servers: str, topics: Sequence[str], processor: MessageProcessor
) -> int:
    """Every message the topics hold now, from the beginning, through `processor`, in each
    partition's order; no consumer group, so no running consumer's offsets move. Returns how
    many messages were read."""
    # Without a group, a consumer of named topics is assigned all their partitions.
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap_servers,
        enable_auto_commit=False,
        group_id=None,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        partitions = sorted(consumer.assignment())  # start() waited for the topics
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        read = 0
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batches = await consumer.getmany(timeout_ms=1000, max_records=500)
            for tp, records in batches.items():
                for record in records:
                    if record.offset < ends[tp]:  # later ones: the running consumer's
                        await processor.process(_delivery(record))
                        read += 1
        return read
    finally:
        await stop_quietly(consumer)


class LoggedAssignments(ConsumerRebalanceListener):  # type: ignore[misc]
    """Logs the partitions a worker is given and loses: the first thing to read when a
    worker seems to do nothing."""

    def __init__(self, consumer: str) -> None:
        self._consumer = consumer

    async def on_partitions_revoked(self, revoked: Iterable[TopicPartition]) -> None:
        if revoked := list(revoked):
            log.info("%s worker gives up %s", self._consumer, _partitions(revoked))

    async def on_partitions_assigned(self, assigned: Iterable[TopicPartition]) -> None:
        log.info("%s worker assigned %s", self._consumer, _partitions(assigned) or "nothing")


def _partitions(partitions: Iterable[TopicPartition]) -> str:
    return ", ".join(sorted(f"{tp.topic}[{tp.partition}]" for tp in partitions))


class ConsumerLag:
    """Per assigned partition, the messages between the broker's high watermark and this
    group's position, measured every few seconds into tousu_consumer_lag_messages."""

    def __init__(self, consumer: str, every: float = 5.0) -> None:
        self._consumer, self._every, self._due = consumer, every, 0.0
        self._shown: set[TopicPartition] = set()

    async def measure(self, consumer: AIOKafkaConsumer) -> None:
        if time.monotonic() < self._due:
            return
        self._due = time.monotonic() + self._every
        assigned = set(consumer.assignment())
        for tp in self._shown - assigned:  # moved to another member: its figure goes with it
            CONSUMER_LAG.remove(self._consumer, tp.topic, str(tp.partition))
        self._shown &= assigned
        for tp in assigned:
            highwater = consumer.highwater(tp)
            if highwater is None:
                continue  # nothing fetched from it yet
            try:
                position = await consumer.position(tp)
            except KafkaError:  # revoked since assignment() was read: measured next time
                continue
            CONSUMER_LAG.labels(self._consumer, tp.topic, str(tp.partition)).set(
                max(highwater - position, 0)
            )
            self._shown.add(tp)


async def _commit(consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
    """Commit what was processed; an offset that cannot be committed (its partition moved to
    another member mid-batch, or the broker went away) is only a redelivery, which the inbox
    skips, so it never stops the worker. On shutdown the caller's grace bounds it more
    tightly (shared.stopping)."""
    assigned = consumer.assignment()
    kept = {tp: offset for tp, offset in offsets.items() if tp in assigned}
    if len(kept) < len(offsets):
        log.warning("not committing %d partition(s) no longer assigned", len(offsets) - len(kept))
    if not kept:
        return
    try:
        async with asyncio.timeout(COMMIT_SECONDS):
            await consumer.commit(kept)
    except (KafkaError, TimeoutError) as exc:  # CommitFailedError after a rebalance, ...
        log.warning("offset commit failed (%r): the messages will be redelivered", exc)
