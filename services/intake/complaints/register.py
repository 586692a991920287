"""Intake's use cases."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from sqlalchemy.exc import DBAPIError, IntegrityError

from services.intake.attachments.files import KeptFile, keep_files
from services.intake.complaints.domain import Channel, Complaint
from services.intake.complaints.messages import CustomerMessage, MessageKind
from services.intake.complaints.timeline import TimelineEntry
from services.intake.customers.contacts import (
    MissingContact,
    detect_language,
    normalize_email,
    normalize_phone,
)
from services.intake.customers.domain import Customer, CustomerDetails
from services.intake.inbound.survey_reading import SurveyReading, read_survey
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.db.races import lost_a_race

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IntakePolicy:
    first_response_within: timedelta = timedelta(hours=24)
    phone_region: str = "CN"
    reference_prefix: str = "TS"
    repeat_window: timedelta = timedelta(days=180)


@dataclass(frozen=True)
class NewComplaint:
    channel: Channel
    customer: CustomerDetails
    text: str
    details: dict[str, Any] = field(default_factory=dict)
    external_ref: str | None = None
    category: str | None = None
    received_at: datetime | None = None
    idempotency_key: str | None = None
    request_hash: str | None = None
    files: tuple[KeptFile, ...] = ()
    gateway: str | None = None  # the integration that pushed it
    subject: str | None = None


@dataclass(frozen=True)
class Registration:
    complaint: Complaint
    replayed: bool
    survey_reply: bool = False  # an answer to that complaint's survey, not a new complaint


def contact_of(new: NewComplaint, policy: IntakePolicy) -> Customer:
    """The customer as this complaint describes them, contacts normalised; the channel's own
    sender (caller number, SMS sender, e-mail sender, letter address) fills what is missing."""
    given, details = new.customer, new.details
    phone, email, postal = given.phone, given.email, given.postal_address
    preferred = given.preferred_channel
    if new.channel is Channel.PHONE:
        phone = phone or details.get("caller_number")
    elif new.channel is Channel.SMS:
        phone = phone or details.get("sender_address")
    elif new.channel is Channel.EMAIL:
        email = email or details.get("sender_address")
    elif new.channel is Channel.WEB and (sender := details.get("sender_address")):
        if "@" in sender:
            email = email or sender
        else:
            phone = phone or sender
    elif new.channel is Channel.LETTER:
        postal = postal or details.get("sender_address")
        if details.get("reply_by_post"):
            preferred = "letter"
    if not (phone or email or postal):
        raise MissingContact(
            "give the customer's phone, e-mail or postal address so they can be answered"
        )
    return Customer(
        id=uuid4(),
        **(
            asdict(given)
            | {
                "phone": normalize_phone(phone, default_region=policy.phone_region)
                if phone
                else None,
                "email": normalize_email(email) if email else None,
                "postal_address": postal,
                "preferred_channel": preferred,
            }
        ),
    )


async def register_complaint(
    uow: IntakeUnitOfWork, new: NewComplaint, policy: IntakePolicy
) -> Registration:
    """Idempotent on the Idempotency-Key and on (channel, external reference)."""
    described = contact_of(new, policy)
    if new.channel in (Channel.SMS, Channel.EMAIL) and (reading := read_survey(new.text)).answers:
        answered = await answer_survey(uow, new, described, reading)
        if answered is not None:
            return answered
    return await register_new(uow, new, described, policy)


async def register_new(
    uow: IntakeUnitOfWork, new: NewComplaint, described: Customer, policy: IntakePolicy
) -> Registration:
    """The first attempt does not look for an earlier registration of the same request: its
    unique keys (Idempotency-Key; channel and external reference) refuse the insert if there
    is one, and the next attempt finds it. A replay costs a rolled-back transaction; every
    new complaint saves a round trip."""
    for attempt in range(3):
        try:
            return await _register_once(uow, new, described, policy, look_first=attempt > 0)
        except IntegrityError:
            # A unique key was taken: a replay, or a concurrent twin (the same request, or a
            # new customer's contact). Run again, and find what it wrote.
            log.debug("registration met a taken unique key (attempt %d)", attempt + 1)
        except DBAPIError as error:
            # Twins inserting the same customer and complaint keys can wait on each other;
            # PostgreSQL aborts one, which runs again and finds the other's rows.
            if not lost_a_race(error):
                raise
            log.info("registration lost a race with a concurrent one (attempt %d)", attempt + 1)
    return await _register_once(uow, new, described, policy, look_first=True)


async def _register_once(
    uow: IntakeUnitOfWork,
    new: NewComplaint,
    described: Customer,
    policy: IntakePolicy,
    *,
    look_first: bool,
) -> Registration:
    async with uow:
        if look_first and (existing := await _existing(uow, new)):
            return Registration(existing, replayed=True)
        now = uow.clock.now()
        customer, recent = await _identify_counting(uow, described, now, policy.repeat_window)
        number = await uow.complaints.next_number()
        complaint = Complaint.register(
            customer=customer,
            now=now,
            first_response_within=policy.first_response_within,
            recent=(recent, policy.repeat_window.days),
            reference=f"{policy.reference_prefix}-{now.year}-{number:06d}",
            channel=new.channel,
            external_ref=new.external_ref,
            text=new.text,
            details=new.details,
            category=new.category,
            language=detect_language(new.text),
            received_at=new.received_at or now,
            idempotency_key=new.idempotency_key,
            request_hash=new.request_hash,
        )
        await uow.complaints.add(complaint)
        first = CustomerMessage(
            complaint.id,
            MessageKind.COMPLAINT,
            new.channel.value,
            new.text,
            complaint.received_at,
            gateway=new.gateway,
            external_id=new.external_ref,
            sender=new.details.get("sender_address"),
            subject=new.subject,
        )
        await uow.messages.add(first)
        await keep_files(uow, complaint.id, first.id, new.files, now)
        await uow.timeline.record(
            complaint.id,
            TimelineEntry(
                "complaint.registered", "intake", now, {"reference": complaint.reference}
            ),
        )
        await uow.commit()
        return Registration(complaint, replayed=False)


async def answer_survey(
    uow: IntakeUnitOfWork, new: NewComplaint, described: Customer, reading: SurveyReading
) -> Registration | None:
    """A reply from a customer whose survey waits on this channel is that survey's answer;
    the gateway's message id keeps a redelivered reply from counting twice."""
    reply_ref = f"{new.channel.value}:{new.external_ref}" if new.external_ref else None
    async with uow:
        if reply_ref and (answered := await uow.complaints.by_survey_reply(reply_ref)):
            return Registration(answered, replayed=True, survey_reply=True)
        now = uow.clock.now()
        for customer in await uow.customers.find_by_contact(
            phone=described.phone, email=described.email
        ):
            for complaint in await uow.complaints.awaiting_survey(customer.id, new.channel):
                if complaint.takes_survey_reply(new.channel, now):
                    complaint.answer_survey(reading.score, reading.outcome, new.text, now)
                    await uow.complaints.save_state(complaint, reply_ref=reply_ref)
                    await uow.timeline.record(
                        complaint.id,
                        TimelineEntry(
                            "survey.replied",
                            "intake",
                            now,
                            {
                                "score": reading.score,
                                "outcome": reading.outcome,
                                "text": new.text[:500],
                            },
                        ),
                    )
                    await uow.commit()
                    return Registration(complaint, replayed=False, survey_reply=True)
    return None


async def _existing(uow: IntakeUnitOfWork, new: NewComplaint) -> Complaint | None:
    if new.idempotency_key and (
        found := await uow.complaints.get_by_idempotency_key(new.idempotency_key)
    ):
        found.check_replay(new.request_hash or "")
        return found
    if new.external_ref:
        return await uow.complaints.get_by_external_ref(new.channel, new.external_ref)
    return None


async def _identify_counting(
    uow: IntakeUnitOfWork, described: Customer, now: datetime, repeat_window: timedelta
) -> tuple[Customer, int]:
    """The complaint's customer, its complaint counted, and how many complaints they made in
    the repeat window before this one: counted in the statement that stores their details."""
    described = replace(described)  # the caller may retry with the original
    matches = await uow.customers.find_by_contact(phone=described.phone, email=described.email)
    if not matches:
        # Someone new who gave no name (an SMS or e-mail sender) is known by their contact.
        described.name = described.name or described.phone or described.email or ""
        described.name = described.name or described.postal_address or ""
        described.complaint_count = 1
        await uow.customers.add(described, now)
        return described, 0
    customer = matches[0]
    # Never move a contact that already identifies another customer.
    for other in matches[1:]:
        if other.phone is not None and other.phone == described.phone:
            described.phone = None
        if other.email is not None and other.email == described.email:
            described.email = None
    customer.absorb(described)
    recent = await uow.customers.save_counting(customer, now, since=now - repeat_window)
    return customer, recent
