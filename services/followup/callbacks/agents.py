"""The callback agents' use cases (their queue, a claim, an attempt and its outcome) and the
survey replies customers send by SMS or e-mail. Outcomes drive the case: satisfied closes it,
dissatisfied or unresolved reopens it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time
from uuid import UUID

from services.followup.callbacks.domain import Callback
from services.followup.callbacks.states import Answer
from services.followup.outbound.texts import Outline, Texts
from services.followup.planning.case import Case
from services.followup.planning.contacts import CONSUMER, FollowupPolicy, customer_times, replanner
from services.followup.planning.plan import Outcome
from services.followup.queries import CallbackView
from services.followup.unit_of_work import FollowupUnitOfWork
from shared.errors import Conflict, Forbidden, NotFound
from shared.events.intake import SurveyOutcome, SurveyReplied

log = logging.getLogger(__name__)


class CallbackNotFound(NotFound):
    code = "callback_not_found"


class OtherTeam(Forbidden):
    code = "other_team"


class CapacityReached(Conflict):
    code = "capacity_reached"


@dataclass(frozen=True)
class Agent:
    """A callback agent; one bound to a department works only its callbacks."""

    username: str
    department: str | None


@dataclass(frozen=True)
class Claimed:
    callback: Callback
    case: Case
    outline: Outline


async def queue(uow: FollowupUnitOfWork, agent: Agent, limit: int) -> list[CallbackView]:
    async with uow:
        return await uow.reads.queue(
            now=uow.clock.now(), agent=agent.username, department=agent.department, limit=limit
        )


async def claim(
    uow: FollowupUnitOfWork, callback_id: UUID, agent: Agent, policy: FollowupPolicy, texts: Texts
) -> Claimed:
    async with uow:
        callback, case = await _load(uow, callback_id, agent)
        now = uow.clock.now()
        day_start = datetime.combine(
            now.astimezone(policy.team.zone).date(), time(0), policy.team.zone
        )
        if await uow.callbacks.calls_made_since(agent.username, day_start) >= policy.team.per_agent:
            raise CapacityReached(
                "you have made your calls for today", capacity=policy.team.per_agent
            )
        callback.claim(agent.username, now, policy.lease)
        await uow.callbacks.save(callback)
        await uow.commit()
    zone = customer_times(case, policy).zone
    return Claimed(callback, case, texts.outline(case, callback.purpose, agent.username, zone))


async def record_attempt(
    uow: FollowupUnitOfWork,
    callback_id: UUID,
    agent: Agent,
    outcome: Outcome,
    *,
    notes: str | None,
    answer: Answer,
    policy: FollowupPolicy,
) -> Callback:
    async with uow:
        callback, case = await _load(uow, callback_id, agent)
        if outcome == "wrong_number":
            case.phone_invalid = True
            await uow.cases.save(case, is_new=False)
        callback.record_attempt(
            agent.username,
            outcome,
            notes=notes,
            answer=answer,
            now=uow.clock.now(),
            usable=case.usable_channels(),
            policy=policy.retry,
            replan=await replanner(uow, case, policy),
            reopen_at_or_below=policy.reopen_at_or_below,
        )
        await uow.callbacks.save(callback)
        await uow.commit()
        return callback


async def take_survey_reply(
    uow: FollowupUnitOfWork, event: SurveyReplied, event_id: UUID, policy: FollowupPolicy
) -> None:
    async with uow:
        if not await uow.inbox.claim(consumer=CONSUMER, event_id=event_id, event_type=event.TYPE):
            return
        callback = await uow.callbacks.get(event.callback_id, lock=True)
        if callback is None or callback.complaint_id != event.complaint_id:
            log.warning("a survey reply for an unknown callback %s", event.callback_id)
        elif callback.status.value in ("completed", "unreachable", "cancelled"):
            log.info("a late survey reply for %s kept out: the callback is over", callback.id)
        elif (outcome := _outcome(event, policy)) == "unclear":
            case = await uow.cases.get(callback.complaint_id)
            usable = case.usable_channels() if case is not None else []
            replan = await replanner(uow, case, policy) if case is not None else None
            callback.needs_a_person(event.text, event.received_at, usable, replan)
            await uow.callbacks.save(callback)
        else:
            callback.take_reply(
                event.score,
                event.text,
                event.received_at,
                policy.reopen_at_or_below,
                resolved=outcome == "satisfied",
            )
            await uow.callbacks.save(callback)
        await uow.commit()


def _outcome(event: SurveyReplied, policy: FollowupPolicy) -> SurveyOutcome:
    """What intake read from the answer; an older event without it: what its score says."""
    if event.outcome is not None:
        return event.outcome
    if event.score is None:
        return "unclear"
    return "dissatisfied" if event.score <= policy.reopen_at_or_below else "satisfied"


async def _load(uow: FollowupUnitOfWork, callback_id: UUID, agent: Agent) -> tuple[Callback, Case]:
    callback = await uow.callbacks.get(callback_id, lock=True)
    if callback is None:
        raise CallbackNotFound("no callback with this id", callback_id=str(callback_id))
    if agent.department is not None and callback.department != agent.department:
        raise CallbackNotFound("no callback with this id", callback_id=str(callback_id))
    case = await uow.cases.get(callback.complaint_id)
    if case is None:  # a callback is only ever scheduled for a known case
        raise CallbackNotFound("no case for this callback", callback_id=str(callback_id))
    return callback, case
