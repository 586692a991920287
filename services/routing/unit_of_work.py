from collections.abc import Iterable
from typing import ClassVar

from sqlalchemy import Table

from services.routing import tables
from services.routing.assignment.repository import (
    AssignmentRepository,
    DepartmentRepository,
    ModelActivationRepository,
)
from services.routing.case.repository import CaseRepository
from services.routing.queries import CaseReads
from services.routing.rules.repository import RuleRepository
from services.routing.validity.repository import ValidityRepository
from shared.db.session import BatchingSession
from shared.db.uow import RecordsEvents, SqlAlchemyUnitOfWork
from shared.messaging.topics import ROUTING_CASES


class RoutingUnitOfWork(SqlAlchemyUnitOfWork):
    source: ClassVar[str] = "routing"
    topic: ClassVar[str] = ROUTING_CASES
    outbox: ClassVar[Table] = tables.outbox
    inbox_table: ClassVar[Table] = tables.inbox

    def _bind_repositories(self, session: BatchingSession) -> None:
        self.departments = DepartmentRepository(session)
        self.rules = RuleRepository(session)
        self.assignments = AssignmentRepository(session)
        self.models = ModelActivationRepository(session)
        self.validity = ValidityRepository(session)
        self.cases = CaseRepository(session)
        self.reads = CaseReads(session)

    def _seen(self) -> Iterable[RecordsEvents]:
        return self.cases.seen
