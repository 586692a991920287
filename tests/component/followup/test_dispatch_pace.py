"""The dispatcher keeps up with a burst: a pass that took a full batch is followed at once,
not after the dispatch interval."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from services.followup.dependencies import FollowupState
from services.followup.outbound.dispatcher import Dispatcher, SendResult
from services.followup.outbound.transports import SpoolDirectory
from services.followup.tables import messages
from tests.builders import complaint, customer
from tests.system import System


async def test_a_pass_that_takes_a_full_batch_asks_for_the_next_at_once(
    system: System, tmp_path: Path
) -> None:
    async with await system.client("complaints:write") as client:
        for _ in range(3):  # each acknowledged by SMS, due now
            body = complaint(customer=customer(preferred_channel="sms"))
            assert (await client.post("/v1/complaints", json=body)).status_code == 202
    await system.drain()
    state = system.services["followup"].state
    assert isinstance(state, FollowupState)
    spool = SpoolDirectory(tmp_path / "spool")
    dispatcher = Dispatcher(
        state.uow, state.policy, state.texts, SendResult({"sms": spool, "email": spool})
    )

    assert await dispatcher.catch_up(batch=2) is True  # two of three: more is due
    assert await dispatcher.catch_up(batch=2) is False  # the last one
    assert await dispatcher.catch_up(batch=2) is False  # nothing left
    async with system.services["followup"].engine.connect() as conn:
        sent = (await conn.execute(select(messages.c.status))).scalars().all()
    assert sent == ["sent"] * 3
