"""What every event shares: the complaint it is about, and the vocabularies of the contracts."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from shared.events.envelope import Payload

ChannelName = Literal["phone", "letter", "on_site", "web", "email", "sms"]


ContactChannel = Literal["phone", "sms", "email", "letter"]


Priority = Literal["P1", "P2", "P3", "P4"]


class ComplaintEvent(Payload):
    """Every event is about one complaint; its id keys the message, keeping its events in order."""

    complaint_id: UUID

    def about(self) -> str:
        return str(self.complaint_id)


Purpose = Literal[
    "acknowledgment",
    "explanation",
    "information_request",
    "progress_update",
    "satisfaction",
    "survey",
]
