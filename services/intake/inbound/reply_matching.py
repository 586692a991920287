"""Which open complaint a customer's SMS or e-mail belongs to, if any.

In order: the e-mail it answers (our own Message-IDs name the complaint; earlier inbound ones
are on record), a reference number in the subject or text, then the sender's only open
complaint that heard from them within the window. Only the sender's own complaints match:
quoting somebody else's reference never reaches their case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from services.intake.complaints.domain import CLOSED, Complaint
from services.intake.unit_of_work import IntakeUnitOfWork

# Follow-up's outbound mail is sent as <tousu.{complaint id}.{message id}@domain>.
OUR_MESSAGE_ID = re.compile(r"tousu\.([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})\.")


@dataclass(frozen=True)
class Match:
    complaint: Complaint | None
    related_reference: str | None = None  # named, but settled: the new complaint cites it


async def match_reply(
    uow: IntakeUnitOfWork,
    *,
    customer_ids: list[UUID],
    references: tuple[str, ...],
    text: str,
    reference_prefix: str,
    window: timedelta,
    now: datetime,
) -> Match:
    if not customer_ids:
        return Match(None)
    named: list[Complaint] = []
    for ref in references:
        if found := OUR_MESSAGE_ID.search(ref):
            complaint = await uow.complaints.get(UUID(found.group(1)))
        elif earlier := await uow.messages.find("email", ref):
            complaint = await uow.complaints.get(earlier.complaint_id)
        else:
            complaint = None
        if complaint is not None:
            named.append(complaint)
    pattern = rf"\b{reference_prefix}-\d{{4}}-\d{{6}}\b"
    for reference in dict.fromkeys(re.findall(pattern, text, flags=re.ASCII)):
        if complaint := await uow.complaints.get_by_reference(reference):
            named.append(complaint)
    own = [c for c in named if c.customer_id in customer_ids]
    if own:
        open_ = [c for c in own if c.status not in CLOSED]
        return Match(open_[0]) if open_ else Match(None, own[0].reference)
    recent = await uow.messages.recently_open(customer_ids, now - window)
    if len(recent) == 1:
        return Match(await uow.complaints.get(recent[0]))
    return Match(None)
