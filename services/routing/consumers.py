"""Routing reacts to registered complaints and to what customers add to them."""

from __future__ import annotations

from collections.abc import Callable

from services.routing.classifier.active import ActiveModel
from services.routing.config import RoutingConfig
from services.routing.route import route_complaint, take_update
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.events.complaints import ComplaintRegistered, ComplaintUpdated
from shared.events.envelope import Envelope, Payload, Trace
from shared.messaging.ports import Handler


def build_handlers(
    uow_factory: Callable[[Trace], RoutingUnitOfWork], config: RoutingConfig, model: ActiveModel
) -> dict[str, Handler]:
    async def on_registered(event: Payload, env: Envelope) -> None:
        assert isinstance(event, ComplaintRegistered)  # noqa: S101 - the registry guarantees it
        await route_complaint(uow_factory(env.trace), event, env.id, config, model)

    async def on_updated(event: Payload, env: Envelope) -> None:
        assert isinstance(event, ComplaintUpdated)  # noqa: S101 - the registry guarantees it
        await take_update(uow_factory(env.trace), event, env.id, config, model)

    return {ComplaintRegistered.TYPE: on_registered, ComplaintUpdated.TYPE: on_updated}
