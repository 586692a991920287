"""The compose file, checked in milliseconds: against the Compose Specification's JSON schema,
and against what the Tousu processes really read. tests/compose runs it for real."""

from __future__ import annotations

import json
import re
import shlex
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from shared.settings import TousuSettings
from tousu.cli import _parser
from tousu.registry import SERVICES
from tousu.roles import roles_of

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
OURS = {
    name: svc
    for name, svc in COMPOSE["services"].items()
    if svc.get("image") == "tousu:${TOUSU_TAG:-latest}"
}


def test_compose_file_follows_the_compose_specification() -> None:
    schema_file = resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json"
    schema = json.loads(schema_file.read_text())
    jsonschema.validate(COMPOSE, schema, cls=jsonschema.Draft202012Validator)


def test_topology_has_every_process_with_health_checks() -> None:
    expected = {f"{s}-{r}" for s in SERVICES for r in roles_of(s)}
    assert expected | {"migrate", "topic-init"} == set(OURS)
    assert COMPOSE["services"]["kafka"]["image"] == "apache/kafka:4.1.1"
    for name in expected:
        assert "healthcheck" in OURS[name], name
        assert OURS[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert OURS["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert OURS["topic-init"]["depends_on"]["kafka"]["condition"] == "service_healthy"


def _known_settings() -> set[str]:
    """TOUSU_<field> for every setting, and each service's own prefix for its fields."""
    names = {f"TOUSU_{f}".upper() for f in TousuSettings.model_fields}
    for entry in SERVICES.values():
        prefix = entry.settings.model_config.get("env_prefix", "")
        names |= {f"{prefix}{f}".upper() for f in entry.settings.model_fields}
        names |= {f"TOUSU_{f}".upper() for f in entry.settings.model_fields}
    return names


KNOWN_SETTINGS = _known_settings()


@pytest.mark.parametrize("name", sorted(OURS))
def test_every_setting_passed_is_one_the_services_read(name: str) -> None:
    for variable in OURS[name].get("environment", {}):
        assert variable in KNOWN_SETTINGS, f"{name} sets {variable}, which no Tousu setting reads"


@pytest.mark.parametrize("name", sorted(OURS))
def test_every_command_is_a_tousu_command(name: str) -> None:
    command = OURS[name]["command"]
    assert command[0] == "tousu"
    _parser().parse_args(command[1:])  # exits on an unknown command or option


@pytest.mark.parametrize("name", sorted(n for n in OURS if "healthcheck" in OURS[n]))
def test_health_checks_call_real_endpoints_or_commands(name: str) -> None:
    test = OURS[name]["healthcheck"]["test"]
    if test[1] == "tousu":
        _parser().parse_args(test[2:])
    else:
        assert re.search(r"/health/(ready|live)", shlex.join(test))
