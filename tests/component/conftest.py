"""Component tests: the three services wired as in the embedded mode, on SQLite files and the
in-process bus (the `system` fixture), driven through their HTTP APIs and event handlers."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.component)
