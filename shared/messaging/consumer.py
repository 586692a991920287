"""Processing delivered messages: decode, dispatch, retry, or dead-letter with the reason.

The same processor runs behind the Kafka consumer loop and the in-process bus, so both modes
share one behaviour. Offsets are committed by the caller only after process() or
process_all() returns.

process_all() takes a run of one partition's messages together, in one database transaction
(shared.db.together), and falls back to one message at a time, with retries and dead
letters, when any of them fails: a run is all kept or not at all.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from opentelemetry.trace import SpanKind
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from shared import tracing
from shared.events.envelope import Envelope, Payload
from shared.events.registry import EventRegistry, UnknownEventVersion
from shared.logging import log_context
from shared.messaging.ports import BrokerMessage, Delivery, Handler, PoisonMessage, Publisher
from shared.metrics import MESSAGES

log = logging.getLogger(__name__)


class ShutdownRequested(Exception):
    """Stopping while a transient error is retried: leave the offset uncommitted."""


class _NotTogether(Exception):
    """A message of a run that cannot be processed with the others: each goes alone."""


# Opens the transaction a run's units of work share; it commits when the block ends.
Together = Callable[[], AbstractAsyncContextManager[None]]


def is_transient(exc: BaseException) -> bool:
    """Infrastructure trouble that will pass: retry without limit, never dead-letter."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(
        exc, OperationalError | InterfaceError | PoolTimeoutError | OSError | TimeoutError
    )


@dataclass
class HandlerRetryPolicy:
    max_attempts: int = 5
    backoff_seconds: float = 0.2
    backoff_max_seconds: float = 30.0

    def delay(self, attempt: int) -> float:
        return float(min(self.backoff_max_seconds, self.backoff_seconds * 2 ** (attempt - 1)))


class MessageProcessor:
    def __init__(
        self,
        *,
        consumer: str,
        registry: EventRegistry,
        handlers: Mapping[str, Handler],
        dead_letters: Publisher,
        dead_letter_topic: str,
        retry: HandlerRetryPolicy,
        stopping: asyncio.Event,
        together: Together | None = None,
        run_size: int = 50,
    ) -> None:
        self.consumer = consumer
        self._registry, self._handlers = registry, handlers
        self._dead_letters, self._dlq_topic = dead_letters, dead_letter_topic
        self._retry, self._stopping = retry, stopping
        self._together, self._run_size = together, run_size

    async def process_all(self, deliveries: Sequence[Delivery]) -> int:
        """One partition's messages, in order, in runs of up to `run_size` sharing a
        transaction. Returns how many were processed: fewer when stopping."""
        done = 0
        while done < len(deliveries) and not self._stopping.is_set():
            done += await self._run(deliveries[done : done + self._run_size])
        return done

    async def _run(self, run: Sequence[Delivery]) -> int:
        if self._together is None or len(run) == 1:
            return await self._alone(run)
        done = handled = 0
        try:
            async with self._together():
                for delivery in run:
                    if self._stopping.is_set():
                        break  # what is done so far commits
                    handled += await self._process(delivery, together=True)
                    done += 1
        except Exception as exc:  # nothing of the run was kept
            log.info("%d messages taken one by one (%r)", len(run), exc)
            return await self._alone(run)
        MESSAGES.labels(self.consumer, "processed").inc(handled)
        return done

    async def _alone(self, run: Sequence[Delivery]) -> int:
        for done, delivery in enumerate(run):
            if self._stopping.is_set():
                return done
            try:
                await self.process(delivery)
            except ShutdownRequested:  # set only once stopping is
                log.info("shutting down during a retry; the message will be redelivered")
                return done
        return len(run)

    async def process(self, delivery: Delivery) -> None:
        await self._process(delivery, together=False)

    async def _process(self, delivery: Delivery, *, together: bool) -> bool:
        """True if a handler took it. Together with other messages, whatever fails raises:
        the run then processes it alone, where it is retried or dead-lettered."""
        try:
            env = Envelope.model_validate_json(delivery.value)
        except ValidationError as exc:
            if together:
                raise _NotTogether("malformed envelope") from exc
            await self._dead_letter(delivery, "malformed_envelope", exc)
            return False
        handler = self._handlers.get(env.type)
        if handler is None:
            return False  # not an event this consumer acts on: tolerant reader
        attributes = {
            "messaging.system": "kafka",
            "messaging.destination.name": delivery.topic,
            "messaging.consumer.group.name": self.consumer,
            "messaging.message.id": str(env.id),
        }
        with (
            log_context(complaint_id=env.subject, correlation_id=str(env.correlation_id or "")),
            tracing.span(
                f"process {env.type}",
                kind=SpanKind.CONSUMER,
                parent=env.traceparent,
                attributes=attributes,
            ),
        ):
            try:
                payload = self._registry.parse(env)
            except (ValidationError, UnknownEventVersion, KeyError) as exc:
                if together:
                    raise _NotTogether("invalid payload") from exc
                await self._dead_letter(delivery, "invalid_payload", exc)
                return False
            if together:
                await handler(payload, env)
            else:
                await self._handle_with_retries(handler, payload, env, delivery)
            return True

    async def _handle_with_retries(
        self, handler: Handler, payload: Payload, env: Envelope, delivery: Delivery
    ) -> None:
        attempt = 0
        while True:
            attempt += 1
            try:
                await handler(payload, env)
                MESSAGES.labels(self.consumer, "processed").inc()
                return
            except PoisonMessage as exc:
                await self._dead_letter(delivery, "rejected_by_handler", exc)
                return
            except Exception as exc:
                transient = is_transient(exc)
                if not transient and attempt >= self._retry.max_attempts:
                    log.exception("event %s failed %d times", env.id, attempt)
                    await self._dead_letter(delivery, "handler_failed", exc)
                    return
                delay = self._retry.delay(attempt)
                MESSAGES.labels(self.consumer, "retried").inc()
                log.warning(
                    "event %s attempt %d failed (%r); retry in %.1fs", env.id, attempt, exc, delay
                )
                await self._sleep_or_stop(delay)

    async def _sleep_or_stop(self, delay: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=delay)
        except TimeoutError:
            return
        raise ShutdownRequested

    async def _dead_letter(self, delivery: Delivery, reason: str, exc: BaseException) -> None:
        MESSAGES.labels(self.consumer, "dead_lettered").inc()
        log.error(
            "dead-lettering %s[%d]@%d: %s: %s",
            delivery.topic,
            delivery.partition,
            delivery.offset,
            reason,
            exc,
        )
        headers = (
            ("dlq.reason", reason.encode()),
            ("dlq.error", f"{type(exc).__name__}: {exc}"[:2000].encode()),
            ("dlq.consumer", self.consumer.encode()),
            ("dlq.source.topic", delivery.topic.encode()),
            ("dlq.source.partition", str(delivery.partition).encode()),
            ("dlq.source.offset", str(delivery.offset).encode()),
        )
        message = BrokerMessage(
            self._dlq_topic, delivery.key, delivery.value, delivery.headers + headers
        )
        await self._dead_letters.publish_many([message])
