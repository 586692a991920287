from collections.abc import Iterable
from typing import ClassVar

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake import tables
from services.intake.audit.reads import ReadAudit
from services.intake.complaints.message_repository import MessageRepository
from services.intake.complaints.repository import ComplaintRepository
from services.intake.complaints.timeline import TimelineRepository
from services.intake.customers.repository import CustomerRepository
from shared.db.uow import RecordsEvents, SqlAlchemyUnitOfWork
from shared.messaging.topics import INTAKE_COMPLAINTS


class IntakeUnitOfWork(SqlAlchemyUnitOfWork):
    source: ClassVar[str] = "intake"
    topic: ClassVar[str] = INTAKE_COMPLAINTS
    outbox: ClassVar[Table] = tables.outbox
    inbox_table: ClassVar[Table] = tables.inbox

    def _bind_repositories(self, session: AsyncSession) -> None:
        self.customers = CustomerRepository(session)
        self.complaints = ComplaintRepository(session)
        self.messages = MessageRepository(session)
        self.timeline = TimelineRepository(session)
        self.reads = ReadAudit(session)

    def _seen(self) -> Iterable[RecordsEvents]:
        return self.complaints.seen
