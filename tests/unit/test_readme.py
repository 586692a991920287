"""The README's configuration table lists every setting the processes read."""

from __future__ import annotations

from pathlib import Path

from shared.settings import TousuSettings
from tousu.registry import SERVICES

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_setting_is_documented() -> None:
    names = {f"TOUSU_{field}".upper() for field in TousuSettings.model_fields}
    for entry in SERVICES.values():
        prefix = entry.settings.model_config.get("env_prefix", "")
        own = set(entry.settings.model_fields) - set(TousuSettings.model_fields)
        names |= {f"{prefix}{field}".upper() for field in own}
    missing = sorted(name for name in names if f"`{name}`" not in README)
    assert not missing, f"settings missing from the README: {missing}"
