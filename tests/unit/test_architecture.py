"""The boundaries the layout promises: services never import each other, shared/ imports no
service, and domain modules stay free of web, database and broker code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "routing", "followup")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_services_never_import_each_other(service: str) -> None:
    others = tuple(f"services.{s}" for s in SERVICES if s != service) + ("tousu",)
    for path in (ROOT / "services" / service).rglob("*.py"):
        bad = {name for name in imports(path) if name.startswith(others)}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_shared_imports_no_service() -> None:
    for path in (ROOT / "shared").rglob("*.py"):
        bad = {name for name in imports(path) if name.startswith(("services", "tousu"))}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("service", SERVICES)
def test_domain_modules_do_no_io(service: str) -> None:
    for path in (ROOT / "services" / service).glob("domain.py"):
        bad = {
            name
            for name in imports(path)
            if name.startswith(("fastapi", "sqlalchemy", "aiokafka", "httpx"))
        }
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"
