"""Realistic complaint bodies built from ../shared/data (read at run time, never copied)."""

from __future__ import annotations

import csv
import itertools
import os
import random
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(
    os.environ.get("TOUSU_DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data")
)
CFPB_CHANNELS = {
    "Web": "web",
    "Referral": "web",
    "Phone": "phone",
    "Postal mail": "letter",
    "Fax": "letter",
    "Email": "email",
}


def texts() -> list[tuple[str, str]]:
    """(channel, text): English CFPB narratives and Chinese citizen messages."""
    found = []
    with (DATA / "cfpb" / "complaints_2019_2020_dev.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if narrative := row["Consumer complaint narrative"].strip():
                found.append((CFPB_CHANNELS.get(row["Submitted via"], "web"), narrative[:10_000]))
    with (DATA / "tipdm2020" / "labeled_raw_495.csv").open(encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            found.append((("sms", "web", "phone")[i % 3], row["留言详情"].strip()[:10_000]))
    return found


def _details(channel: str, ref: str, rng: random.Random) -> dict[str, Any]:
    phone = f"13{rng.randrange(10**9):09d}"
    return {
        "phone": {"call_id": ref, "caller_number": phone, "agent_id": f"A-{rng.randrange(50)}"},
        "letter": {"received_date": "2026-11-20", "sender_address": "A市A3区", "scan_ref": ref},
        "web": {"message_id": ref, "sender_address": f"{ref}@example.com"},
        "email": {"message_id": ref, "sender_address": f"{ref}@example.com"},
        "sms": {"message_id": ref, "sender_address": phone},
    }[channel]


def payloads(seed: int = 7) -> Iterator[dict[str, Any]]:
    rng, pool = random.Random(seed), texts()
    rng.shuffle(pool)
    for channel, text in itertools.cycle(pool):
        ref = uuid.uuid4().hex[:16]
        yield {
            "channel": channel,
            "text": text,
            "details": _details(channel, ref, rng),
            "customer": {
                "name": f"Customer {rng.randrange(10_000)}",
                "phone": f"13{rng.randrange(10**9):09d}",
            },
        }
