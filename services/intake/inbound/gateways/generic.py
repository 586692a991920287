"""The generic gateway payload, for any gateway that signs with Standard Webhooks."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.intake.complaints.domain import Channel
from services.intake.inbound.message import InboundMessage


class GatewayMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    channel: Literal["sms", "email", "web"]
    sender: str = Field(min_length=3, max_length=320, description="phone number or e-mail")
    sender_name: str | None = Field(None, max_length=200)
    text: str = Field("", max_length=20_000)
    subject: str | None = Field(None, max_length=500)
    message_id: str | None = Field(
        None, max_length=250, description="the gateway's id; defaults to webhook-id"
    )
    in_reply_to: list[str] = Field(
        default_factory=list, max_length=50, description="Message-IDs this answers, newest first"
    )
    received_at: AwareDatetime | None = None

    def inbound(self, gateway: str, webhook_id: str) -> InboundMessage:
        return InboundMessage(
            channel=Channel(self.channel),
            gateway=gateway,
            message_id=self.message_id or webhook_id,
            sender=self.sender,
            sender_name=self.sender_name,
            text=self.text,
            subject=self.subject,
            references=tuple(r.strip("<>") for r in self.in_reply_to),
            received_at=self.received_at,
        )
