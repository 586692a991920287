"""docs/events.md lists exactly the events the registry knows, at their current versions, each
under the service that publishes it."""

from __future__ import annotations

import re
from pathlib import Path

from shared.events.registry import EVENTS

CATALOGUE = Path(__file__).resolve().parents[2] / "docs" / "events.md"
HEADING = re.compile(r"^## `(?P<type>[a-z_.]+)` \(v(?P<version>\d+)\) — (?P<producer>\w+)$")
STEPS = re.compile(r"^## Handling steps \(v(?P<version>\d+)\) — (?P<producer>\w+)$")
STEP_ROW = re.compile(r"^\| `(?P<type>complaint\.[a-z_]+)` \|")


def documented() -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    steps: tuple[int, str] | None = None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            steps = None
        if heading := HEADING.match(line):
            found[heading["type"]] = (int(heading["version"]), heading["producer"])
        elif section := STEPS.match(line):
            steps = (int(section["version"]), section["producer"])
        elif steps is not None and (row := STEP_ROW.match(line)):
            found[row["type"]] = steps
    return found


def registered() -> dict[str, tuple[int, str]]:
    """Each payload model's producer is the shared/events module it is declared in."""
    producers = {"intake": "intake", "routing": "routing", "handling": "routing"}
    producers |= {"followup": "followup", "insights": "insights"}
    return {
        name: (model.VERSION, producers[model.__module__.rsplit(".", 1)[-1]])
        for name, model in EVENTS.latest.items()
    }


def test_the_catalogue_lists_every_registered_event_at_its_version_and_producer() -> None:
    assert documented() == registered()
