"""The processes each service runs as, shared by the full command line and the lean entry for
one process (tousu/entry.py reads it before importing anything else)."""

from __future__ import annotations

import argparse

# The background jobs run every few seconds in a process of their own.
PERIODIC: dict[str, tuple[str, str]] = {
    "intake": ("janitor", "applies the retention policy (INTAKE_RETENTION_*)"),
    "routing": ("watchdog", "the escalation watchdog (supervision ladder)"),
    "followup": ("dispatcher", "sends due SMS and e-mail, chases unanswered surveys"),
}


def roles_of(service: str) -> set[str]:
    return {"api", "worker", "relay", PERIODIC[service][0]}


def is_process(argv: list[str]) -> bool:
    """`<service> <role> ...` naming one of that service's processes (not asking for help)."""
    return (
        len(argv) >= 2
        and argv[0] in PERIODIC
        and argv[1] in roles_of(argv[0])
        and not {"-h", "--help"} & set(argv)
    )


def add_roles(
    parser: argparse.ArgumentParser, name: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The service's process roles as sub-commands of `parser`; returned for more."""
    roles = parser.add_subparsers(dest="role", required=True)
    api = roles.add_parser("api", help="the HTTP API")
    api.add_argument("--host")
    api.add_argument("--port", type=int)
    roles.add_parser("worker", help="the Kafka consumer")
    roles.add_parser("relay", help="the outbox publisher")
    periodic, description = PERIODIC[name]
    roles.add_parser(periodic, help=description)
    return roles
