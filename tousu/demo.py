"""`tousu demo`: a dozen realistic complaints on every channel, in Chinese and English,
posted to a running Tousu; then how each one was routed and when it will be acknowledged."""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
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
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": key}, timeout=10) as client:
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
