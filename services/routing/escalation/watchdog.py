"""The supervision ladder (12345 practice): warn when most of the time to the resolution
deadline has passed, urge (催办) once it has passed, raise to supervision (督办) after more
working days. Each step is taken once per case, and each is a complaint.escalated event."""

from __future__ import annotations

import logging

from services.routing.config import RoutingConfig
from services.routing.escalation.ladder import STEP_COLUMN, escalated, steps_due
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.metrics import SLA_STEPS

log = logging.getLogger(__name__)


async def escalate_once(uow: RoutingUnitOfWork, config: RoutingConfig, *, batch: int = 500) -> int:
    """One watchdog pass; returns how many steps it took. Safe with several watchdogs: a step
    is recorded only by the pass whose update finds it still untaken."""
    taken = 0
    async with uow:
        now = uow.clock.now()
        for case in await uow.assignments.open_cases(limit=batch):
            for level, overdue in steps_due(case, now, config.calendar.calendar, config.escalation):
                if await uow.assignments.take_step(case.complaint_id, STEP_COLUMN[level], now):
                    uow.record(escalated(case, level, overdue, now))
                    uow.on_commit(SLA_STEPS.labels(level, case.department, case.priority).inc)
                    taken += 1
        await uow.commit()
    if taken:
        log.info("watchdog took %d escalation steps", taken)
    return taken
