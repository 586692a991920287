"""Attachments on S3-compatible storage, against a local S3 (moto's server on loopback)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from devtools.ports import free_port
from shared.clock import FixedClock
from tests.builders import complaint
from tests.system import System

S3 = {
    "attachments_s3_bucket": "complaint-files",
    "attachments_s3_region": "us-east-1",
    "attachments_s3_access_key_id": "test",
    "attachments_s3_secret_access_key": "test",
}


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
async def s3_system(
    database_url: str, clock: FixedClock, s3_endpoint: str
) -> AsyncIterator[System]:
    settings: dict[str, Any] = S3 | {"attachments_s3_endpoint_url": s3_endpoint}
    bucket(s3_endpoint).create_bucket(Bucket=S3["attachments_s3_bucket"])
    built = System(database_url, clock, extra_settings=settings)
    await built.start()
    yield built
    await built.close()


def bucket(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


async def test_an_upload_lands_in_the_bucket_under_its_checksum_and_comes_back(
    s3_system: System, s3_endpoint: str
) -> None:
    receipt = b"\x89PNG\r\n\x1a\n receipt"
    async with await s3_system.client("complaints:write", "complaints:read") as client:
        posted = (await client.post("/v1/complaints", json=complaint("on_site"))).json()
        upload = {"file": ("receipt.png", receipt, "image/png")}
        stored = (
            await client.post(f"/v1/complaints/{posted['id']}/attachments", files=upload)
        ).json()
        back = await client.get(f"/v1/complaints/{posted['id']}/attachments/{stored['id']}")
    keys = [
        o["Key"] for o in bucket(s3_endpoint).list_objects_v2(Bucket="complaint-files")["Contents"]
    ]
    assert keys == [f"attachments/{stored['sha256']}"]
    assert back.content == receipt
