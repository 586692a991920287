"""`tousu demo`: a dozen realistic complaints on every channel, in Chinese and English,
posted to a running Tousu; then how each one was routed and when it will be acknowledged.
With `--history DAYS`, first a dated history of demo complaints (marked as such) for the
figures and the early warning to work on, ending in a surge of lost parcels."""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import yaml

from shared.settings import TousuSettings
from tousu.embedded import local_key_path

SAMPLES = Path(__file__).with_name("demo_complaints.yaml")


def complaints() -> list[dict[str, Any]]:
    """The samples, with fresh external references so the demo can run again."""
    tag = uuid.uuid4().hex[:8]
    text = SAMPLES.read_text(encoding="utf-8").replace("{tag}", tag)
    samples: list[dict[str, Any]] = yaml.safe_load(text)
    return samples


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", default=os.environ.get("TOUSU_URL"))
    parser.add_argument("--key", default=os.environ.get("TOUSU_API_KEY"))
    parser.add_argument(
        "--history", type=int, default=0, metavar="DAYS", help="post this many days of history"
    )


DEMO_MARK = "【演示数据 demo】"
SURGE = "快递驿站把我的包裹弄丢了，物流显示已签收，驿站说找不到，要求赔偿。"
SURGE_DAYS, SURGE_PER_DAY = 3, 12


def history(days: int, now: datetime) -> list[dict[str, Any]]:
    """Web complaints dated over the last `days` days: the samples' words in turn, a few a
    day (fewer at weekends), then SURGE_PER_DAY lost parcels a day for the last SURGE_DAYS."""
    tag, texts = uuid.uuid4().hex[:8], [c["text"] for c in complaints()]
    posts: list[dict[str, Any]] = []
    for ago in range(days, -1, -1):
        at = (now - timedelta(days=ago)).replace(hour=2, minute=0, second=0, microsecond=0)
        count = 2 if at.weekday() >= 5 else 4
        words = [texts[(ago * 4 + i) % len(texts)] for i in range(count)]
        if ago < SURGE_DAYS:
            words += [SURGE] * SURGE_PER_DAY
        for text in words:
            n = len(posts)
            posts.append(
                {
                    "channel": "web",
                    "customer": {"name": f"演示客户 Demo {n}", "phone": f"1390{n:07d}"},
                    "text": f"{DEMO_MARK} {text}",
                    "received_at": at.isoformat(),
                    "details": {
                        "message_id": f"DEMO-{tag}-{n}",
                        "sender_address": f"demo{n}@example.cn",
                    },
                }
            )
    return posts


async def _post_history(client: httpx.AsyncClient, days: int) -> int:
    posts = history(days, datetime.now(UTC))
    gate = asyncio.Semaphore(8)

    async def post(body: dict[str, Any]) -> int:
        async with gate:
            return (await client.post("/v1/complaints", json=body)).status_code

    statuses = await asyncio.gather(*(post(body) for body in posts))
    refused = [s for s in statuses if s != 202]
    if refused:
        print(f"{len(refused)} of the history's complaints were refused ({refused[0]})")
    return len(posts) - len(refused)


def _local_key() -> str | None:
    path = local_key_path(TousuSettings().database_url)
    return path.read_text().strip() if path.exists() else None


async def _settled(client: httpx.AsyncClient, complaint_id: str, wait: float) -> dict[str, Any]:
    deadline = time.monotonic() + wait
    while True:
        body: dict[str, Any] = (await client.get(f"/v1/complaints/{complaint_id}")).json()
        types = {entry["type"] for entry in body.get("timeline", [])}
        if {"complaint.routed", "callback.scheduled"} <= types or time.monotonic() > deadline:
            return body
        await asyncio.sleep(0.1)


def _row(body: dict[str, Any]) -> str:
    callback = next((e for e in body["timeline"] if e["type"] == "callback.scheduled"), None)
    when = (
        f"{callback['data']['channel']:<6} {callback['data']['scheduled_for'][:16]}"
        if callback
        else "-"
    )
    return (
        f"{body['reference']:<16} {body['channel']:<8} {body['language']:<3} "
        f"{body['department'] or '-':<18} {body['priority'] or '-':<3} {when}   "
        f"{body['text'][:28]}"
    )


async def run(args: argparse.Namespace) -> int:
    url = args.url or f"http://{TousuSettings().host}:{TousuSettings().port}"
    key = args.key or _local_key()
    if not key:
        print("no API key: pass --key, set TOUSU_API_KEY, or start `make run` first")
        return 2
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=30) as client:
        if args.history > 0:
            posted = await _post_history(client, args.history)
            print(
                f"posted {posted} dated demo complaints (marked {DEMO_MARK}) over the last "
                f"{args.history} days; see GET /v1/insights/figures, and GET "
                "/v1/insights/alerts after the detector's next pass (INSIGHTS_DETECT_MINUTES)\n"
            )
        accepted = []
        for complaint in complaints():
            response = await client.post("/v1/complaints", json=complaint)
            if response.status_code != 202:
                print(f"{complaint['channel']}: {response.status_code} {response.text}")
                return 1
            accepted.append(response.json()["id"])
        print(f"posted {len(accepted)} complaints to {url}\n")
        print(
            f"{'reference':<16} {'channel':<8} {'ln':<3} {'department':<18} {'pri':<3} "
            f"{'acknowledgment (UTC)':<24} text"
        )
        for complaint_id in accepted:
            print(_row(await _settled(client, complaint_id, wait=10)))
    return 0
