"""The case file as a reader sees it, and the files kept with it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.intake.attachments.files import FileKeeper, keep_files
from services.intake.attachments.store import AttachmentStore
from services.intake.complaints.domain import Complaint, ComplaintNotFound
from services.intake.complaints.messages import Attachment, CustomerMessage, StoredAttachment
from services.intake.complaints.timeline import TimelineEntry
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.auth.remit import EVERYTHING, Remit
from shared.errors import (
    DomainError,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)


async def find_complaint(
    uow: IntakeUnitOfWork, complaint_id: UUID, remit: Remit = EVERYTHING
) -> Complaint:
    """Outside the reader's remit, a complaint is as absent as one that does not exist."""
    complaint = await uow.complaints.get(complaint_id)
    if complaint is None or not remit.covers(complaint.department):
        raise ComplaintNotFound("no complaint with this id", complaint_id=str(complaint_id))
    return complaint


@dataclass(frozen=True)
class CaseFile:
    complaint: Complaint
    timeline: list[TimelineEntry]
    history: list[Complaint]  # the customer's other complaints, newest first
    messages: list[CustomerMessage]
    attachments: list[StoredAttachment]


async def get_complaint(uow: IntakeUnitOfWork, complaint_id: UUID, remit: Remit) -> CaseFile:
    """The customer's other complaints are listed as far as the reader's remit goes."""
    async with uow:
        await uow.read_snapshot()
        complaint = await find_complaint(uow, complaint_id, remit)
        history = await uow.complaints.of_customer(
            complaint.customer_id, excluding=complaint.id, limit=20
        )
        return CaseFile(
            complaint,
            await uow.timeline.of(complaint_id),
            [c for c in history if remit.covers(c.department)],
            await uow.messages.of_complaint(complaint_id),
            await uow.messages.attachments_of(complaint_id),
        )


class AttachmentNotFound(NotFound):
    code = "attachment_not_found"


class FileTooLarge(PayloadTooLarge):
    code = "file_too_large"


class TypeNotAllowed(UnsupportedMediaType):
    code = "type_not_allowed"


class EmptyFile(InvalidRequest):
    code = "empty_file"


REFUSALS: dict[str, type[DomainError]] = {
    "too_large": FileTooLarge,
    "type_not_allowed": TypeNotAllowed,
    "empty": EmptyFile,
}


async def add_attachment(
    uow: IntakeUnitOfWork, files: FileKeeper, complaint_id: UUID, file: Attachment, remit: Remit
) -> StoredAttachment:
    """A scan, photo or receipt added to a complaint by staff (letters, counters) or the
    customer's portal. The complaint is checked before the file is stored."""
    async with uow:
        await find_complaint(uow, complaint_id, remit)
    kept, refused = await files.keep((file,))
    if refused:
        reason = refused[0]["reason"]
        raise REFUSALS[reason](
            f"{file.filename}: {reason.replace('_', ' ')}", filename=file.filename
        )
    async with uow:
        now = uow.clock.now()
        (stored,) = await keep_files(uow, complaint_id, None, kept, now)
        await uow.timeline.record(
            complaint_id,
            TimelineEntry(
                "attachment.added",
                "intake",
                now,
                {
                    "filename": stored.filename,
                    "content_type": stored.content_type,
                    "size": stored.size,
                },
            ),
        )
        await uow.commit()
        return stored


async def read_attachment(
    uow: IntakeUnitOfWork,
    store: AttachmentStore,
    complaint_id: UUID,
    attachment_id: UUID,
    remit: Remit,
) -> tuple[StoredAttachment, bytes, UUID]:
    """The file, its bytes, and the customer whose complaint it belongs to (for the audit)."""
    async with uow:
        complaint = await uow.complaints.get(complaint_id)
        if complaint is None or not remit.covers(complaint.department):
            raise AttachmentNotFound("no such attachment on this complaint")
        found = await uow.messages.attachment(complaint_id, attachment_id)
    if found is None:
        raise AttachmentNotFound("no such attachment on this complaint")
    return found, await store.get(found.storage_key), complaint.customer_id
