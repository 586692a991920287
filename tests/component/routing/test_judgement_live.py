"""The judgement in the live services: complaints posted to intake get the department and
priority a supervisor would give; a threat of violence goes to a supervisor at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.builders import complaint
from tests.system import System

FIXTURE = Path(__file__).parents[2] / "fixtures" / "twelve_complaints.yaml"


async def test_twelve_everyday_complaints_are_routed_as_a_supervisor_would(
    system: System,
) -> None:
    cases: list[dict[str, str]] = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    routed: dict[str, Any] = {}
    async with await system.client("admin") as client:
        for case in cases:
            created = await client.post("/v1/complaints", json=complaint("web", text=case["text"]))
            routed[case["id"]] = created.json()["id"]
        await system.drain()
        found = {
            name: (await client.get(f"/v1/complaints/{complaint_id}")).json()
            for name, complaint_id in routed.items()
        }
    got = {name: (c["department"], c["priority"]) for name, c in found.items()}
    assert got == {c["id"]: (c["department"], c["priority"]) for c in cases}
    threat = [e["type"] for e in found["arson-threat"]["timeline"]]
    assert "complaint.escalated" in threat  # violence: straight to supervision
