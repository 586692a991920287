"""Attachment routes: add a file to a complaint, and fetch one back (readers of the complaint
only; always as a download, never rendered by the browser)."""

from __future__ import annotations

import base64
from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Depends, File, Response, UploadFile, status

from services.intake.audit.api import note
from services.intake.audit.reads import Read
from services.intake.complaints import case_file
from services.intake.complaints.messages import Attachment, StoredAttachment
from services.intake.complaints.schemas import AttachmentOut
from services.intake.dependencies import IntakeDep
from shared.auth.dependencies import require
from shared.auth.keys import Principal
from shared.auth.remit import remit_of

router = APIRouter(prefix="/v1/complaints/{complaint_id}/attachments", tags=["complaints"])


def attachment_out(a: StoredAttachment) -> AttachmentOut:
    return AttachmentOut(
        id=a.id,
        message_id=a.message_id,
        filename=a.filename,
        content_type=a.content_type,
        size=a.size,
        sha256=a.sha256,
        created_at=a.created_at,
    )


Writer = Annotated[Principal, Depends(require("complaints:write"))]
Reader = Annotated[Principal, Depends(require("complaints:read"))]


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_attachment(
    complaint_id: UUID, file: Annotated[UploadFile, File()], intake: IntakeDep, writer: Writer
) -> AttachmentOut:
    """A scanned letter, photo or receipt (multipart field `file`); size and type limits apply
    (413 file_too_large, 415 type_not_allowed)."""
    received = Attachment(
        file.filename or "attachment",
        file.content_type or "",
        await file.read(intake.files.rules.max_bytes + 1),
    )
    stored = await case_file.add_attachment(
        intake.uow(), intake.files, complaint_id, received, remit_of(writer)
    )
    return attachment_out(stored)


@router.get("/{attachment_id}", response_class=Response)
async def get_attachment(
    complaint_id: UUID, attachment_id: UUID, intake: IntakeDep, reader: Reader
) -> Response:
    found, content, customer_id = await case_file.read_attachment(
        intake.uow(), intake.files.store, complaint_id, attachment_id, remit_of(reader)
    )
    await note(intake, reader, Read("attachment", complaint_id, customer_id, str(attachment_id)))
    disposition = f"attachment; filename*=UTF-8''{quote(found.filename)}"
    return Response(
        content,
        media_type=found.content_type,
        headers={
            "Content-Disposition": disposition,
            "X-Content-Type-Options": "nosniff",
            "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(found.sha256)).decode()}:",
        },
    )
