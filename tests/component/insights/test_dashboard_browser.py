"""The dashboard in a real headless Chromium, served by uvicorn on a loopback port over a seeded
archive: signing in through the form, the charts drawn with the archive's data, the alert with
its evidence, both languages, no console error; screenshots are saved in var/screenshots."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn

from tests.browser import Page, chromium_binary, open_page
from tests.component.insights.archive import fold, fold_archive
from tests.system import System


@pytest.fixture
def screenshots() -> Path:
    folder = Path(os.environ.get("TOUSU_SCREENSHOTS", "var/screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
async def served(system: System) -> AsyncIterator[str]:
    """The system's API on a free loopback port, stopped afterwards."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(system.app, lifespan="off", log_level="warning"))
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        for _ in range(300):
            if server.started or serving.done():
                break
            await asyncio.sleep(0.05)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
        listener.close()


@pytest.fixture
def chromium() -> str:
    binary = chromium_binary()
    if binary is None:
        pytest.fail("no Chromium: `bash scripts/ensure-chromium.sh` (part of `make test`)")
    return binary


async def seed(system: System) -> None:
    """The small archive, 90 quiet days of two departments, and a delivery surge now."""
    await fold_archive(system)
    quiet = [2 + day % 3 for day in range(90)]
    await fold(system, "billing", quiet, "账单金额不对，多扣了月费")
    await fold(system, "delivery", [0, 0, 0] + quiet[3:], "快递延误")
    await fold(system, "delivery", [16, 15, 14], "包裹丢失，驿站说找不到，要求赔偿")
    detector = system.services["insights"].periodic
    assert detector is not None
    assert await detector()


async def charts_drawn(page: Page) -> dict[str, int]:
    script = """(() => {
      const charts = [...document.querySelectorAll('svg.chart')];
      const drawn = charts.filter(c => c.getBoundingClientRect().width > 300);
      return {
        charts: charts.length,
        drawn: drawn.length,
        lines: document.querySelectorAll('#volume_by_department polyline').length,
        bars: document.querySelectorAll('#backlog rect.bar').length,
        alerts: document.querySelectorAll('#alerts tr.alert').length,
        topics: document.querySelectorAll('#topics tr.topic').length,
        styled: getComputedStyle(document.querySelector('.tile')).borderRadius === '6px' ? 1 : 0,
      };
    })()"""
    counts: dict[str, int] = await page.evaluate(script)
    return counts


async def test_the_dashboard_draws_the_archive_in_a_real_browser(
    system: System, served: str, chromium: str, screenshots: Path
) -> None:
    await seed(system)
    key = await system.key("insights:read")
    async with open_page(chromium) as page:
        await page.goto(f"{served}/ui/insights?lang=zh")
        assert await page.evaluate("location.pathname") == "/ui/insights/login"
        await page.evaluate(f"document.querySelector('#key').value = {key!r}")
        await page.submit("document.querySelector('form').submit()")
        assert await page.evaluate("location.pathname") == "/ui/insights"
        # The surge is delivery's and the phone channel's (every complaint came by phone).
        assert await charts_drawn(page) == {
            "charts": 5,
            "drawn": 5,
            "lines": 2,
            "bars": 5,
            "alerts": 2,
            "topics": 1,
            "styled": 1,
        }
        rows = "[...document.querySelectorAll('#alerts tr.alert')].map(r => r.innerText)"
        alert = next(row for row in await page.evaluate(rows) if "delivery" in row)
        assert "TS-" in alert
        topic = await page.evaluate("document.querySelector('#topics tr.topic').innerText")
        assert "包裹" in topic and "驿站" in topic
        assert "包裹" in alert or "丢失" in alert or "赔偿" in alert
        await page.screenshot(screenshots / "insights-zh.png")
        await page.goto(f"{served}/ui/insights?lang=en&days=90&period=day")
        assert "Early warning" in await page.evaluate("document.body.innerText")
        await page.screenshot(screenshots / "insights-en.png")
        assert page.errors == []
    assert (screenshots / "insights-zh.png").stat().st_size > 10_000
