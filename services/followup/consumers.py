"""Follow-up reacts to registered and routed complaints."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from uuid import UUID

from services.followup.services import (
    FollowupPolicy,
    learn_information_request,
    learn_registration,
    learn_rejection,
    learn_routing,
    on_case_event,
)
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.events.complaints import (
    ComplaintRegistered,
    ComplaintRejected,
    ComplaintRouted,
    InformationRequested,
)
from shared.events.envelope import Envelope, Payload, Trace
from shared.messaging.ports import Handler


def build_handlers(
    uow_factory: Callable[[Trace], FollowupUnitOfWork], policy: FollowupPolicy
) -> dict[str, Handler]:
    async def handle(event: Payload, env: Envelope) -> None:
        if isinstance(event, ComplaintRegistered):
            learn = partial(learn_registration, event=event)
        elif isinstance(event, ComplaintRouted):
            learn = partial(learn_routing, event=event)
        elif isinstance(event, ComplaintRejected):
            learn = partial(learn_rejection, event=event)
        elif isinstance(event, InformationRequested):
            learn = partial(learn_information_request, event=event)
        else:
            return
        await on_case_event(
            uow_factory(env.trace), UUID(env.subject), env.id, env.type, learn, policy
        )

    return {
        ComplaintRegistered.TYPE: handle,
        ComplaintRouted.TYPE: handle,
        ComplaintRejected.TYPE: handle,
        InformationRequested.TYPE: handle,
    }
