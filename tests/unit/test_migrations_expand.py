"""Migrations expand; contracting waits a release. During an upgrade the new image's migrate job
runs while the old release still serves (tests/compose shows it), so an upgrade step must not
take away anything the previous release reads or writes: no dropped or renamed tables and
columns, no column made NOT NULL, no new NOT NULL column without a default. Such a step goes
into a later release, once no running code uses the thing, in a migration that says so with a
module-level `CONTRACT = "<which release stopped using it>"`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MIGRATIONS = sorted(Path(__file__).resolve().parents[2].glob("migrations/*/versions/*.py"))


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def contracting_steps(source: str) -> list[str]:
    """The upgrade() calls that would break the release still running, in source order."""
    tree = ast.parse(source)
    upgrade = next(
        node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "upgrade"
    )
    found: list[tuple[int, str]] = []
    for node in ast.walk(upgrade):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        operation, said = node.func.attr, ast.unparse(node)
        if operation in ("drop_column", "drop_table", "rename_table"):
            found.append((node.lineno, said))
        elif operation == "alter_column" and (
            _keyword(node, "new_column_name") is not None or _is_false(_keyword(node, "nullable"))
        ):
            found.append((node.lineno, said))
        elif operation == "add_column":
            column = next((a for a in node.args if isinstance(a, ast.Call)), None)
            if (
                column is not None
                and _is_false(_keyword(column, "nullable"))
                and _keyword(column, "server_default") is None
            ):
                found.append((node.lineno, said))
    return [said for _, said in sorted(found)]


def declares_contract(source: str) -> bool:
    return any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "CONTRACT" for t in node.targets)
        for node in ast.parse(source).body
    )


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parts[-3]}/{p.stem}")
def test_every_migration_only_expands_unless_it_declares_a_contract(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    if declares_contract(source):
        return
    assert not contracting_steps(source), f"{path.name} contracts in upgrade(): see this module"


def test_the_check_sees_contracting_steps() -> None:
    source = """
def upgrade():
    op.add_column("t", sa.Column("a", sa.Text(), nullable=False), schema="s")
    op.add_column("t", sa.Column("b", sa.Text(), nullable=False, server_default="x"))
    op.add_column("t", sa.Column("c", sa.Text(), nullable=True))
    with op.batch_alter_table("t") as batch_op:
        batch_op.drop_column("d")
        batch_op.alter_column("e", nullable=False)
        batch_op.alter_column("f", new_column_name="g")
        batch_op.alter_column("h", type_=sa.String(400), existing_type=sa.String(200))
    op.drop_table("u")

def downgrade():
    op.drop_table("v")
"""
    assert [step.split("(")[0] for step in contracting_steps(source)] == [
        "op.add_column",
        "batch_op.drop_column",
        "batch_op.alter_column",
        "batch_op.alter_column",
        "op.drop_table",
    ]
    assert not declares_contract(source)
    assert declares_contract('CONTRACT = "2.3 stopped reading d"\n' + source)
