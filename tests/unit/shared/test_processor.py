"""One delivered message: dispatched, retried, or dead-lettered with the reason; a run of
messages shares a transaction, kept whole, or taken again one by one when any of it fails."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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


class Transactions:
    """Plays shared.db.together: what a handler writes inside a run is kept only when the
    run ends without an error."""

    def __init__(self) -> None:
        self.open: list[Envelope] | None = None
        self.committed: list[list[Envelope]] = []
        self.rolled_back = 0

    @asynccontextmanager
    async def together(self) -> AsyncIterator[None]:
        self.open = []
        try:
            yield
        except Exception:
            self.rolled_back += 1
            raise
        else:
            self.committed.append(self.open)
        finally:
            self.open = None


class Handler:
    def __init__(self, *failures: BaseException, transactions: Transactions | None = None) -> None:
        self.failures = list(failures)
        self.handled: list[Envelope] = []
        self.transactions = transactions

    async def __call__(self, _: Payload, env: Envelope) -> None:
        if self.failures:
            raise self.failures.pop(0)
        if self.transactions is not None and self.transactions.open is not None:
            self.transactions.open.append(env)
        else:
            self.handled.append(env)


def make(
    handler: Handler,
    dlq: FakePublisher,
    stopping: asyncio.Event | None = None,
    attempts: int = 3,
    run_size: int = 50,
) -> MessageProcessor:
    return MessageProcessor(
        consumer="routing",
        registry=EVENTS,
        handlers={"complaint.registered": handler},
        dead_letters=dlq,
        dead_letter_topic="routing.dlq",
        retry=HandlerRetryPolicy(attempts, 0.001, 0.01),
        stopping=stopping or asyncio.Event(),
        together=handler.transactions.together if handler.transactions else None,
        run_size=run_size,
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


def run_of(count: int) -> list[Delivery]:
    return [delivery(valid()) for _ in range(count)]


async def test_a_run_of_messages_is_handled_in_one_transaction_of_at_most_run_size() -> None:
    transactions = Transactions()
    handler = Handler(transactions=transactions)
    done = await make(handler, FakePublisher(), run_size=2).process_all(run_of(5))
    assert done == 5
    assert [len(run) for run in transactions.committed] == [2, 2]
    assert len(handler.handled) == 1  # the last one, alone: no transaction to share


async def test_a_failure_in_a_run_keeps_none_of_it_and_takes_each_message_alone() -> None:
    transactions = Transactions()

    class FailsOnTheSecond(Handler):
        async def __call__(self, payload: Payload, env: Envelope) -> None:
            if transactions.open is not None and len(transactions.open) == 1:
                raise ValueError("the second message of the run")
            await super().__call__(payload, env)

    handler, dlq = FailsOnTheSecond(transactions=transactions), FakePublisher()
    done = await make(handler, dlq).process_all(run_of(3))
    assert done == 3 and transactions.rolled_back == 1 and transactions.committed == []
    assert len(handler.handled) == 3 and dlq.sent == []  # each once, alone


async def test_a_malformed_message_in_a_run_is_dead_lettered_once_and_the_rest_handled() -> None:
    transactions = Transactions()
    handler, dlq = Handler(transactions=transactions), FakePublisher()
    run = run_of(3)
    run[1] = delivery(b"{not json")
    assert await make(handler, dlq).process_all(run) == 3
    assert transactions.rolled_back == 1
    assert len(handler.handled) == 2
    assert [dict(m.headers)["dlq.reason"] for m in dlq.sent] == [b"malformed_envelope"]


async def test_stopping_mid_run_commits_what_was_handled_and_says_how_much() -> None:
    stopping, transactions = asyncio.Event(), Transactions()

    class StopsAfterTwo(Handler):
        async def __call__(self, payload: Payload, env: Envelope) -> None:
            await super().__call__(payload, env)
            if transactions.open is not None and len(transactions.open) == 2:
                stopping.set()

    handler = StopsAfterTwo(transactions=transactions)
    assert await make(handler, FakePublisher(), stopping).process_all(run_of(5)) == 2
    assert [len(run) for run in transactions.committed] == [2]
