"""The services this command can run, each with its settings class and composition root.

A composition root is imported only when its service is built: a process running one service
does not load the other two."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from services.followup.settings import FollowupSettings
from services.insights.settings import InsightsSettings
from services.intake.settings import IntakeSettings
from services.routing.settings import RoutingSettings
from shared.clock import Clock
from shared.service import Service
from shared.settings import ServiceSettings


@dataclass(frozen=True)
class ServiceEntry:
    settings: type[ServiceSettings]
    bootstrap: str  # the module whose `build(settings, clock)` wires the service

    @property
    def build(self) -> Callable[..., Service]:
        build: Callable[..., Service] = import_module(self.bootstrap).build
        return build

    def create(self, clock: Clock, **overrides: Any) -> tuple[ServiceSettings, Service]:
        settings = self.settings(**overrides)
        return settings, self.build(settings, clock)


SERVICES: dict[str, ServiceEntry] = {
    "intake": ServiceEntry(IntakeSettings, "services.intake.bootstrap"),
    "routing": ServiceEntry(RoutingSettings, "services.routing.bootstrap"),
    "followup": ServiceEntry(FollowupSettings, "services.followup.bootstrap"),
    "insights": ServiceEntry(InsightsSettings, "services.insights.bootstrap"),
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
