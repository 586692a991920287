"""The supervision ladder (12345 practice): warn when most of the time to the resolution
deadline has passed, urge (催办) once it has passed, raise to supervision (督办) after more
working days. Each step is taken once per case, and each is a complaint.escalated event."""

from __future__ import annotations

import logging
from datetime import datetime

from services.routing.assignment.domain import STEP_COLUMN, Escalation, Level, OpenCase
from services.routing.config import EscalationConfig, RoutingConfig
from services.routing.escalation.calendar import WorkingCalendar
from services.routing.unit_of_work import RoutingUnitOfWork

log = logging.getLogger(__name__)


def steps_due(
    case: OpenCase, now: datetime, calendar: WorkingCalendar, config: EscalationConfig
) -> list[tuple[Level, int]]:
    """The ladder's steps to take now, with the working days overdue. Pure."""
    steps: list[tuple[Level, int]] = []
    warn_at = case.routed_at + (case.resolution_due - case.routed_at) * config.warn_at_share
    if "warning" not in case.taken and now >= warn_at:
        steps.append(("warning", 0))
    if now <= case.resolution_due:
        return steps
    overdue = calendar.working_days_between(case.resolution_due, now)
    if "urge" not in case.taken:
        steps.append(("urge", overdue))
    if "supervise" not in case.taken and overdue >= config.supervise_after_working_days:
        steps.append(("supervise", overdue))
    return steps


async def escalate_once(uow: RoutingUnitOfWork, config: RoutingConfig, *, batch: int = 500) -> int:
    """One watchdog pass; returns how many steps it took. Safe with several watchdogs: a step
    is recorded only by the pass whose update finds it still untaken."""
    taken = 0
    async with uow:
        now = uow.clock.now()
        for case in await uow.assignments.open_cases(limit=batch):
            for level, overdue in steps_due(case, now, config.calendar.calendar, config.escalation):
                if await uow.assignments.take_step(case.complaint_id, STEP_COLUMN[level], now):
                    await uow.assignments.record(Escalation(case, level, overdue, now))
                    taken += 1
        await uow.commit()
    if taken:
        log.info("watchdog took %d escalation steps", taken)
    return taken
