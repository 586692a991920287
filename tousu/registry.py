"""The services this command can run, each with its settings class and composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.followup import bootstrap as followup
from services.followup.settings import FollowupSettings
from services.intake import bootstrap as intake
from services.intake.settings import IntakeSettings
from services.routing import bootstrap as routing
from services.routing.settings import RoutingSettings
from shared.clock import Clock
from shared.service import Service
from shared.settings import ServiceSettings


@dataclass(frozen=True)
class ServiceEntry:
    settings: type[ServiceSettings]
    build: Callable[..., Service]

    def create(self, clock: Clock, **overrides: Any) -> tuple[ServiceSettings, Service]:
        settings = self.settings(**overrides)
        return settings, self.build(settings, clock)


SERVICES: dict[str, ServiceEntry] = {
    "intake": ServiceEntry(IntakeSettings, intake.build),
    "routing": ServiceEntry(RoutingSettings, routing.build),
    "followup": ServiceEntry(FollowupSettings, followup.build),
}
