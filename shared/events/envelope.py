"""A CloudEvents-style envelope around an explicit, versioned payload."""

from __future__ import annotations

from abc import abstractmethod
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class ContractModel(BaseModel):
    """Strict when we build one (typed, mypy-checked), tolerant of unknown fields on read."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Payload(ContractModel):
    """Base of every event payload; TYPE and VERSION name its contract."""

    TYPE: ClassVar[str]
    VERSION: ClassVar[int]

    @abstractmethod  # pydantic's model metaclass is an ABCMeta: a payload must say
    def about(self) -> str:
        """What the event is about: the envelope's subject and the Kafka key, so that one
        subject's events stay in order."""


class Trace(BaseModel):
    """What ties the events of one request together across services."""

    model_config = ConfigDict(frozen=True)
    correlation_id: UUID | None = None
    traceparent: str | None = Field(None, max_length=55, description="W3C trace context")


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: UUID = Field(default_factory=uuid4)
    type: str = Field(min_length=1)
    source: str = Field(min_length=1)
    subject: str = Field(
        min_length=1, description="the complaint id (an alert's for insights); the Kafka key"
    )
    time: AwareDatetime
    version: int = Field(ge=1, description="payload schema version")
    correlation_id: UUID | None = None
    traceparent: str | None = None
    payload: dict[str, Any]

    @property
    def trace(self) -> Trace:
        return Trace(correlation_id=self.correlation_id, traceparent=self.traceparent)

    @classmethod
    def wrap(
        cls,
        payload: Payload,
        *,
        source: str,
        subject: str,
        time: datetime,
        trace: Trace | None = None,
    ) -> Envelope:
        trace = trace or Trace()
        return cls(
            type=payload.TYPE,
            version=payload.VERSION,
            source=source,
            subject=subject,
            time=time,
            correlation_id=trace.correlation_id,
            traceparent=trace.traceparent,
            payload=payload.model_dump(mode="json"),
        )
