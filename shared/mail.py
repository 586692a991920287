"""Where a service's e-mail goes: follow-up's messages to customers, insights' alerts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None
    password: str | None
    starttls: bool
    sender: str
    sender_name: str
    timeout: float = 30.0
