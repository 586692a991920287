"""A customer's message from a gateway: a survey answer, a reply to their open complaint, or a
new complaint. Redelivery of the same provider message id changes nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError

from services.intake.attachments.files import FileKeeper, KeptFile, keep_files
from services.intake.complaints import register
from services.intake.complaints.domain import Complaint
from services.intake.complaints.messages import CustomerMessage, MessageKind
from services.intake.complaints.timeline import TimelineEntry
from services.intake.customers.domain import Customer, CustomerDetails
from services.intake.inbound.message import InboundMessage, storable
from services.intake.inbound.reply_matching import match_reply
from services.intake.inbound.reply_reading import read_reply
from services.intake.inbound.survey_reading import read_survey
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.errors import InvalidRequest

log = logging.getLogger(__name__)
MAX_TEXT = 10_000


class EmptyMessage(InvalidRequest):
    code = "empty_message"


@dataclass(frozen=True)
class Receipt:
    complaint: Complaint
    recorded_as: Literal["complaint", "reply", "survey_reply"]
    duplicate: bool = False


@dataclass(frozen=True)
class ThreadingPolicy:
    window: timedelta = timedelta(hours=72)


def _statement(msg: InboundMessage) -> str:
    subject = (msg.subject or "").strip()
    body = msg.text.strip()
    text = f"{subject}\n\n{body}" if subject and subject not in body else body or subject
    if not text and (msg.attachments or msg.media):  # a photo sent without words
        text = "[" + ", ".join([a.filename for a in msg.attachments] + list(msg.media)) + "]"
    if not text:
        raise EmptyMessage("the message has no text, subject or attachment")
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _details(msg: InboundMessage) -> dict[str, Any]:
    """What intake keeps of the gateway's message beside its text."""
    details: dict[str, Any] = {
        "message_id": msg.message_id,
        "sender_address": msg.sender,
        "gateway": msg.gateway,
    }
    if msg.subject:
        details["subject"] = msg.subject[:500]
    if msg.media:
        details["media"] = list(msg.media)
    return details


async def receive(
    uow: IntakeUnitOfWork,
    msg: InboundMessage,
    policy: register.IntakePolicy,
    threading: ThreadingPolicy,
    files: FileKeeper,
) -> Receipt:
    msg = storable(msg)
    text = _statement(msg)
    if seen := await _seen(uow, msg):
        return seen
    details = _details(msg)
    new = register.NewComplaint(
        channel=msg.channel,
        customer=CustomerDetails(name=msg.sender_name or ""),
        text=text,
        details=details,
        external_ref=msg.message_id,
        received_at=msg.received_at,
        gateway=msg.gateway,
        subject=msg.subject,
    )
    described = register.contact_of(new, policy)
    if (reading := read_survey(msg.text)).answers:
        answered = await register.answer_survey(uow, new, described, reading)
        if answered is not None:
            return Receipt(answered.complaint, "survey_reply", answered.replayed)
    kept, refused = await files.keep(
        msg.attachments, trusted=(msg.original,) if msg.original else ()
    )
    if refused:
        details["refused_attachments"] = refused
    try:
        # A reply's subject is the thread's ("Re: ..."): only its body joins the complaint.
        body = replace(new, text=msg.text.strip()[:MAX_TEXT] or text)
        replied, related = await _reply(
            uow, body, described, msg.references, kept, policy, threading
        )
        if replied is not None:
            return replied
    except IntegrityError:  # the same message, delivered twice at once, won elsewhere
        if seen := await _seen(uow, msg):
            return seen
        raise
    if related:  # the customer named a settled complaint: the new one cites it
        details["related_reference"] = related
    registration = await register.register_new(uow, replace(new, files=kept), described, policy)
    return Receipt(registration.complaint, "complaint", registration.replayed)


async def _seen(uow: IntakeUnitOfWork, msg: InboundMessage) -> Receipt | None:
    async with uow:
        earlier = await uow.messages.find(msg.channel.value, msg.message_id)
        if earlier is None:
            return None
        complaint = await uow.complaints.get(earlier.complaint_id)
        assert complaint is not None  # noqa: S101 - a message row references its complaint
        if earlier.kind is MessageKind.COMPLAINT:
            return Receipt(complaint, "complaint", duplicate=True)
        return Receipt(complaint, "reply", duplicate=True)


async def _reply(
    uow: IntakeUnitOfWork,
    new: register.NewComplaint,
    described: Customer,
    references: tuple[str, ...],
    kept: tuple[KeptFile, ...],
    policy: register.IntakePolicy,
    threading: ThreadingPolicy,
) -> tuple[Receipt | None, str | None]:
    """The reply added to the open complaint it belongs to; else None, and the reference of a
    settled complaint of theirs it named, if any."""
    async with uow:
        now = uow.clock.now()
        customers = await uow.customers.find_by_contact(
            phone=described.phone, email=described.email
        )
        match = await match_reply(
            uow,
            customer_ids=[c.id for c in customers],
            references=references,
            text=f"{new.subject or ''}\n{new.text}",
            reference_prefix=policy.reference_prefix,
            window=threading.window,
            now=now,
        )
        if match.complaint is None:
            return None, match.related_reference
        complaint = match.complaint
        if (read := read_reply(complaint.text, new.text)).verdict == "new":
            # Another matter, even from the same sender: its own complaint, citing this one.
            log.info(
                "%s not threaded into %s: %s", new.external_ref, complaint.reference, read.cues
            )
            return None, complaint.reference
        complaint.add_information(new.text, now)
        await uow.complaints.save_text(complaint)
        message = CustomerMessage(
            complaint.id,
            MessageKind.REPLY,
            new.channel.value,
            new.text,
            new.received_at or now,
            gateway=new.gateway,
            external_id=new.external_ref,
            sender=new.details["sender_address"],
            subject=new.subject,
        )
        await uow.messages.add(message)
        stored = await keep_files(uow, complaint.id, message.id, kept, now)
        await uow.timeline.record(
            complaint.id,
            TimelineEntry(
                "complaint.updated",
                "intake",
                now,
                {
                    "added_text": new.text[:500],
                    "via": new.channel.value,
                    "attachments": [a.filename for a in stored],
                },
            ),
        )
        await uow.commit()
        return Receipt(complaint, "reply"), None


async def spend_token(uow: IntakeUnitOfWork, token: str, window: timedelta) -> bool:
    """A signed request's single-use token: False when it was seen (a replay). Two replays
    racing both insert; the loser's unique violation means the same."""
    try:
        async with uow:
            now = uow.clock.now()
            fresh = await uow.messages.spend_token(token, now, now - 2 * window)
            await uow.commit()
            return fresh
    except IntegrityError:
        return False
