"""The processes each service runs as, shared by the full command line and the lean entry for
one process (tousu/entry.py reads it before importing anything else)."""

from __future__ import annotations

import argparse

# The background jobs run every few seconds in a process of their own.
PERIODIC: dict[str, tuple[str, str]] = {
    "intake": ("janitor", "applies the retention policy (INTAKE_RETENTION_*)"),
    "routing": ("watchdog", "the escalation watchdog (supervision ladder)"),
    "followup": ("dispatcher", "sends due SMS and e-mail, chases unanswered surveys"),
    "insights": ("detector", "early warning: surges in the archive's series, as alerts"),
}


# Every service runs these, besides its periodic job.
COMMON: dict[str, str] = {
    "api": "the HTTP API",
    "worker": "the Kafka consumer",
    "relay": "the outbox publisher",
}


def roles_of(service: str) -> dict[str, str]:
    """The service's process roles, each with its description."""
    periodic, description = PERIODIC[service]
    return COMMON | {periodic: description}


def is_process(argv: list[str]) -> bool:
    """`<service> <role> ...` naming one of that service's processes (not asking for help)."""
    return (
        len(argv) >= 2
        and argv[0] in PERIODIC  # the services: each has one periodic job
        and argv[1] in roles_of(argv[0])
        and not {"-h", "--help"} & set(argv)
    )


def add_roles(
    parser: argparse.ArgumentParser, name: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The service's process roles as sub-commands of `parser`; returned for more."""
    roles = parser.add_subparsers(dest="role", required=True)
    for role, description in roles_of(name).items():
        command = roles.add_parser(role, help=description)
        if role == "api":
            command.add_argument("--host")
            command.add_argument("--port", type=int)
    return roles
