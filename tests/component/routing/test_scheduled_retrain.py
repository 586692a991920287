"""The watchdog retrains the model from the cases departments accepted, once the active model is
old enough, and swaps it in only when it does well enough on held-out cases."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

from services.routing import tables
from services.routing.dependencies import RoutingState
from services.routing.learning import archive
from services.routing.learning.schedule import RetrainPolicy, ScheduledRetraining
from tests.component.routing.test_learning import corpus, routing_state
from tests.system import System


async def handled(state: RoutingState, system: System, texts: list[str], labels: list[str]) -> None:
    """Cases as the archive keeps them once their department accepted them."""
    now = system.clock.now()
    async with state.uow() as uow:
        await uow.session.execute(
            insert(tables.assignments),
            [
                {
                    "complaint_id": uuid.uuid4(),
                    "reference": f"T{i:06d}",
                    "channel": "web",
                    "department": label,
                    "priority": "P3",
                    "reasons": [],
                    "risk_flags": [],
                    "first_response_due": now,
                    "resolution_due": now,
                    "routed_at": now,
                    "text": text,
                    "state": "accepted",
                }
                for i, (text, label) in enumerate(zip(texts, labels, strict=True))
            ],
        )
        await uow.commit()


def retraining(state: RoutingState, tmp_path: Path, **policy: float) -> ScheduledRetraining:
    return ScheduledRetraining(
        state.uow,
        state.config,
        RetrainPolicy(
            every=timedelta(hours=24),
            min_per_department=int(policy.get("min_per_department", 10)),
            min_accuracy=policy.get("min_accuracy", 0.7),
            model_dir=tmp_path,
        ),
    )


async def test_the_watchdog_learns_from_accepted_cases_once_a_day(
    system: System, tmp_path: Path
) -> None:
    state = routing_state(system)
    job = retraining(state, tmp_path)
    assert await job.run_once() is None  # nothing accepted yet: nothing to learn from
    await handled(state, system, *corpus("delivery", "billing"))
    assert await job.run_once() is None  # tried less than a day ago
    system.clock.advance(timedelta(hours=25))
    first = await job.run_once()
    assert first is not None
    model = await archive.active_model(state.uow())
    assert model is not None and model.version == first
    assert sorted(model.labels) == ["billing", "delivery"]
    assert (tmp_path / f"archive-{first}" / "model.json").exists()
    system.clock.advance(timedelta(hours=1))
    assert await retraining(state, tmp_path).run_once() is None  # the active model is fresh
    system.clock.advance(timedelta(hours=24))
    assert await job.run_once() not in (None, first)  # as good on the same cases: swapped in


async def test_a_model_under_the_minimum_accuracy_is_not_activated(
    system: System, tmp_path: Path
) -> None:
    state = routing_state(system)
    texts, labels = corpus("delivery", "billing")
    noise = random.Random(7)  # noqa: S311 - test noise, not a secret
    shuffled = [noise.choice(["billing", "delivery"]) for _ in labels]  # one person's mistakes
    await handled(state, system, texts, shuffled)
    assert await retraining(state, tmp_path, min_accuracy=0.9).run_once() is None
    assert await archive.active_model(state.uow()) is None
    few = retraining(state, tmp_path, min_per_department=1000)
    system.clock.advance(timedelta(hours=25))
    assert await few.run_once() is None  # too little evidence per department
