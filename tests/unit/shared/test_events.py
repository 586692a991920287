"""Envelopes and payload versions: strict on emit, tolerant on read, upcast old versions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from shared.events.common import ComplaintEvent
from shared.events.envelope import Envelope
from shared.events.registry import EVENTS, EventRegistry, UnknownEventVersion
from tests.events import envelope, registered

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)


class Renamed(ComplaintEvent):
    """v3 of a test event: v1 had `dept`, v2 renamed it, v3 added `urgent`."""

    TYPE = "test.renamed"
    VERSION = 3
    department: str
    urgent: bool


def registry() -> EventRegistry:
    def rename(p: dict[str, Any]) -> dict[str, Any]:
        return {**{k: v for k, v in p.items() if k != "dept"}, "department": p["dept"]}

    return EventRegistry(
        [Renamed],
        {("test.renamed", 1): rename, ("test.renamed", 2): lambda p: {**p, "urgent": False}},
    )


def raw(version: int, payload: dict[str, Any]) -> Envelope:
    return Envelope(
        type="test.renamed",
        version=version,
        source="t",
        subject="s",
        time=NOW,
        payload={"complaint_id": str(uuid4()), **payload},
    )


def test_round_trip_through_json() -> None:
    event = registered(NOW)
    env = Envelope.model_validate_json(envelope(event, NOW).model_dump_json())
    assert EVENTS.parse(env) == event
    assert env.subject == str(event.complaint_id) and env.version == 1


def test_old_versions_are_upcast_step_by_step() -> None:
    parsed = registry().parse(raw(1, {"dept": "billing"}))
    assert isinstance(parsed, Renamed)
    assert (parsed.department, parsed.urgent) == ("billing", False)


def test_unknown_fields_are_ignored_on_read() -> None:
    parsed = registry().parse(raw(3, {"department": "x", "urgent": True, "added_later": 1}))
    assert isinstance(parsed.complaint_id, UUID)  # type: ignore[attr-defined]


def test_newer_versions_and_bad_payloads_are_refused() -> None:
    with pytest.raises(UnknownEventVersion):
        registry().parse(raw(4, {"department": "x", "urgent": True}))
    with pytest.raises(ValidationError):
        registry().parse(raw(3, {"department": "x"}))


def test_envelope_needs_an_aware_time() -> None:
    with pytest.raises(ValidationError):
        Envelope(
            type="t", version=1, source="s", subject="x", time=datetime(2026, 1, 1), payload={}
        )
