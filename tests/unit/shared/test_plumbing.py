"""Bus, relay, logging, settings, cursors, keys."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

import pytest

from services.intake.settings import IntakeSettings
from shared.logging import JsonFormatter, log_context, mask_pii
from shared.messaging.memory import InMemoryBus
from shared.messaging.ports import BrokerMessage, Delivery
from shared.pagination import (
    InvalidCursor,
    decode_cursor,
    encode_cursor,
    sequence_number,
    uuid_value,
)
from shared.settings import ServiceSettings
from tests.conftest import MONDAY_MORNING


async def test_bus_delivers_in_order_to_every_subscriber_before_returning() -> None:
    bus, seen = InMemoryBus(), list[tuple[str, bytes]]()

    async def first(deliveries: Sequence[Delivery]) -> int:
        seen.extend(("first", d.value) for d in deliveries)
        return len(deliveries)

    async def second(deliveries: Sequence[Delivery]) -> int:
        seen.extend(("second", d.value) for d in deliveries)
        return len(deliveries)

    bus.subscribe(["a"], first)
    bus.subscribe(["a", "b"], second)
    await bus.publish_many(
        [
            BrokerMessage("a", b"k", b"1"),
            BrokerMessage("b", b"k", b"2"),
            BrokerMessage("c", None, b"3"),  # nobody subscribes: nobody sees it
        ]
    )
    assert seen == [("first", b"1"), ("second", b"1"), ("second", b"2")]


def test_logs_are_json_with_ids_and_masked_personal_data() -> None:
    record = logging.LogRecord(
        "t", logging.INFO, __file__, 1, "call %s or mail %s", ("13800138000", "li@ex.cn"), None
    )
    with log_context(complaint_id="c-1", correlation_id="r-9"):
        line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "call *******8000 or mail l***@ex.cn"
    assert (line["complaint_id"], line["correlation_id"]) == ("c-1", "r-9")
    assert mask_pii("id 727ccf2c-1d51-4fe4-8f12-3294be07ab12 ref TS-2026-000123") == (
        "id 727ccf2c-1d51-4fe4-8f12-3294be07ab12 ref TS-2026-000123"
    )
    assert mask_pii("电话13800138000请回电，邮箱zhao.lei@mail.cn") == (
        "电话*******8000请回电，邮箱z***@mail.cn"
    )


def test_settings_take_the_service_prefix_over_the_shared_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TOUSU_DATABASE_URL", "postgresql+asyncpg://shared/db")
    monkeypatch.setenv("TOUSU_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("INTAKE_DATABASE_URL", "postgresql+asyncpg://intake/db")
    intake = IntakeSettings()
    assert intake.database_url == "postgresql+asyncpg://intake/db"
    assert intake.kafka_bootstrap_servers == "kafka:9092"
    assert ServiceSettings().database_url == "postgresql+asyncpg://shared/db"


def test_cursor_round_trip_and_garbage() -> None:
    assert decode_cursor(encode_cursor(MONDAY_MORNING, 42), sequence_number) == (MONDAY_MORNING, 42)
    for bad in ("garbage", encode_cursor(MONDAY_MORNING, 1)[:-3], "W10"):
        with pytest.raises(InvalidCursor):
            decode_cursor(bad, sequence_number)
    with pytest.raises(InvalidCursor):  # a cursor of another kind of list
        decode_cursor(encode_cursor(MONDAY_MORNING, 42), uuid_value)
