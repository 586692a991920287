"""Letting a gateway's request in: a known, enabled integration of that kind, from an allowed
address, within its rate limit, correctly signed. Every refusal is counted and logged with the
integration and the reason, never with the payload."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request

from shared.auth.integrations import Integration, IntegrationStore
from shared.auth.rate import RateLimiter
from shared.errors import DomainError, Forbidden, NotFound
from shared.metrics import count_refusal


class UnknownIntegration(NotFound):
    code = "unknown_integration"


class AddressNotAllowed(Forbidden):
    code = "address_not_allowed"


def client_of(request: Request) -> str | None:
    return request.client.host if request.client else None


async def admit(request: Request, name: str, kind: str) -> Integration:
    store: IntegrationStore = request.app.state.integrations
    integration = await store.get(name)
    if integration is None or integration.kind != kind:
        # Not labelled with the name asked for: anyone can make those up.
        count_refusal("unknown", UnknownIntegration.code, client_of(request))
        raise UnknownIntegration(f"no enabled {kind} integration with this name")
    with refusals_counted(request, integration):
        if not integration.admits(client_of(request)):
            raise AddressNotAllowed("this address may not post to this integration")
        limiter: RateLimiter = request.app.state.limiter
        await limiter.check(f"integration:{integration.id}", integration.rate_per_minute)
    return integration


@contextmanager
def refusals_counted(request: Request, integration: Integration) -> Iterator[None]:
    try:
        yield
    except DomainError as refusal:
        count_refusal(integration.name, refusal.code, client_of(request))
        raise
