"""The boundaries the layout promises, as import contracts (pyproject.toml,
[tool.importlinter]): services never import each other, shared/ imports no service, and domain
and policy modules import no web, database or broker code, directly or through other modules.
A contract that names a module which no longer exists fails too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(  # noqa: S603 - the project's own tool, no shell
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_no_process_imports_scikit_learn_until_it_trains() -> None:
    """Every process starts from tousu.cli; scikit-learn costs a second of CPU to import."""
    probe = "import sys, tousu.cli, tousu.embedded; print('sklearn' in sys.modules)"
    result = subprocess.run(  # noqa: S603 - this interpreter, no shell
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
