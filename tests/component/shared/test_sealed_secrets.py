"""Integration secrets are stored sealed with TOUSU_SECRET_KEY; a new key is put first, every
secret resealed, then the old key dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.auth.integrations import IntegrationStore
from shared.auth.sealing import SecretBox, SecretKeyError, new_key
from shared.auth.tables import ACCESS_SCHEMA, integrations
from shared.clock import FixedClock
from shared.db.engine import make_engine

TOKEN = "twilio-auth-token-0123456789abcdef"


async def stored_secret(engine: AsyncEngine) -> str:
    async with engine.connect() as conn:
        return str(await conn.scalar(select(integrations.c.secret)))


async def test_a_secret_is_sealed_at_rest_and_survives_a_key_rotation(
    database_url: str, clock: FixedClock
) -> None:
    engine = make_engine(database_url, schemas=[ACCESS_SCHEMA])
    old, new = new_key(), new_key()
    try:
        await IntegrationStore(engine, clock, SecretBox([old])).create("tw", "twilio", secret=TOKEN)
        sealed = await stored_secret(engine)
        assert sealed.startswith("fernet:") and TOKEN not in sealed
        rotating = IntegrationStore(engine, clock, SecretBox([new, old]), cache_ttl=0)
        assert (await rotating.list())[0].secret == TOKEN
        assert await rotating.reseal() == 1
        only_new = IntegrationStore(engine, clock, SecretBox([new]), cache_ttl=0)
        assert (await only_new.list())[0].secret == TOKEN
        with pytest.raises(SecretKeyError):
            await IntegrationStore(engine, clock, SecretBox([old]), cache_ttl=0).list()
    finally:
        await engine.dispose()


async def test_a_secret_stored_before_sealing_is_read_and_then_sealed(
    database_url: str, clock: FixedClock
) -> None:
    engine = make_engine(database_url, schemas=[ACCESS_SCHEMA])
    store = IntegrationStore(engine, clock, SecretBox([new_key()]), cache_ttl=0)
    try:
        await store.create("tw", "twilio", secret=TOKEN)
        async with engine.begin() as conn:  # as a row written by an earlier version
            await conn.execute(update(integrations).values(secret=TOKEN))
        assert (await store.list())[0].secret == TOKEN
        await store.reseal()
        assert (await stored_secret(engine)).startswith("fernet:")
        assert (await store.list())[0].secret == TOKEN
    finally:
        await engine.dispose()


def test_the_embedded_mode_makes_its_key_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "secret-key"
    first = SecretBox.from_settings("", str(key_file))
    again = SecretBox.from_settings("", str(key_file))
    assert again.open(first.seal("s3cret")) == "s3cret"
    assert key_file.stat().st_mode & 0o777 == 0o600
    with pytest.raises(SecretKeyError):
        SecretBox.from_settings("not-a-key", str(key_file))
