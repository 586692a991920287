"""New alerts delivered to people: a webhook signed the Standard Webhooks way and e-mail to
the configured addresses. Each (alert, recipient) is a row, planned in the transaction that
raises the alert, claimed for a while by the detector that sends it, and retried with backoff
until sent or refused for good: a detector that dies mid-send leaves it to the next pass."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr
from typing import TYPE_CHECKING
from uuid import UUID

import aiosmtplib
import httpx
from sqlalchemy import select, update

from services.insights.tables import alert_deliveries as deliveries
from services.insights.tables import alerts
from services.insights.warning import messages
from services.insights.warning.repository import AlertView
from shared.db.session import BatchingSession
from shared.events.envelope import Trace
from shared.mail import SmtpSettings
from shared.webhooks import standard_headers

if TYPE_CHECKING:  # the unit of work imports this module
    from services.insights.unit_of_work import InsightsUnitOfWork

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
RETRY_MINUTES = (1, 2, 5, 15, 30, 60, 120)  # then it is given up


class Refused(Exception):
    """The recipient will never take it (an HTTP 4xx, an address refused)."""


@dataclass(frozen=True)
class Due:
    id: int
    alert: AlertView
    target: str
    attempts: int


class DeliveryRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session

    def plan(self, alert_id: UUID, targets: Sequence[str], now: datetime) -> None:
        for target in targets:
            row = {"alert_id": alert_id, "target": target, "status": "pending", "attempts": 0}
            self._session.insert_later(deliveries, row | {"next_at": now})

    async def claim_due(self, now: datetime, limit: int = 50) -> list[Due]:
        """Due deliveries, each claimed for LEASE (a row another detector claimed first is
        left to it)."""
        query = (
            select(
                deliveries.c.id.label("delivery_id"),
                deliveries.c.target,
                deliveries.c.attempts,
                deliveries.c.next_at.label("due_at"),
                *alerts.c,
            )
            .join(alerts, alerts.c.id == deliveries.c.alert_id)
            .where(deliveries.c.status == "pending", deliveries.c.next_at <= now)
            .order_by(deliveries.c.next_at)
            .limit(limit)
        )
        claimed = []
        for row in (await self._session.execute(query)).all():
            taken = await self._session.execute(
                update(deliveries)
                .where(deliveries.c.id == row.delivery_id, deliveries.c.next_at == row.due_at)
                .where(deliveries.c.status == "pending")
                .values(next_at=now + LEASE, attempts=deliveries.c.attempts + 1)
            )
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                alert = AlertView.model_validate(row)
                claimed.append(Due(row.delivery_id, alert, row.target, row.attempts + 1))
        return claimed

    async def sent(self, delivery_id: int, now: datetime) -> None:
        await self._session.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(status="sent", sent_at=now, last_error=None)
        )

    async def failed(self, due: Due, error: str, now: datetime, *, for_good: bool) -> None:
        given_up = for_good or due.attempts > len(RETRY_MINUTES)
        retry = now + timedelta(minutes=RETRY_MINUTES[min(due.attempts, len(RETRY_MINUTES)) - 1])
        await self._session.execute(
            update(deliveries)
            .where(deliveries.c.id == due.id)
            .values(
                status="failed" if given_up else "pending",
                next_at=now if given_up else retry,
                last_error=error[:500],
            )
        )


@dataclass(frozen=True)
class Recipients:
    webhook_url: str = ""
    webhook_secret: str = ""
    emails: tuple[str, ...] = ()
    smtp: SmtpSettings | None = None

    @property
    def targets(self) -> list[str]:
        found = [f"webhook:{self.webhook_url}"] if self.webhook_url else []
        return found + [f"email:{address}" for address in self.emails]


@dataclass
class Courier:
    make_uow: Callable[[Trace], InsightsUnitOfWork]
    recipients: Recipients
    http: Callable[[], httpx.AsyncClient] = lambda: httpx.AsyncClient(timeout=10)

    async def deliver_due(self) -> int:
        """Sends what is due; how many went."""
        async with self.make_uow(Trace()) as uow:
            now = uow.clock.now()
            due = await uow.deliveries.claim_due(now)
            await uow.commit()
        went = 0
        for one in due:
            error, for_good = None, False
            try:
                await self._send(one, now)
            except Refused as exc:
                error, for_good = str(exc), True
            except (httpx.HTTPError, aiosmtplib.SMTPException, OSError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            async with self.make_uow(Trace()) as uow:
                now = uow.clock.now()
                if error is None:
                    await uow.deliveries.sent(one.id, now)
                    went += 1
                else:
                    log.warning("alert delivery to %s failed: %s", one.target, error)
                    await uow.deliveries.failed(one, error, now, for_good=for_good)
                await uow.commit()
        return went

    async def _send(self, due: Due, now: datetime) -> None:
        kind, _, address = due.target.partition(":")
        if kind == "webhook":
            await self._post(address, due.alert, now)
        else:
            await self._mail(address, due.alert)

    async def _post(self, url: str, alert: AlertView, now: datetime) -> None:
        body = messages.webhook_body(alert, now)
        # One id per alert: the endpoint recognises a retried delivery.
        secret = self.recipients.webhook_secret
        headers = standard_headers(secret, f"alert_{alert.id}", body, now)
        async with self.http() as client:
            response = await client.post(url, content=body, headers=headers)
        if response.status_code in (408, 429) or response.status_code >= 500:
            raise httpx.HTTPStatusError("retry", request=response.request, response=response)
        if response.status_code >= 400:
            raise Refused(f"the webhook answered {response.status_code}")

    async def _mail(self, address: str, alert: AlertView) -> None:
        smtp = self.recipients.smtp
        if smtp is None:
            raise Refused("no SMTP server is configured (INSIGHTS_SMTP_HOST)")
        subject, body = messages.mail(alert)
        mail = EmailMessage()
        mail["From"] = formataddr((smtp.sender_name, smtp.sender))
        mail["To"] = address
        mail["Subject"] = subject
        mail.set_content(body)
        try:
            await aiosmtplib.send(
                mail,
                hostname=smtp.host,
                port=smtp.port,
                username=smtp.username,
                password=smtp.password,
                start_tls=smtp.starttls,
                timeout=smtp.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise Refused(f"{address} was refused") from exc
