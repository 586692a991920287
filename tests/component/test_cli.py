"""The command line as an operator uses it."""

from __future__ import annotations

import pytest

from tousu.cli import main


def test_keys_create_list_revoke(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOUSU_DATABASE_URL", sqlite_url)
    assert (
        main(
            [
                "keys",
                "create",
                "--name",
                "gateway",
                "--scopes",
                "complaints:write",
                "complaints:read,cases:read",
            ]
        )
        == 0
    )
    created = capsys.readouterr().out
    key = created.strip().splitlines()[-1]
    key_id = created.split()[2]
    assert key.startswith("tsk_") and "complaints:write, complaints:read, cases:read" in created
    assert main(["keys", "list"]) == 0
    listed = capsys.readouterr().out
    assert "gateway" in listed and "active" in listed and key not in listed
    assert main(["keys", "revoke", key_id]) == 0
    assert main(["keys", "revoke", key_id]) == 1
    assert main(["keys", "create", "--name", "x", "--scopes", "complaints:delete"]) == 2
