from collections.abc import Iterable
from typing import ClassVar

from sqlalchemy import Table

from services.followup import tables
from services.followup.callbacks.repository import CallbackRepository
from services.followup.outbound.repository import MessageRepository
from services.followup.planning.repository import CaseRepository
from services.followup.queries import CallbackReads
from shared.db.session import BatchingSession
from shared.db.uow import RecordsEvents, SqlAlchemyUnitOfWork
from shared.messaging.topics import FOLLOWUP_CONTACTS


class FollowupUnitOfWork(SqlAlchemyUnitOfWork):
    source: ClassVar[str] = "followup"
    topic: ClassVar[str] = FOLLOWUP_CONTACTS
    outbox: ClassVar[Table] = tables.outbox
    inbox_table: ClassVar[Table] = tables.inbox

    def _bind_repositories(self, session: BatchingSession) -> None:
        self.cases = CaseRepository(session)
        self.reads = CallbackReads(session)
        self.callbacks = CallbackRepository(session)
        self.messages = MessageRepository(session)

    def _seen(self) -> Iterable[RecordsEvents]:
        return self.callbacks.seen
