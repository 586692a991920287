"""Each outbox's PostgreSQL trigger notifies the channel its relay listens on."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import Table

from services.followup.tables import outbox as followup_outbox
from services.intake.tables import outbox as intake_outbox
from services.routing.tables import outbox as routing_outbox
from shared.outbox.signal import channel

MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"


@pytest.mark.parametrize("outbox", [intake_outbox, routing_outbox, followup_outbox])
def test_the_trigger_notifies_the_channel_the_relay_listens_on(outbox: Table) -> None:
    [path] = (MIGRATIONS / str(outbox.schema) / "versions").glob("*_outbox_notify_trigger.py")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.CHANNEL == channel(outbox)
