"""Copying the configuration file's departments and rules into routing's tables on first start."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from services.routing.config import RoutingConfig
from services.routing.unit_of_work import RoutingUnitOfWork


async def seed_configuration(uow: RoutingUnitOfWork, config: RoutingConfig) -> bool:
    """Copy departments and rules into the tables on the first start (True). Later starts only
    add departments the file names and the table lacks; rules are then managed in the tables."""
    try:
        async with uow:
            first = not await uow.departments.count()
            if first:
                await uow.departments.seed(config)
            else:
                await uow.departments.add_missing(config)
            await uow.commit()
            return first
    except IntegrityError:
        return False  # another process seeded at the same moment
