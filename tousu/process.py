"""`tousu <service> <role>`: one process of the distributed topology. It loads its own
service's composition root and the plumbing its role needs, not the rest of the command line
(the other services, migrations, the classifier's training): less memory, a faster start."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

import uvicorn
import uvloop

from shared import tracing
from shared.clock import SystemClock
from shared.logging import configure_logging
from shared.runtime import (
    kafka_check,
    key_store,
    run_outbox_relay,
    run_watchdog,
    run_worker,
    secret_box,
)
from shared.settings import TousuSettings
from shared.web.app import create_api
from tousu.registry import SERVICES
from tousu.roles import PERIODIC, add_roles

# After the requests' 8 s, closing gets 5 s more (a hung database holds it), then the process
# ends: a restart loses nothing (shared/stopping.py).
CLOSE_DEADLINE_SECONDS = 5.0


def run_process(name: str, role: str, host: str | None = None, port: int | None = None) -> None:
    os.umask(0o077)  # attachments and spooled messages: the owner's only
    clock = SystemClock()
    settings, service = SERVICES[name].create(clock)
    configure_logging(settings.log_level, json_lines=settings.log_json)
    tracing.configure(f"{name}-{role}")
    # uvloop, as uvicorn uses for the APIs: its loop and sockets are C, not Python.
    if role == "worker":
        uvloop.run(run_worker(service, settings, clock))
    elif role == "relay":
        uvloop.run(run_outbox_relay(service, settings, clock))
    elif role == PERIODIC[name][0]:
        uvloop.run(run_watchdog(service, settings))
    else:
        cli = TousuSettings()
        app = create_api(
            [service],
            key_store(settings, clock),
            secret_box(settings),
            title=f"Tousu {name}",
            broker_check=kafka_check(settings),
            on_shutdown=service.close,
            close_within=CLOSE_DEADLINE_SECONDS,
        )
        uvicorn.run(
            app,
            host=host or cli.host,
            port=port or cli.port,
            log_config=None,
            access_log=False,
            # In-flight requests get 8 s: the process ends by itself before compose's 10 s.
            timeout_graceful_shutdown=8,
        )


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="tousu")
    services = parser.add_subparsers(dest="service", required=True)
    for name in SERVICES:
        add_roles(services.add_parser(name), name)
    args = parser.parse_args(argv)
    run_process(args.service, args.role, getattr(args, "host", None), getattr(args, "port", None))
    return 0
