"""A real headless Chromium (Debian's `chromium-headless-shell`) driven over the DevTools
protocol: open pages, run a line of script, catch console errors and refused loads, save
screenshots. Small on purpose: the pages under test need nothing more."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

BINARIES = ("chromium-headless-shell", "chromium", "chromium-browser")


def chromium_binary() -> str | None:
    return next((found for name in BINARIES if (found := shutil.which(name))), None)


class Page:
    def __init__(self, socket: ClientConnection) -> None:
        self._socket = socket
        self._next_id = 0
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._loaded = asyncio.Event()
        self.errors: list[str] = []  # console errors, uncaught exceptions, refused loads

    async def listen(self) -> None:
        async for raw in self._socket:
            message = json.loads(raw)
            if "id" in message:
                self._waiting.pop(message["id"]).set_result(message)
            else:
                self._on_event(message["method"], message.get("params", {}))

    def _on_event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Page.loadEventFired":
            self._loaded.set()
        elif method == "Runtime.exceptionThrown":
            self.errors.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            self.errors.append(" ".join(str(a.get("value", "")) for a in params["args"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append(params["entry"]["text"])

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[self._next_id] = future
        await self._socket.send(
            json.dumps({"id": self._next_id, "method": method, "params": params})
        )
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        result: dict[str, Any] = answer["result"]
        return result

    async def goto(self, url: str) -> None:
        self._loaded.clear()
        await self.send("Page.navigate", url=url)
        await asyncio.wait_for(self._loaded.wait(), 30)

    async def evaluate(self, expression: str) -> Any:
        """The expression's value; for one that navigates, call `loaded` after."""
        answer = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise RuntimeError(answer["exceptionDetails"].get("text", expression))
        return answer["result"].get("value")

    async def submit(self, expression: str) -> None:
        """Runs a script that submits a form, and waits for the page it leads to."""
        self._loaded.clear()
        await self.evaluate(expression)
        await asyncio.wait_for(self._loaded.wait(), 30)

    async def screenshot(self, path: Path, width: int = 1280) -> None:
        """The whole page at `width` pixels wide."""
        for _ in range(2):  # laid out at the width first, then as tall as it came out
            height = await self.evaluate("document.documentElement.scrollHeight")
            await self.send(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=int(height) if _ else 800,
                deviceScaleFactor=1,
                mobile=False,
            )
        shot = await self.send("Page.captureScreenshot", format="png")
        await asyncio.to_thread(path.write_bytes, base64.b64decode(shot["data"]))


@contextlib.asynccontextmanager
async def open_page(binary: str, language: str = "zh-CN") -> AsyncIterator[Page]:
    """A fresh browser profile with one page; the browser is stopped afterwards, whatever
    happens."""
    with tempfile.TemporaryDirectory(prefix="tousu-chromium-") as profile:
        process = await asyncio.create_subprocess_exec(
            binary,
            "--headless",
            "--no-sandbox",  # the test may run as root
            "--disable-gpu",
            "--no-first-run",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            f"--lang={language}",
            "about:blank",
            start_new_session=True,  # its own process group, stopped as one
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            port = await _devtools_port(Path(profile), process)
            async with httpx.AsyncClient() as client:
                target = (await client.put(f"http://127.0.0.1:{port}/json/new?about:blank")).json()
            async with connect(target["webSocketDebuggerUrl"], max_size=None) as socket:
                page = Page(socket)
                listening = asyncio.create_task(page.listen())
                try:
                    for domain in ("Page", "Runtime", "Log"):
                        await page.send(f"{domain}.enable")
                    yield page
                finally:
                    listening.cancel()
        finally:
            await _stop_group(process)


async def _stop_group(process: asyncio.subprocess.Process) -> None:
    """The browser and everything it started: Debian's launcher is a shell script that runs
    the browser as its child, so the whole process group is signalled, and killed if it has
    not gone within ten seconds."""
    for signal_number in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, signal_number)
        except ProcessLookupError:
            break
        for _ in range(100):
            if process.returncode is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), 0.1)
                continue
            try:
                os.killpg(process.pid, 0)  # anyone left in the group?
            except ProcessLookupError:
                return
            await asyncio.sleep(0.1)
    await process.wait()


async def _devtools_port(profile: Path, process: asyncio.subprocess.Process) -> int:
    marker = profile / "DevToolsActivePort"
    for _ in range(600):  # a loaded machine can take a while to start a browser
        if process.returncode is not None:
            raise RuntimeError(f"chromium exited with {process.returncode}")
        if text := await asyncio.to_thread(_read, marker):
            return int(text.split()[0])
        await asyncio.sleep(0.1)
    raise TimeoutError("chromium did not open its DevTools port in 60 s")


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""
