"""A case as the API answers with it: the read model itself."""

from __future__ import annotations

from pydantic import BaseModel

from services.routing.queries import CaseView

AssignmentOut = CaseView


class AssignmentPage(BaseModel):
    items: list[CaseView]
    next_cursor: str | None
