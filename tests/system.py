"""The embedded wiring for tests: three services, one in-process bus, relays on demand."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from shared.auth.keys import SCOPES
from shared.auth.staff import StaffDirectory
from shared.clock import FixedClock
from shared.messaging.memory import InMemoryBus
from shared.outbox.dead_letters import DeadLetter, listed
from shared.outbox.relay import relay_once
from shared.runtime import key_store, processor_for, secret_box
from shared.service import Service
from shared.settings import TousuSettings
from shared.web.app import create_api
from tousu.registry import SERVICES

# Integration secrets are sealed with this key in the component tests.
TEST_SECRET_KEYS = ("MHRXnRrizEfBCGBD4RcLuoLOmXSA-VCBDB4ACi1-D28=",)


class System:
    def __init__(
        self,
        database_url: str,
        clock: FixedClock,
        *,
        routing_config: Path | None = None,
        extra_settings: dict[str, Any] | None = None,
    ) -> None:
        overrides: dict[str, Any] = {"config_path": routing_config} if routing_config else {}
        # Messages without a gateway go to a spool directory: one of the test's own.
        self._spool = tempfile.mkdtemp(prefix="tousu-spool-")
        overrides |= {"spool_dir": self._spool, "attachments_dir": f"{self._spool}/attachments"}
        overrides |= extra_settings or {}
        self.clock = clock
        self.stopping = asyncio.Event()
        self.bus = InMemoryBus()
        self.services: dict[str, Service] = {}
        for name, entry in SERVICES.items():
            settings, service = entry.create(
                clock,
                database_url=database_url,
                consumer_backoff_seconds=0.01,
                model_check_seconds=0.001,  # routing: see a new activation at once
                **overrides,
            )
            self.bus.subscribe(
                service.consumes, processor_for(service, settings, clock, self.stopping).process_all
            )
            self.services[name] = service
        access = TousuSettings(
            database_url=database_url,
            secret_key=SecretStr(",".join(TEST_SECRET_KEYS)),
        )
        self.keys = key_store(access, clock)

        async def ready() -> bool:
            return True

        self.app = create_api(
            list(self.services.values()),
            self.keys,
            secret_box(access),
            title="test",
            broker_check=ready,
        )

    async def start(self) -> None:
        for service in self.services.values():
            await service.startup()

    async def key(self, *scopes: str) -> str:
        _, raw = await self.keys.create("test", scopes or SCOPES)
        return raw

    async def client(self, *scopes: str) -> httpx.AsyncClient:
        headers = {"X-API-Key": await self.key(*scopes)} if scopes != ("",) else {}
        return self._client(headers)

    async def staff(
        self, username: str, role: str, department: str | None = None
    ) -> httpx.AsyncClient:
        """A client acting as a (new) staff member with this role and department."""
        directory = StaffDirectory(self.keys)
        await directory.add(username, username.title(), role, department)
        _, raw = await directory.issue_key(username)
        return self._client({"X-API-Key": raw})

    def _client(self, headers: dict[str, str]) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.app)
        return httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers)

    async def drain(self) -> int:
        """Relay every outbox until all are quiet; returns how many messages moved."""
        moved = 0
        while True:
            batch = 0
            for service in self.services.values():
                batch += await relay_once(
                    service.engine, service.outbox, self.bus, self.clock, batch_size=500
                )
            if not batch:
                return moved
            moved += batch

    async def dead_letters(self, consumer: str) -> list[DeadLetter]:
        service = self.services[consumer]
        return await listed(service.engine, service.dead_letters)

    async def close(self) -> None:
        for service in self.services.values():
            await service.close()
        await self.keys.close()
        shutil.rmtree(self._spool, ignore_errors=True)
