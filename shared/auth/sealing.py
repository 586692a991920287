"""Integration secrets sealed at rest with Fernet (AES-128-CBC and HMAC-SHA256, from the
`cryptography` package). The keys come from TOUSU_SECRET_KEY: comma-separated, the first
seals and every one opens, so a key is rotated by putting a new one first, running
`tousu secrets reseal`, then dropping the old one. Without TOUSU_SECRET_KEY (the embedded
mode), a key is made once in TOUSU_SECRET_KEY_FILE, readable by its owner only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

SEALED = "fernet:"


class SecretKeyError(ValueError):
    """The configured keys can't open a stored secret, or aren't keys."""


def new_key() -> str:
    return Fernet.generate_key().decode()


class SecretBox:
    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise SecretKeyError("no secret key")
        try:
            self._fernet = MultiFernet([Fernet(k.strip().encode()) for k in keys])
        except ValueError as exc:
            raise SecretKeyError(
                "TOUSU_SECRET_KEY: 32 url-safe base64-encoded bytes (`tousu secrets new-key`)"
            ) from exc

    @classmethod
    def from_settings(cls, keys: str, key_file: str) -> SecretBox:
        if keys.strip():
            return cls([k for k in keys.split(",") if k.strip()])
        path = Path(key_file)
        if not path.exists():
            _make_key_file(path)
        return cls([path.read_text().strip()])

    def seal(self, plain: str) -> str:
        return SEALED + self._fernet.encrypt(plain.encode()).decode()

    def open(self, stored: str) -> str:
        """A value stored before sealing existed is returned as it is (reseal seals it)."""
        if not stored.startswith(SEALED):
            return stored
        try:
            return self._fernet.decrypt(stored.removeprefix(SEALED).encode()).decode()
        except InvalidToken as exc:
            raise SecretKeyError("no key in TOUSU_SECRET_KEY opens a stored secret") from exc

    def open_fresh(self, sealed: str, max_age_seconds: int) -> str | None:
        """A value sealed at most `max_age_seconds` ago (a session's cookie); None for one
        older, tampered with, or never sealed."""
        if not sealed.startswith(SEALED):
            return None
        token = sealed.removeprefix(SEALED).encode()
        try:
            return self._fernet.decrypt(token, ttl=max_age_seconds).decode()
        except InvalidToken:
            return None

    def reseal(self, stored: str) -> str:
        """Sealed again with the first key (or sealed for the first time)."""
        return self.seal(self.open(stored))


def _make_key_file(path: Path) -> None:
    """Written whole under another name, then linked into place: processes starting together
    all end up with the one key that got there first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(new_key())
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
