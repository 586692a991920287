"""Intake's HTTP routes: parse, call one use case, map the result."""

from __future__ import annotations

import hashlib
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Header, Path, Query, Response, status

from services.intake import queries
from services.intake.attachments.api import attachment_out
from services.intake.audit.api import note
from services.intake.audit.reads import Read
from services.intake.complaints import case_file, changes, register
from services.intake.complaints.domain import Channel, Complaint, Status
from services.intake.complaints.schemas import (
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    InformationIn,
    MessageOut,
    PastComplaint,
    RegistrationAnswer,
    TimelineEntryOut,
    WithdrawIn,
)
from services.intake.complaints.timeline import TimelineEntry
from services.intake.customers import screen_pop as screen_pop_query
from services.intake.customers.domain import CustomerDetails
from services.intake.customers.schemas import CallerOut, CallerProfile, LastContact, OpenComplaint
from services.intake.dependencies import IntakeDep
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.auth.remit import remit_of
from shared.events.envelope import Trace
from shared.web.bounds import LooseInstant

router = APIRouter(prefix="/v1", tags=["complaints"])
CanWrite = Depends(require("complaints:write"))
# Readers see the complaints of their remit (shared/auth/remit.py); writers are never bound.
Reader = Annotated[Principal, Depends(require("complaints:read"))]


@router.post("/complaints", status_code=status.HTTP_202_ACCEPTED, dependencies=[CanWrite])
async def register_complaint(
    body: ComplaintIn,
    intake: IntakeDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
    x_correlation_id: Annotated[UUID | None, Header()] = None,
    traceparent: Annotated[str | None, Header(max_length=55)] = None,
) -> RegistrationAnswer:
    new = register.NewComplaint(
        channel=Channel(body.channel),
        customer=CustomerDetails(**body.customer.model_dump()),
        text=body.text,
        details=body.details.model_dump(mode="json"),
        external_ref=body.details.external_ref,
        category=body.category,
        received_at=body.received_at,
        idempotency_key=idempotency_key,
        request_hash=hashlib.sha256(body.model_dump_json().encode()).hexdigest(),
    )
    uow = intake.uow(Trace(correlation_id=x_correlation_id or uuid4(), traceparent=traceparent))
    registration = await register.register_complaint(uow, new, intake.policy)
    if registration.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    c = registration.complaint
    return RegistrationAnswer(
        id=c.id,
        reference=c.reference,
        status=c.status.value,
        first_response_due=c.first_response_due,
        repeat_count=c.repeat_count,
        recorded_as="survey_reply" if registration.survey_reply else "complaint",
    )


def _out(c: Complaint, timeline: list[TimelineEntry] | None = None) -> ComplaintOut:
    return ComplaintOut(
        id=c.id,
        reference=c.reference,
        channel=c.channel.value,
        status=c.status.value,
        department=c.department,
        priority=c.priority,
        customer_id=c.customer_id,
        text=c.text,
        category=c.category,
        language=c.language,
        details=c.details,
        received_at=c.received_at,
        registered_at=c.registered_at,
        first_response_due=c.first_response_due,
        resolution_due=c.resolution_due,
        repeat_count=c.repeat_count,
        timeline=[
            TimelineEntryOut(type=e.type, at=e.at, source=e.source, data=e.data)
            for e in timeline or []
        ],
    )


@router.post("/complaints/{complaint_id}/information", dependencies=[CanWrite])
async def add_information(
    complaint_id: UUID, body: InformationIn, intake: IntakeDep
) -> ComplaintOut:
    """The customer adds what was missing, or something new (`complaint.updated`)."""
    return _out(await changes.add_information(intake.uow(), complaint_id, body.text))


@router.post("/complaints/{complaint_id}/withdraw", dependencies=[CanWrite])
async def withdraw(complaint_id: UUID, body: WithdrawIn, intake: IntakeDep) -> ComplaintOut:
    """The customer withdraws it (`complaint.withdrawn`): handling stops and pending
    callbacks are cancelled."""
    return _out(await changes.withdraw(intake.uow(), complaint_id, body.reason))


@router.get("/complaints/{complaint_id}")
async def get_complaint(complaint_id: UUID, intake: IntakeDep, reader: Reader) -> ComplaintOut:
    case = await case_file.get_complaint(intake.uow(), complaint_id, remit_of(reader))
    await note(intake, reader, Read("complaint", complaint_id, case.complaint.customer_id))
    out = _out(case.complaint, case.timeline)
    out.customer_history = [
        PastComplaint(
            id=c.id,
            reference=c.reference,
            channel=c.channel.value,
            status=c.status.value,
            department=c.department,
            registered_at=c.registered_at,
        )
        for c in case.history
    ]
    out.messages = [
        MessageOut(
            id=m.id,
            kind=m.kind.value,
            channel=m.channel,
            gateway=m.gateway,
            sender=m.sender,
            subject=m.subject,
            text=m.text,
            received_at=m.received_at,
        )
        for m in case.messages
    ]
    out.attachments = [attachment_out(a) for a in case.attachments]
    return out


Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/callers/{number}")
async def screen_pop(
    number: Annotated[str, Path(max_length=40)], intake: IntakeDep, reader: Reader
) -> CallerOut:
    """Who is calling: the customer, their open complaints with deadlines, whether they are a
    repeat complainant, and the last contacts; `known: false` for a new caller (and, for staff
    bound to a department, for a caller with no open complaint there)."""
    policy = intake.policy
    caller = await screen_pop_query.look_up(
        intake.uow(),
        number,
        phone_region=policy.phone_region,
        repeat_window=policy.repeat_window,
        remit=remit_of(reader),
    )
    c = caller.customer
    if c is not None:
        await note(intake, reader, Read("screen_pop", customer_id=c.id))
    return CallerOut(
        number=caller.number,
        known=c is not None,
        recent_count=caller.recent_count,
        repeat_complainant=caller.recent_count > 0,
        customer=None
        if c is None
        else CallerProfile(
            customer_id=c.id,
            name=c.name,
            segment=c.segment,
            email=c.email,
            preferred_channel=c.preferred_channel,
            phone_reported_invalid=c.phone_invalid_at is not None,
            complaint_count=c.complaint_count,
        ),
        open_complaints=[
            OpenComplaint(
                id=o.id,
                reference=o.reference,
                channel=o.channel.value,
                status=o.status.value,
                department=o.department,
                priority=o.priority,
                registered_at=o.registered_at,
                first_response_due=o.first_response_due,
                resolution_due=o.resolution_due,
            )
            for o in caller.open_complaints
        ],
        last_contacts=[
            LastContact(reference=ref, type=e.type, at=e.at, data=e.data)
            for ref, e in caller.last_contacts
        ],
    )


@router.get("/complaints")
async def list_complaints(
    intake: IntakeDep,
    reader: Reader,
    phone: str | None = None,
    email: str | None = None,
    status: Status | None = None,
    channel: Channel | None = None,
    registered_from: Annotated[LooseInstant | None, Query(alias="from")] = None,
    registered_to: Annotated[LooseInstant | None, Query(alias="to")] = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> ComplaintPage:
    search = queries.ComplaintSearch(
        phone=phone,
        email=email,
        status=status,
        channel=channel,
        registered_from=registered_from,
        registered_to=registered_to,
        remit=remit_of(reader),
    )
    return await _page(intake, search, cursor, limit)


@router.get("/customers/{customer_id}/complaints")
async def customer_complaints(
    customer_id: UUID,
    intake: IntakeDep,
    reader: Reader,
    cursor: str | None = None,
    limit: Limit = 50,
) -> ComplaintPage:
    await queries.ensure_customer(intake.uow(), customer_id)
    search = queries.ComplaintSearch(customer_id=customer_id, remit=remit_of(reader))
    page = await _page(intake, search, cursor, limit)
    await note(intake, reader, Read("history", customer_id=customer_id))
    return page


async def _page(
    intake: IntakeDep, search: queries.ComplaintSearch, cursor: str | None, limit: int
) -> ComplaintPage:
    items, next_cursor = await queries.search_complaints(
        intake.uow(), search, cursor=cursor, limit=limit, phone_region=intake.policy.phone_region
    )
    return ComplaintPage(items=[_out(c) for c in items], next_cursor=next_cursor)
