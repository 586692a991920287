"""The handling steps' request bodies and the case file's answer."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.routing.queries import CaseView, StepView
from shared.events.handling import Remedy, Responsibility
from shared.web.bounds import Instant

Text = Annotated[str, Field(min_length=1, max_length=4000)]


Note = Annotated[str | None, Field(None, max_length=2000)]


class StepIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReturnIn(StepIn):
    reason: Text
    department: str | None = Field(None, description="where it belongs, if known")


class InvestigationIn(StepIn):
    findings: Text
    root_cause: str = Field(min_length=1, max_length=64)
    responsibility: Responsibility


class ProposalIn(StepIn):
    remedies: list[Remedy] = Field(min_length=1)
    amount: Decimal | None = Field(None, gt=0, max_digits=12, decimal_places=2)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    message_to_customer: Text

    @model_validator(mode="after")
    def amount_with_money(self) -> ProposalIn:
        pays = {"refund", "compensation"} & set(self.remedies)
        if pays and self.amount is None:
            raise ValueError(f"{' and '.join(sorted(pays))} need an amount")
        if self.amount is not None and not pays:
            raise ValueError("an amount goes with a refund or compensation")
        return self


class CommentIn(StepIn):
    comment: Note


class RejectIn(StepIn):
    comment: Text


class NoteIn(StepIn):
    note: Note


class ResolveIn(StepIn):
    summary: Text


class MoveIn(StepIn):
    department: str = Field(min_length=1, max_length=64)
    reason: Note


class ExtensionIn(StepIn):
    reason: Text
    until: Instant


class ExtensionDecisionIn(StepIn):
    approve: bool
    comment: Note


StepOut = StepView


class CaseFileOut(CaseView):
    steps: list[StepOut]
