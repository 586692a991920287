"""Insights reads every service's events and folds each into its complaint's row."""

from __future__ import annotations

from collections.abc import Callable

from services.insights.facts.fold import FOLDS, change_of, subject_of
from services.insights.unit_of_work import InsightsUnitOfWork
from shared.events.common import ComplaintEvent
from shared.events.envelope import Envelope, Trace
from shared.messaging.ports import Handler, handles

CONSUMER = "insights"


async def fold_event(uow: InsightsUnitOfWork, event: ComplaintEvent, env: Envelope) -> None:
    async with uow:
        if not await uow.inbox.claim(consumer=CONSUMER, event_id=env.id, event_type=env.type):
            return
        await uow.facts.apply(subject_of(event), change_of(event, env))
        await uow.commit()


def build_handlers(uow_factory: Callable[[Trace], InsightsUnitOfWork]) -> dict[str, Handler]:
    async def handle(event: ComplaintEvent, env: Envelope) -> None:
        await fold_event(uow_factory(env.trace), event, env)

    return dict(handles(kind, handle) for kind in FOLDS)
