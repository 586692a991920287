"""Keeping a message's files: checked against the rules and stored before the transaction,
recorded with the complaint inside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from services.intake.attachments.store import AttachmentRules, AttachmentStore
from services.intake.complaints.messages import Attachment, StoredAttachment
from services.intake.unit_of_work import IntakeUnitOfWork
from shared.text import clamp, filename


@dataclass(frozen=True)
class KeptFile:
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str


@dataclass(frozen=True)
class FileKeeper:
    store: AttachmentStore
    rules: AttachmentRules

    async def keep(
        self, files: tuple[Attachment, ...], *, trusted: tuple[Attachment, ...] = ()
    ) -> tuple[tuple[KeptFile, ...], list[dict[str, Any]]]:
        """The files kept, and those refused with the reason. `trusted` files (the original
        e-mail itself) skip the type rules."""
        allowed, refused = [], []
        for file in files:
            if reason := self.rules.refusal(file.content_type, len(file.content)):
                refused.append({"filename": filename(file.filename), "reason": reason})
            else:
                allowed.append(file)
        kept = [await self._store(file) for file in (*allowed, *trusted)]
        return tuple(kept), refused

    async def _store(self, file: Attachment) -> KeptFile:
        """Names are kept as far as their columns go (the extension survives the cut)."""
        key, digest = await self.store.put(file.content)
        content_type = clamp(file.content_type.split(";")[0].strip().lower(), 120)
        return KeptFile(filename(file.filename), content_type, len(file.content), digest, key)


async def keep_files(
    uow: IntakeUnitOfWork,
    complaint_id: UUID,
    message_id: UUID | None,
    files: tuple[KeptFile, ...],
    now: datetime,
) -> list[StoredAttachment]:
    stored = [
        StoredAttachment(
            uuid4(),
            complaint_id,
            message_id,
            f.filename,
            f.content_type,
            f.size,
            f.sha256,
            f.storage_key,
            now,
        )
        for f in files
    ]
    for attachment in stored:
        await uow.messages.add_attachment(attachment)
    return stored
