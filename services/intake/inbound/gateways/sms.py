"""SMS gateways' inbound dialects: Twilio's form post and Aliyun's uplink push."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from services.intake.complaints.domain import Channel
from services.intake.inbound.message import InboundMessage
from shared.errors import InvalidRequest

# Aliyun reports send_time in Beijing time without a zone.
_BEIJING = ZoneInfo("Asia/Shanghai")
# Parts of one long SMS arrive one after another from the same number.
PART_GAP = timedelta(seconds=60)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class MissingField(InvalidRequest):
    code = "missing_field"


def twilio_message(form: Mapping[str, str], gateway: str) -> InboundMessage:
    """From, To, Body, MessageSid (SmsMessageSid in older posts), NumMedia, MediaUrlN."""
    sid = form.get("MessageSid") or form.get("SmsMessageSid")
    sender = form.get("From")
    if not sid or not sender:
        raise MissingField("MessageSid and From are required")
    try:
        count = min(int(form.get("NumMedia") or 0), 10)
    except ValueError:
        count = 0
    media = tuple(url for i in range(count) if (url := form.get(f"MediaUrl{i}")))
    return InboundMessage(
        channel=Channel.SMS,
        gateway=gateway,
        message_id=sid,
        sender=sender,
        text=form.get("Body", ""),
        media=media,
    )


class AliyunUplink(BaseModel):
    model_config = ConfigDict(extra="ignore")
    phone_number: str = Field(min_length=3, max_length=40)
    content: str = Field(max_length=2000)
    send_time: datetime
    dest_code: str | None = Field(None, max_length=40)
    sequence_id: int


def aliyun_messages(items: Sequence[AliyunUplink], gateway: str) -> list[InboundMessage]:
    """One message per sender; consecutive parts (by sequence id, each within a minute of the
    last) are joined. The first part's sequence id names the whole."""
    joined: list[list[AliyunUplink]] = []
    for item in sorted(items, key=lambda i: (i.phone_number, i.sequence_id)):
        last = joined[-1][-1] if joined else None
        if (
            last is not None
            and last.phone_number == item.phone_number
            and item.send_time - last.send_time <= PART_GAP
        ):
            joined[-1].append(item)
        else:
            joined.append([item])
    return [
        InboundMessage(
            channel=Channel.SMS,
            gateway=gateway,
            message_id=str(parts[0].sequence_id),
            sender=parts[0].phone_number,
            text="".join(p.content for p in parts),
            received_at=_aware(parts[0].send_time),
        )
        for parts in joined
        if any(p.content.strip() for p in parts)  # an empty uplink says nothing to keep
    ]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=_BEIJING)
