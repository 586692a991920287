"""Processing one delivered message: decode, dispatch, retry, or dead-letter with the reason.

The same processor runs behind the Kafka consumer loop and the in-process bus, so both modes
share one behaviour. Offsets are committed by the caller only after process() returns.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
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
    ) -> None:
        self.consumer = consumer
        self._registry, self._handlers = registry, handlers
        self._dead_letters, self._dlq_topic = dead_letters, dead_letter_topic
        self._retry, self._stopping = retry, stopping

    async def process(self, delivery: Delivery) -> None:
        try:
            env = Envelope.model_validate_json(delivery.value)
        except ValidationError as exc:
            await self._dead_letter(delivery, "malformed_envelope", exc)
            return
        handler = self._handlers.get(env.type)
        if handler is None:
            return  # not an event this consumer acts on: tolerant reader
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
                await self._dead_letter(delivery, "invalid_payload", exc)
                return
            await self._handle_with_retries(handler, payload, env, delivery)

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
