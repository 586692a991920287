"""The follow-up dispatcher (a periodic job): write the messages that are due, hand them to the
SMS gateway or the mail server, and move on a survey nobody answered.

A message row is written in the same transaction that makes the callback's attempt, under a
unique (callback, attempt); sending happens outside any transaction, under a lease, with the
message id as the idempotency key. So a dispatcher killed mid-send, or a gateway timeout, is
retried with the same key and never becomes a second message."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Row

from services.followup.callbacks.states import Status
from services.followup.outbound.texts import Texts
from services.followup.outbound.transports import (
    Outgoing,
    Permanent,
    Temporary,
    Transport,
    Uncertain,
)
from services.followup.planning.contacts import FollowupPolicy, customer_times, replanner
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.metrics import OUTBOUND_MESSAGES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendResult:
    transports: Mapping[str, Transport]  # by channel: sms, email
    max_tries: int = 6
    first_backoff: timedelta = timedelta(seconds=30)
    lease: timedelta = timedelta(minutes=2)
    concurrency: int = 8


class Dispatcher:
    def __init__(
        self,
        make_uow: Callable[[], FollowupUnitOfWork],
        policy: FollowupPolicy,
        texts: Texts,
        delivery: SendResult,
    ) -> None:
        self._uow = make_uow
        self._policy, self._texts, self._delivery = policy, texts, delivery

    async def run_once(self, batch: int = 100) -> int:
        """One pass; how many things it moved."""
        return sum(await self._one_pass(batch))

    async def catch_up(self, batch: int = 100) -> bool:
        """One pass, as the periodic job; True if a part of it took a full batch, so that the
        next pass runs at once: a morning's surveys go out at the gateway's pace, not a batch
        per interval."""
        return max(await self._one_pass(batch)) >= batch

    async def _one_pass(self, batch: int) -> tuple[int, int, int]:
        written = await self.write_due(batch)
        sent = await self.send_pending(batch)
        return written, sent, await self.chase_replies(batch)

    async def write_due(self, batch: int) -> int:
        """Due SMS and e-mail contacts become messages (and attempts) in one transaction."""
        async with self._uow() as uow:
            now = uow.clock.now()
            due = await uow.callbacks.due_written(now, batch)
            for callback in due:
                case = await uow.cases.get(callback.complaint_id)
                recipient = (
                    None
                    if case is None
                    else (case.phone if callback.channel == "sms" else case.email)
                )
                if case is None or not recipient:
                    callback.cancel(now, f"no {callback.channel} contact")
                else:
                    zone = customer_times(case, self._policy).zone
                    text = self._texts.message(case, callback.purpose, callback.channel, zone)
                    attempt = callback.queue_message()
                    await uow.messages.add(
                        id=uuid4(),
                        callback_id=callback.id,
                        attempt=attempt,
                        channel=callback.channel,
                        recipient=recipient,
                        subject=text.subject,
                        body=text.body,
                        now=now,
                    )
                await uow.callbacks.save(callback)
            await uow.commit()
        return len(due)

    async def send_pending(self, batch: int) -> int:
        async with self._uow() as uow:
            now = uow.clock.now()
            claimed = await uow.messages.claim_pending(now, now + self._delivery.lease, batch)
            await uow.commit()
        # Several at once: the gateway's round trip, not the database, is the slow part.
        gate = asyncio.Semaphore(self._delivery.concurrency)

        async def send(message: Outgoing) -> None:
            async with gate:
                await self._send(message)

        await asyncio.gather(*(send(m) for m in claimed))
        return len(claimed)

    async def _send(self, message: Outgoing) -> None:
        transport = self._delivery.transports[message.channel]
        try:
            provider_id = await transport.send(message)
        except Temporary as exc:
            outcome = await self._retry_later(message.id, str(exc))
        except (Permanent, Uncertain) as exc:
            await self._settle(message.id, ok=False, error=str(exc))
            outcome = "failed"
        else:
            await self._settle(message.id, ok=True, provider_id=provider_id)
            outcome = "sent"
        OUTBOUND_MESSAGES.labels(message.channel, outcome).inc()

    async def _retry_later(self, message_id: UUID, error: str) -> str:
        async with self._uow() as uow:
            tries = await uow.messages.tries(message_id)
            if tries >= self._delivery.max_tries:
                await uow.commit()
                await self._settle(message_id, ok=False, error=f"gave up: {error}")
                return "failed"
            wait = self._delivery.first_backoff * 2 ** (tries - 1)
            await uow.messages.retry_at(message_id, uow.clock.now() + wait, error)
            await uow.commit()
        log.info("message %s: %s; retrying in %s", message_id, error, wait)
        return "retried"

    async def _settle(
        self,
        message_id: UUID,
        *,
        ok: bool,
        provider_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """The message is out (or will never be): the callback moves on in one transaction."""
        async with self._uow() as uow:
            now = uow.clock.now()
            row = await uow.messages.settle(
                message_id, now, ok=ok, provider_id=provider_id, error=error
            )
            await self._callback_learns(uow, row, ok=ok, error=error or "")
            await uow.commit()

    async def delivery_report(
        self, message_id: UUID, *, delivered: bool, error: str | None
    ) -> None:
        """The gateway's later word: a message it could not deliver moves the callback on."""
        async with self._uow() as uow:
            row = await uow.messages.report(
                message_id, uow.clock.now(), delivered=delivered, error=error
            )
            if not delivered:
                await self._callback_learns(uow, row, ok=False, error=error or "undelivered")
            await uow.commit()

    async def _callback_learns(
        self, uow: FollowupUnitOfWork, message: Row[Any], *, ok: bool, error: str
    ) -> None:
        """Only about the callback's current attempt: a late report on an earlier one is kept
        on the message, not acted on."""
        now = uow.clock.now()
        callback = await uow.callbacks.get(message.callback_id, lock=True)
        case = None if callback is None else await uow.cases.get(callback.complaint_id)
        if callback is None or case is None or callback.attempts != message.attempt:
            return
        if ok and callback.status is Status.SENDING:
            callback.message_sent(now, self._policy.retry, reply_to=message.recipient)
        elif not ok and callback.status in (Status.SENDING, Status.AWAITING_REPLY):
            replan = await replanner(uow, case, self._policy)
            callback.message_failed(now, case.usable_channels(), self._policy.retry, replan, error)
        await uow.callbacks.save(callback)

    async def chase_replies(self, batch: int) -> int:
        """A survey unanswered after the reply window: the next channel, or unreachable."""
        async with self._uow() as uow:
            now = uow.clock.now()
            overdue = await uow.callbacks.replies_overdue(now, batch)
            for callback in overdue:
                case = await uow.cases.get(callback.complaint_id)
                if case is not None:
                    replan = await replanner(uow, case, self._policy)
                    callback.reply_overdue(now, case.usable_channels(), self._policy.retry, replan)
                    await uow.callbacks.save(callback)
            await uow.commit()
        return len(overdue)
