"""A department, and the open ones a case may be sent to. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import NotFound
from shared.events.common import Priority


class DepartmentNotFound(NotFound):
    code = "department_not_found"


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    name_zh: str | None = None
    default_priority: Priority = "P3"
    active: bool = True


class Departments:
    """The open departments a step may send a case to."""

    def __init__(self, known: dict[str, Department], triage: str) -> None:
        self._known, self.triage = known, triage

    def target(self, code: str) -> Department:
        found = self._known.get(code)
        if found is None or not found.active or code == self.triage:
            raise DepartmentNotFound("no open department with that code", department=code)
        return found
