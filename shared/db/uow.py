"""The unit-of-work base: business rows and outbox rows commit in one transaction."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from types import TracebackType
from typing import Any, ClassVar, Protocol, Self, TypeVar, cast

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import async_sessionmaker

from shared.clock import Clock
from shared.db.session import BatchingSession
from shared.db.together import SharedTransaction, joinable
from shared.events.common import ComplaintEvent
from shared.events.envelope import Envelope, Payload, Trace
from shared.outbox import signal as outbox_signal
from shared.outbox.inbox import SqlInbox
from shared.tracing import current_traceparent

T = TypeVar("T")


class RecordsEvents(Protocol):
    events: list[ComplaintEvent]


class SqlAlchemyUnitOfWork(ABC):
    source: ClassVar[str]
    topic: ClassVar[str]
    outbox: ClassVar[Table]
    inbox_table: ClassVar[Table]

    def __init__(
        self,
        session_factory: async_sessionmaker[BatchingSession],
        clock: Clock,
        trace: Trace | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.clock = clock
        self.trace = trace or Trace()
        self._recorded: list[Payload] = []
        self._after_commit: list[Callable[[], None]] = []
        self._joined: SharedTransaction | None = None
        self._committed = False

    async def __aenter__(self) -> Self:
        self._joined = joinable(self._session_factory.kw["bind"])
        if self._joined is None:
            self.session = self._session_factory()
        else:  # its commit leaves the run's transaction open; only the run commits it
            self.session = self._session_factory(
                bind=self._joined.connection, join_transaction_mode="rollback_only"
            )
        self._committed = False
        self.inbox = SqlInbox(self.session, self.inbox_table, self.clock.now())
        self._bind_repositories(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._recorded.clear()  # what a rolled-back transaction recorded is not published
        self._after_commit.clear()
        if self._joined is not None:
            # Its writes share the run's transaction: only rolling all of it back undoes them.
            self._joined.spoilt = self._joined.spoilt or not self._committed
            await self.session.close()
            return
        await self.session.rollback()  # a no-op after a successful commit
        await self.session.close()

    async def read_snapshot(self) -> None:
        """Every later statement of this transaction sees the same committed state. Under
        PostgreSQL's READ COMMITTED each statement has its own, so a file read in several
        statements could show a status older than its own timeline. Call it first; SQLite
        serialises its transactions already. In a run's shared transaction it is left as it
        is: the run's own writes must stay visible."""
        if self._joined is None and self.session.get_bind().dialect.name == "postgresql":
            await self.session.connection(
                execution_options={
                    "isolation_level": "REPEATABLE READ",
                    "postgresql_readonly": True,
                }
            )

    async def once_per_run(self, key: str, read: Callable[[], Awaitable[T]]) -> T:
        """`read`'s answer, read once for a run of messages sharing a transaction (else each
        time): for reference data, such as departments, that the run's handlers never write.
        Treat it as read-only: the run's other units of work get the same object."""
        if self._joined is None:
            return await read()
        memo = self._joined.memo
        if key not in memo:
            memo[key] = await read()
        return cast(T, memo[key])

    @abstractmethod
    def _bind_repositories(self, session: BatchingSession) -> None:
        """Each service's UoW builds its repositories on the session."""

    def _seen(self) -> Iterable[RecordsEvents]:
        return ()

    def record(self, event: Payload) -> None:
        """An event a use case publishes itself (no aggregate records it): it goes to the
        outbox with this unit of work's rows, or nowhere if it rolls back."""
        self._recorded.append(event)

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Runs once this transaction has committed (metrics: a rolled-back or retried
        transaction must not count)."""
        self._after_commit.append(callback)

    def _new_events(self) -> list[Payload]:
        events, self._recorded = self._recorded, []
        for aggregate in self._seen():
            events.extend(aggregate.events)
            aggregate.events.clear()
        return events

    def _outbox_rows(self) -> list[dict[str, Any]]:
        now = self.clock.now()
        trace = self.trace.model_copy(
            update={"traceparent": current_traceparent(self.trace.traceparent)}
        )
        rows = []
        for event in self._new_events():
            subject = event.about()
            env = Envelope.wrap(
                event,
                source=self.source,
                subject=subject,
                time=now,
                trace=trace,
            )
            rows.append(
                {
                    "event_id": env.id,
                    "event_type": env.type,
                    "topic": self.topic,
                    "key": subject,
                    "body": env.model_dump_json(),
                    "created_at": now,
                }
            )
        return rows

    async def commit(self) -> None:
        rows = self._outbox_rows()
        for row in rows:
            # On PostgreSQL the outbox's trigger NOTIFYs other processes' relays at commit.
            self.session.insert_later(self.outbox, row)
        await self.session.commit()  # sends the held-back rows first
        self._committed = True
        callbacks, self._after_commit = self._after_commit, []
        if rows:
            callbacks.insert(0, partial(outbox_signal.written, self.outbox))
        if self._joined is not None:
            self._joined.after_commit.extend(callbacks)  # once the run has committed
            return
        for callback in callbacks:
            callback()
