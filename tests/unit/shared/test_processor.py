"""One delivered message: dispatched, retried, or dead-lettered with the reason."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError

from shared.events.envelope import Envelope, Payload
from shared.events.registry import EVENTS
from shared.messaging.consumer import (
    HandlerRetryPolicy,
    MessageProcessor,
    ShutdownRequested,
)
from shared.messaging.ports import Delivery, PoisonMessage
from tests.events import envelope, registered
from tests.fakes import FakePublisher

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)


class Handler:
    def __init__(self, *failures: BaseException) -> None:
        self.failures = list(failures)
        self.handled: list[Envelope] = []

    async def __call__(self, _: Payload, env: Envelope) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.handled.append(env)


def make(
    handler: Handler, dlq: FakePublisher, stopping: asyncio.Event | None = None, attempts: int = 3
) -> MessageProcessor:
    return MessageProcessor(
        consumer="routing",
        registry=EVENTS,
        handlers={"complaint.registered": handler},
        dead_letters=dlq,
        dead_letter_topic="routing.dlq",
        retry=HandlerRetryPolicy(attempts, 0.001, 0.01),
        stopping=stopping or asyncio.Event(),
    )


def delivery(value: bytes) -> Delivery:
    return Delivery("intake.complaints", 2, 41, b"key", value)


def valid() -> bytes:
    return envelope(registered(NOW), NOW).model_dump_json().encode()


async def test_a_valid_event_reaches_its_handler() -> None:
    handler, dlq = Handler(), FakePublisher()
    await make(handler, dlq).process(delivery(valid()))
    assert len(handler.handled) == 1 and dlq.sent == []


async def test_malformed_message_is_dead_lettered_with_reason_and_origin() -> None:
    handler, dlq = Handler(), FakePublisher()
    await make(handler, dlq).process(delivery(b"{not json"))
    [dead] = dlq.sent
    headers = dict(dead.headers)
    assert dead.topic == "routing.dlq" and dead.value == b"{not json" and dead.key == b"key"
    assert headers["dlq.reason"] == b"malformed_envelope"
    assert (headers["dlq.source.topic"], headers["dlq.source.offset"]) == (
        b"intake.complaints",
        b"41",
    )


async def test_invalid_payload_is_dead_lettered() -> None:
    env = envelope(registered(NOW), NOW).model_copy(update={"payload": {"complaint_id": "x"}})
    dlq = FakePublisher()
    await make(Handler(), dlq).process(delivery(env.model_dump_json().encode()))
    assert dict(dlq.sent[0].headers)["dlq.reason"] == b"invalid_payload"


async def test_events_of_other_types_are_skipped() -> None:
    env = envelope(registered(NOW), NOW).model_copy(update={"type": "complaint.archived"})
    handler, dlq = Handler(), FakePublisher()
    await make(handler, dlq).process(delivery(env.model_dump_json().encode()))
    assert handler.handled == [] and dlq.sent == []


async def test_transient_errors_are_retried_beyond_the_attempt_limit() -> None:
    outage = OperationalError("SELECT 1", {}, ConnectionRefusedError())
    handler, dlq = Handler(outage, outage, outage, outage), FakePublisher()
    await make(handler, dlq, attempts=2).process(delivery(valid()))
    assert len(handler.handled) == 1 and dlq.sent == []


async def test_a_failing_handler_is_dead_lettered_after_the_attempts() -> None:
    handler, dlq = Handler(KeyError("a"), KeyError("b"), KeyError("c")), FakePublisher()
    await make(handler, dlq, attempts=3).process(delivery(valid()))
    assert handler.handled == []
    assert dict(dlq.sent[0].headers)["dlq.reason"] == b"handler_failed"
    assert b"KeyError" in dict(dlq.sent[0].headers)["dlq.error"]


async def test_poison_verdict_is_dead_lettered_at_once() -> None:
    handler, dlq = Handler(PoisonMessage("no such complaint")), FakePublisher()
    await make(handler, dlq).process(delivery(valid()))
    assert dict(dlq.sent[0].headers)["dlq.reason"] == b"rejected_by_handler"


async def test_stopping_during_a_retry_leaves_the_message_unprocessed() -> None:
    stopping = asyncio.Event()
    stopping.set()
    handler = Handler(ConnectionRefusedError())
    with pytest.raises(ShutdownRequested):
        await make(handler, FakePublisher(), stopping).process(delivery(valid()))
    assert handler.handled == []
