"""What no rule matches goes to the trained model, or to the triage desk for a person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services.routing.config import ClassifierConfig
from services.routing.departments.domain import Department
from services.routing.dependencies import RoutingState
from services.routing.learning import archive
from services.routing.learning.archive import ModelLabelsNotDepartments
from services.routing.learning.model import train
from shared.events.envelope import Trace
from tests.builders import complaint
from tests.system import System

DEPARTMENTS = {d: Department(d, d) for d in ("billing", "delivery", "triage")}
CONFIG = ClassifierConfig(threshold=0.6, triage_department="triage", labels={"账务": "billing"})

# Words neither a rule nor the judgement knows, so only the model can tell these apart.
PARCEL_WORDS = ["小蓝车", "驿站柜", "取件码", "柜门", "驿站老板", "蓝色小车"]
ACCOUNT_WORDS = ["金卡积分", "年费券", "积分清零", "会员等级", "积分兑换", "金卡权益"]


def corpus(parcel: str, account: str) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for i, (p, a) in enumerate(zip(PARCEL_WORDS * 4, ACCOUNT_WORDS * 4, strict=True)):
        texts += [
            f"{p}的问题第{i}次了，{PARCEL_WORDS[(i + 1) % 6]}也不行",
            f"{a}有误，{ACCOUNT_WORDS[(i + 2) % 6]}不对",
        ]
        labels += [parcel, account]
    return texts, labels


def routing_state(system: System) -> RoutingState:
    state = system.services["routing"].state
    assert isinstance(state, RoutingState)
    return state


async def activate(system: System, tmp_path: Path, name: str, parcel: str, account: str) -> str:
    model = train(*corpus(parcel, account))
    model.version = name
    model.save(tmp_path / name)
    state = routing_state(system)
    await archive.activate_model(
        state.make_uow(Trace()), model, str(tmp_path / name), by="test", config=state.config
    )
    return name


async def activated_unchecked(system: System, tmp_path: Path, parcel: str, account: str) -> None:
    """A model whose labels name no department, as one activated before activation checked
    labels: the workers send what it decides to triage."""
    model = train(*corpus(parcel, account))
    model.save(tmp_path / "unchecked")
    async with routing_state(system).uow() as uow:
        await uow.models.add(
            version="unchecked",
            path=str(tmp_path / "unchecked"),
            labels=model.labels,
            by="test",
            at=system.clock.now(),
        )
        await uow.commit()


async def route(system: System, client: Any, text: str) -> dict[str, Any]:
    created = (await client.post("/v1/complaints", json=complaint("web", text=text))).json()
    await system.drain()
    body: dict[str, Any] = (await client.get(f"/v1/complaints/{created['id']}")).json()
    return body


async def test_unmatched_complaints_go_to_the_model_and_a_new_model_swaps_in(
    system: System, tmp_path: Path
) -> None:
    async with await system.client("admin") as client:
        no_model = await route(system, client, "柜门打不开，取件码无效")
        with pytest.raises(ModelLabelsNotDepartments):
            await activate(system, tmp_path, "labels-no-department", "parcels", "accounts")
        await activated_unchecked(system, tmp_path, "parcels", "accounts")
        unknown = await route(system, client, "柜门打不开，取件码无效")
        await activate(system, tmp_path, "departments", "delivery", "billing")
        learned = await route(system, client, "柜门打不开，取件码无效")
        judged = await route(system, client, "话费多扣了")
        queue = (await client.get("/v1/assignments", params={"department": "delivery"})).json()
    assert no_model["department"] == "customer_service"  # no cue, no model: the default
    assert unknown["department"] == "triage"
    assert learned["department"] == "delivery"
    assert judged["department"] == "billing"  # the judgement is clear: before the model
    [reasons] = [a["reasons"] for a in queue["items"] if a["complaint_id"] == learned["id"]]
    assert reasons[0].startswith("model departments: delivery")


async def test_a_person_dispatches_from_triage(system: System, tmp_path: Path) -> None:
    await activated_unchecked(system, tmp_path, "parcels", "accounts")
    async with await system.client("admin") as client:
        waiting = await route(system, client, "积分清零了，金卡权益没了")
        url = f"/v1/assignments/{waiting['id']}/dispatch"
        async with await system.client("cases:read") as reader:
            forbidden = await reader.post(url, json={"department": "billing"})
        nowhere = await client.post(url, json={"department": "nowhere"})
        done = await client.post(url, json={"department": "billing", "reason": "会员积分归账务"})
        again = await client.post(url, json={"department": "delivery"})
        await system.drain()
        after = (await client.get(f"/v1/complaints/{waiting['id']}")).json()
    assert waiting["department"] == "triage"
    assert (forbidden.status_code, nowhere.status_code, done.status_code) == (403, 404, 204)
    assert (again.status_code, again.json()["code"]) == (409, "not_in_triage")
    assert after["department"] == "billing"
    [moved] = [e for e in after["timeline"] if e["type"] == "complaint.reassigned"]
    assert (
        moved["data"]["from_department"] == "triage" and moved["data"]["reason"] == "会员积分归账务"
    )
    state = routing_state(system)
    # Dispatched is not yet evidence for learning: billing must take the case on.
    assert await archive.handled_cases(state.uow(), state.config) == ([], [])
    handler = await system.staff("li", "handler", "billing")
    accepted = await handler.post(f"/v1/assignments/{waiting['id']}/accept")
    assert accepted.status_code == 200, accepted.text
    texts, departments = await archive.handled_cases(state.uow(), state.config)
    assert departments == ["billing"] and "积分清零" in texts[0]
