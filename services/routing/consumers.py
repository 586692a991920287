"""Routing reacts to registered complaints, to what customers add to them, to withdrawals,
and to follow-up reopening a case the customer is not satisfied with."""

from __future__ import annotations

from collections.abc import Callable

from services.routing.assignment.route import route_complaint, take_update
from services.routing.case.erasure import forget_complaint
from services.routing.case.workflow import on_customer_verdict, reopen
from services.routing.config import RoutingConfig
from services.routing.learning.active import ActiveModel
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.events.envelope import Envelope, Trace
from shared.events.followup import ComplaintReopened
from shared.events.intake import (
    ComplaintErased,
    ComplaintRegistered,
    ComplaintUpdated,
    ComplaintWithdrawn,
)
from shared.messaging.ports import Handler, handles


def build_handlers(
    uow_factory: Callable[[Trace], RoutingUnitOfWork], config: RoutingConfig, model: ActiveModel
) -> dict[str, Handler]:
    async def on_registered(event: ComplaintRegistered, env: Envelope) -> None:
        await route_complaint(uow_factory(env.trace), event, env.id, config, model)

    async def on_updated(event: ComplaintUpdated, env: Envelope) -> None:
        await take_update(uow_factory(env.trace), event, env.id, config, model)

    async def on_reopened(event: ComplaintReopened, env: Envelope) -> None:
        await on_customer_verdict(
            uow_factory(env.trace), event.complaint_id, env.id, env.type, reopen(event, config)
        )

    async def on_withdrawn(event: ComplaintWithdrawn, env: Envelope) -> None:
        await on_customer_verdict(
            uow_factory(env.trace),
            event.complaint_id,
            env.id,
            env.type,
            lambda case, now, _: case.withdraw(now),
        )

    async def on_erased(event: ComplaintErased, env: Envelope) -> None:
        await forget_complaint(uow_factory(env.trace), event.complaint_id, env.id, env.type)

    return dict(
        [
            handles(ComplaintErased, on_erased),
            handles(ComplaintRegistered, on_registered),
            handles(ComplaintUpdated, on_updated),
            handles(ComplaintReopened, on_reopened),
            handles(ComplaintWithdrawn, on_withdrawn),
        ]
    )
