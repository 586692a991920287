"""Bus, relay, logging, settings, cursors, keys."""

from __future__ import annotations

import pytest

from shared.auth.keys import KeyStore, UnknownScope
from shared.auth.tables import ACCESS_SCHEMA
from shared.clock import FixedClock
from shared.db.engine import make_engine


async def test_keys_are_stored_hashed_scoped_and_revocable(
    database_url: str, clock: FixedClock
) -> None:
    engine = make_engine(database_url, schemas=[ACCESS_SCHEMA])
    keys = KeyStore(engine, clock, cache_ttl=0)
    info, raw = await keys.create("gateway", ["complaints:write", "complaints:write"])
    principal = await keys.verify(raw)
    assert principal is not None and principal.allows("complaints:write")
    assert not principal.allows("admin") and info.scopes == ("complaints:write",)
    assert raw not in str(await keys.list()) and info.prefix == raw[:12]
    assert await keys.revoke(info.id)
    assert await keys.verify(raw) is None
    with pytest.raises(UnknownScope):
        await keys.create("bad", ["complaints:delete"])
    admin = await keys.verify((await keys.create("root", ["admin"]))[1])
    assert admin is not None and admin.allows("callbacks:read")
    await engine.dispose()
