from collections.abc import Iterable
from typing import ClassVar

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import async_sessionmaker

from services.intake import tables
from services.intake.audit.reads import ReadAudit
from services.intake.complaints.message_repository import MessageRepository
from services.intake.complaints.repository import ComplaintNumbers, ComplaintRepository
from services.intake.complaints.timeline import TimelineRepository
from services.intake.customers.repository import CustomerRepository
from shared.clock import Clock
from shared.db.session import BatchingSession
from shared.db.uow import RecordsEvents, SqlAlchemyUnitOfWork
from shared.events.envelope import Trace
from shared.messaging.topics import INTAKE_COMPLAINTS


class IntakeUnitOfWork(SqlAlchemyUnitOfWork):
    source: ClassVar[str] = "intake"
    topic: ClassVar[str] = INTAKE_COMPLAINTS
    outbox: ClassVar[Table] = tables.outbox
    inbox_table: ClassVar[Table] = tables.inbox

    def __init__(
        self,
        session_factory: async_sessionmaker[BatchingSession],
        clock: Clock,
        trace: Trace | None = None,
        *,
        numbers: ComplaintNumbers,
    ) -> None:
        super().__init__(session_factory, clock, trace)
        # The process's supply of reference numbers, shared by its units of work.
        self.numbers = numbers

    def _bind_repositories(self, session: BatchingSession) -> None:
        self.customers = CustomerRepository(session)
        self.complaints = ComplaintRepository(session, self.numbers)
        self.messages = MessageRepository(session)
        self.timeline = TimelineRepository(session)
        self.reads = ReadAudit(session)

    def _seen(self) -> Iterable[RecordsEvents]:
        return self.complaints.seen
