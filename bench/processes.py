"""Per process of the distributed topology: start-up time (on an otherwise idle stack, one
role restarted at a time), resident memory and idle CPU, read from /proc."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from devtools.stack import Stack

# The line each background role logs once it is doing its job (shared/runtime.py).
READY = {
    "worker": "worker consuming",
    "relay": "relay publishing",
    "watchdog": "watchdog running",
    "dispatcher": "watchdog running",
}
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Figures:
    role: str
    startup_s: float
    rss_mb: float
    idle_cpu: float  # share of one core


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    # Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def restart_timed(stack: Stack, role: str, *, timeout: float = 60) -> float:
    """Seconds from spawning the role until it is ready: an API answers on its port, a
    background process has logged that it is doing its job."""
    stack.stop(role)
    seen = len(stack.log(role))
    started = time.monotonic()
    stack.start(role)  # an API: returns once its port answers
    kind = role.split("-")[1]
    while kind in READY and READY[kind] not in stack.log(role)[seen:]:
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{role} not ready after {timeout:.0f}s")
        time.sleep(0.02)
    return time.monotonic() - started


def measure(stack: Stack, roles: tuple[str, ...], *, idle_seconds: float = 10) -> list[Figures]:
    """Each role restarted alone and timed, then memory and CPU of all over an idle spell."""
    startup = {role: restart_timed(stack, role) for role in roles}
    time.sleep(2)  # past the start-up work of the last one
    pids = {role: stack.processes[role].pid for role in roles}
    before = {role: cpu_seconds(pid) for role, pid in pids.items()}
    time.sleep(idle_seconds)
    return [
        Figures(
            role,
            startup[role],
            rss_mb(pid),
            (cpu_seconds(pid) - before[role]) / idle_seconds,
        )
        for role, pid in pids.items()
    ]


def report(figures: list[Figures]) -> None:
    print("Per process, restarted one at a time on the idle stack, then idle for a while:")
    for f in figures:
        print(
            f"  {f.role:<22} ready in {f.startup_s:5.2f} s   resident {f.rss_mb:6.0f} MB   "
            f"idle CPU {f.idle_cpu:6.1%} of a core"
        )


def cpu_by_process(stack: Stack) -> dict[str, float]:
    """CPU seconds so far of each stack process, and of PostgreSQL's and Kafka's (every
    `postgres` and `java` process on the machine: the bench's own)."""
    used = {role: cpu_seconds(process.pid) for role, process in stack.processes.items()}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            name = {"postgres": "postgresql", "java": "kafka"}.get(
                (proc / "comm").read_text().strip()
            )
            if name:
                used[name] = used.get(name, 0.0) + cpu_seconds(int(proc.name))
        except OSError:  # ended meanwhile
            continue
    return used


def report_cost(before: dict[str, float], after: dict[str, float], complaints: int) -> None:
    """Milliseconds of CPU per complaint, by process: where the pipeline's time goes."""
    spent = {k: (after[k] - before.get(k, 0.0)) * 1000 / complaints for k in after}
    parts = "   ".join(f"{k} {ms:.1f}" for k, ms in spent.items() if ms >= 0.05)
    print(f"  CPU ms per complaint (start-up included, {sum(spent.values()):.0f} in all): {parts}")
