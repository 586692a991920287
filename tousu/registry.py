"""The services this command can run, each with its settings class and composition root."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
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


@asynccontextmanager
async def opened(
    clock: Clock, names: Iterable[str] = SERVICES
) -> AsyncIterator[dict[str, Service]]:
    """The named services as the environment configures them, for a command that reads or
    changes their databases; their engines are closed afterwards, whatever happens."""
    services = {name: SERVICES[name].create(clock)[1] for name in names}
    try:
        yield services
    finally:
        for service in services.values():
            await service.close()
