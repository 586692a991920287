"""From envelope to the latest payload model: upcast old versions, tolerate unknown fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from shared.events.envelope import Envelope, Payload
from shared.events.followup import FOLLOWUP_EVENTS, CallbackScheduled
from shared.events.handling import HANDLING_EVENTS
from shared.events.insights import INSIGHTS_EVENTS
from shared.events.intake import (
    ComplaintErased,
    ComplaintRegistered,
    ComplaintUpdated,
    ComplaintWithdrawn,
    SurveyReplied,
)
from shared.events.routing import (
    ComplaintEscalated,
    ComplaintMerged,
    ComplaintReassigned,
    ComplaintRejected,
    ComplaintRouted,
    InformationRequested,
)

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class UnknownEventVersion(ValueError):
    """A payload version newer than this code knows: not ours to guess."""


class EventRegistry:
    def __init__(
        self,
        models: Iterable[type[Payload]],
        upcasters: dict[tuple[str, int], Upcaster] | None = None,
    ) -> None:
        self.latest: dict[str, type[Payload]] = {m.TYPE: m for m in models}
        self.upcasters = dict(upcasters or {})

    def parse(self, env: Envelope) -> Payload:
        """The payload as the latest model; raises pydantic.ValidationError when malformed."""
        model = self.latest[env.type]
        payload, version = env.payload, env.version
        if version > model.VERSION:
            raise UnknownEventVersion(f"{env.type} v{version} is newer than v{model.VERSION}")
        while version < model.VERSION:
            payload, version = self.upcasters[(env.type, version)](payload), version + 1
        return model.model_validate(payload)


# The upcasters for every retired payload version go here, keyed (type, old version).
UPCASTERS: dict[tuple[str, int], Upcaster] = {}

EVENTS = EventRegistry(
    (
        ComplaintRegistered,
        ComplaintRouted,
        ComplaintRejected,
        ComplaintMerged,
        ComplaintReassigned,
        ComplaintEscalated,
        CallbackScheduled,
        ComplaintUpdated,
        InformationRequested,
        ComplaintWithdrawn,
        ComplaintErased,
        SurveyReplied,
        *HANDLING_EVENTS,
        *FOLLOWUP_EVENTS,
        *INSIGHTS_EVENTS,
    ),
    UPCASTERS,
)
