"""Load from `wrk` (compiled, one thread): a Python client on the same two cores saturates
before the server does. Each request posts the next of a file of realistic bodies; the
generator's own CPU share is measured so that a ratio is believed only when it is low."""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LUA = """
local bodies, i = {}, 0
init = function(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
end
request = function()
  i = i + 1
  return wrk.format("POST", nil, nil, bodies[((i - 1) % #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""
RESULT = re.compile(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+)")


@dataclass(frozen=True)
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    failed: int
    generator_cpu: float  # the share of one core wrk itself used


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is missing: make bench installs it from Debian's packages")
    return found


def run(
    url: str,
    key: str,
    bodies: Iterator[dict[str, Any]],
    *,
    seconds: int,
    connections: int = 32,
) -> Load:
    """POSTs for `seconds` from `connections` connections on one thread. Enough distinct
    bodies are written that none is sent twice (a repeat would take the idempotent path)."""
    with tempfile.TemporaryDirectory(prefix="tousu-wrk-") as folder:
        lines = Path(folder) / "bodies.jsonl"
        with lines.open("w", encoding="utf-8") as out:
            for _ in range(max(2000, seconds * 1500)):
                out.write(json.dumps(next(bodies), ensure_ascii=False) + "\n")
        script = Path(folder) / "post.lua"
        script.write_text(LUA)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603 - wrk with our own arguments, on loopback
            [
                ensure_wrk(),
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-H",
                f"X-API-Key: {key}",
                "-H",
                "Content-Type: application/json",
                "-s",
                str(script),
                url,
                "--",
                str(lines),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = RESULT.search(done.stdout)
    if found is None:
        raise RuntimeError(f"wrk said: {done.stdout[-500:]} {done.stderr[-500:]}")
    requests, micros, p50, p99, failed = (int(g) for g in found.groups())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Load(requests / (micros / 1e6), p50 / 1000, p99 / 1000, failed, cpu / wall)
