"""What every request pays for: no dependency of any route runs in the thread pool (a plain
`def` dependency costs a thread hop on every request)."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from tests.system import System


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """Routes, those of included routers too (FastAPI keeps an included router whole)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (included := getattr(route, "original_router", None)) is not None:
            yield from api_routes(included.routes)


def dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from dependencies(dependency)


async def test_every_route_dependency_is_a_coroutine(system: System) -> None:
    routes = list(api_routes(system.app.routes))
    blocking = {
        f"{route.path}: {getattr(d.call, '__qualname__', d.call)}"
        for route in routes
        for d in dependencies(route.dependant)
        if d.call is not None and not inspect.iscoroutinefunction(d.call)
    }
    assert len(routes) > 50 and blocking == set()
