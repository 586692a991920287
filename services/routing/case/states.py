"""The states a case moves through, and the audit line each step leaves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from shared.events.handling import Remedy, Responsibility

State = Literal[
    "assigned",
    "accepted",
    "investigated",
    "proposed",
    "approved",
    "implemented",
    "resolved",
    "arbitration",
    "reopened",
    "withdrawn",
]
WORKING: frozenset[State] = frozenset(
    {"accepted", "investigated", "proposed", "approved", "implemented"}
)
WAITING: frozenset[State] = frozenset({"assigned", "arbitration", "reopened"})
CLOSED_STATES: frozenset[State] = frozenset({"resolved", "withdrawn"})  # no deadline runs


@dataclass(frozen=True)
class StepRecord:
    """One line of the audit trail: who did what, when, from which state to which."""

    step: str
    from_state: State
    to_state: State
    department: str
    by: str
    role: str
    at: datetime
    details: dict[str, Any]


@dataclass(frozen=True)
class Investigation:
    """What the department found, the root cause, and who is responsible."""

    findings: str
    root_cause: str
    responsibility: Responsibility
    by: str


@dataclass(frozen=True)
class Proposal:
    """The resolution offered to the customer, waiting for approval."""

    remedies: tuple[Remedy, ...]
    amount: Decimal | None
    currency: str | None
    message_to_customer: str
    by: str


@dataclass(frozen=True)
class ExtensionRequest:
    """A handler's pending request for more time."""

    reason: str
    until: datetime
    by: str
