"""Managing the routing rules: list, create, update, enable or disable, each change audited.
Workers read the rules for every complaint, so a change applies to the next one routed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError

from services.routing.departments.domain import DepartmentNotFound
from services.routing.rules.repository import FIELDS
from services.routing.unit_of_work import RoutingUnitOfWork
from shared.errors import Conflict, InvalidRequest, NotFound


class RuleNotFound(NotFound):
    code = "rule_not_found"


class RuleConflict(Conflict):
    code = "rule_conflict"


class RuleWithoutCondition(InvalidRequest):
    code = "rule_without_condition"


async def list_rules(uow: RoutingUnitOfWork) -> list[dict[str, Any]]:
    async with uow:
        return await uow.rules.all()


async def save_rule(
    uow: RoutingUnitOfWork, rule_id: int | None, changes: dict[str, Any], *, by: str
) -> dict[str, Any]:
    """Creates (rule_id None; `changes` then holds every field) or updates a rule. The result
    is validated as a whole, and the change is recorded with the rule before and after."""
    async with uow:
        before = None if rule_id is None else await _existing(uow, rule_id)
        after = {**(before or {}), **changes}
        if not (after["keywords"] or after["channels"] or after["categories"]):
            raise RuleWithoutCondition("a rule needs keywords, channels or categories")
        department = (await uow.departments.all()).get(after["department"])
        if department is None or not department.active:
            raise DepartmentNotFound(
                "no open department with that code", department=after["department"]
            )
        try:
            rule_id = await uow.rules.save(rule_id, {f: after[f] for f in FIELDS})
        except IntegrityError:
            raise RuleConflict(
                "another rule has this name or position",
                name=after["name"],
                position=after["position"],
            ) from None
        saved = await _existing(uow, rule_id)
        action = "create" if before is None else _action(before, saved)
        await uow.rules.record_change(
            rule_id, action, by=by, at=uow.clock.now(), before=before, after=saved
        )
        await uow.commit()
        return saved


def _action(before: dict[str, Any], after: dict[str, Any]) -> str:
    if before["enabled"] != after["enabled"]:
        return "enable" if after["enabled"] else "disable"
    return "update"


async def _existing(uow: RoutingUnitOfWork, rule_id: int) -> dict[str, Any]:
    found = await uow.rules.get(rule_id)
    if found is None:
        raise RuleNotFound("no such rule", rule_id=rule_id)
    return found


async def rule_history(uow: RoutingUnitOfWork, rule_id: int) -> list[Row[Any]]:
    async with uow:
        await _existing(uow, rule_id)
        return await uow.rules.changes(rule_id)
