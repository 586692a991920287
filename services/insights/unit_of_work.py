from collections.abc import Iterable
from typing import ClassVar

from sqlalchemy import Table

from services.insights import tables
from services.insights.facts.repository import FactsRepository
from services.insights.figures.reads import FactReads
from services.insights.warning.delivery import DeliveryRepository
from services.insights.warning.repository import AlertRepository
from shared.db.session import BatchingSession
from shared.db.uow import RecordsEvents, SqlAlchemyUnitOfWork
from shared.messaging.topics import INSIGHTS_ALERTS


class InsightsUnitOfWork(SqlAlchemyUnitOfWork):
    source: ClassVar[str] = "insights"
    topic: ClassVar[str] = INSIGHTS_ALERTS
    outbox: ClassVar[Table] = tables.outbox
    inbox_table: ClassVar[Table] = tables.inbox

    def _bind_repositories(self, session: BatchingSession) -> None:
        self.facts = FactsRepository(session)
        self.reads = FactReads(session)
        self.alerts = AlertRepository(session)
        self.deliveries = DeliveryRepository(session)

    def _seen(self) -> Iterable[RecordsEvents]:
        return ()
