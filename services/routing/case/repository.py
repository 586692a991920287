"""Cases as the handling workflow sees them, with their audit trail."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from sqlalchemy import CursorResult, select, update

from services.routing.case.domain import Case
from services.routing.case.states import ExtensionRequest, Investigation, Proposal
from services.routing.tables import assignment_history, assignments, case_steps
from shared.db.session import BatchingSession
from shared.errors import Conflict


class CaseChanged(Conflict):
    code = "case_changed"


# The case's records are JSON documents in the assignments row, mapped here by name.
Record = Investigation | Proposal | ExtensionRequest


def as_json(record: Record | None) -> dict[str, Any] | None:
    if record is None:
        return None
    document = asdict(record)
    if isinstance(record, Proposal):
        document |= {"remedies": list(record.remedies), "amount": _text(record.amount)}
    if isinstance(record, ExtensionRequest):
        document["until"] = record.until.isoformat()
    return document


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def investigation_of(document: dict[str, Any] | None) -> Investigation | None:
    return None if document is None else Investigation(**document)


def proposal_of(document: dict[str, Any] | None) -> Proposal | None:
    if document is None:
        return None
    amount = document["amount"]
    return Proposal(
        remedies=tuple(document["remedies"]),
        amount=None if amount is None else Decimal(amount),
        currency=document["currency"],
        message_to_customer=document["message_to_customer"],
        by=document["by"],
    )


def extension_of(document: dict[str, Any] | None) -> ExtensionRequest | None:
    if document is None:
        return None
    until = datetime.fromisoformat(document["until"])
    return ExtensionRequest(reason=document["reason"], until=until, by=document["by"])


class CaseRepository:
    def __init__(self, session: BatchingSession) -> None:
        self._session = session
        self.seen: list[Case] = []

    async def get(self, complaint_id: UUID) -> Case | None:
        row = (
            await self._session.execute(
                select(assignments).where(assignments.c.complaint_id == complaint_id)
            )
        ).first()
        if row is None:
            return None
        return Case(
            complaint_id=row.complaint_id,
            reference=row.reference,
            department=row.department,
            state=row.state,
            resolution_due=row.resolution_due,
            returns=row.returns,
            arbitrated=row.arbitrated,
            handler=row.handler,
            investigation=investigation_of(row.investigation),
            proposal=proposal_of(row.proposal),
            extension=extension_of(row.extension),
        )

    async def save(self, case: Case) -> None:
        """Refused when another request moved the case since it was read."""
        values: dict[str, Any] = {
            "state": case.state,
            "department": case.department,
            "handler": case.handler,
            "returns": case.returns,
            "arbitrated": case.arbitrated,
            "investigation": as_json(case.investigation),
            "proposal": as_json(case.proposal),
            "extension": as_json(case.extension),
            "resolution_due": case.resolution_due,
        }
        if case.state == "resolved":
            values["resolved_at"] = case.steps[-1].at
        if case.ladder_restarts:
            values |= {"warned_at": None, "urged_at": None, "supervised_at": case.supervised_since}
        result = await self._session.execute(
            update(assignments)
            .where(
                assignments.c.complaint_id == case.complaint_id,
                assignments.c.state == case.loaded_state,
            )
            .values(values)
        )
        if not cast(CursorResult[Any], result).rowcount:
            raise CaseChanged("the case changed meanwhile; reload it and try again")
        for step in case.steps:
            self._session.insert_later(
                case_steps, {"complaint_id": case.complaint_id, **step.__dict__}
            )
        if case.department != case.loaded_department:
            last = case.steps[-1]
            self._session.insert_later(
                assignment_history,
                {
                    "complaint_id": case.complaint_id,
                    "from_department": case.loaded_department,
                    "to_department": case.department,
                    "by": last.by,
                    "reason": last.details.get("reason"),
                    "at": last.at,
                },
            )
        self.seen.append(case)
