"""Where attachment files live: a local directory by default, or S3-compatible storage.
Content-addressed by SHA-256, so a file sent twice is kept once and a file written before a
rolled-back transaction is harmless."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# Scans, photos, receipts and documents; nothing executable or scriptable.
DEFAULT_TYPES = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heic",
    "image/tiff",
    "text/plain",
    "text/csv",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "audio/mpeg",
    "audio/wav",
    "audio/amr",
)


@dataclass(frozen=True)
class AttachmentRules:
    max_bytes: int = 10 * 1024 * 1024
    types: tuple[str, ...] = DEFAULT_TYPES

    def refusal(self, content_type: str, size: int) -> str | None:
        """Why a file can't be kept (`too_large`, `type_not_allowed`, `empty`), or None."""
        if size == 0:
            return "empty"
        if size > self.max_bytes:
            return "too_large"
        base = content_type.split(";")[0].strip().lower()
        return None if base in self.types else "type_not_allowed"


class AttachmentStore(Protocol):
    async def put(self, content: bytes) -> tuple[str, str]:
        """Stores the bytes; returns (storage key, SHA-256 hex)."""
        ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None:
        """Gone for good; a key already gone is no error."""
        ...


class LocalAttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key

    async def put(self, content: bytes) -> tuple[str, str]:
        digest = hashlib.sha256(content).hexdigest()
        await asyncio.to_thread(self._write, digest, content)
        return digest, digest

    def _write(self, key: str, content: bytes) -> None:
        path = self._path(key)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(content)
        partial.replace(path)  # never a half-written file under the final name

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)


class S3AttachmentStore:
    """Any S3-compatible store (AWS S3, MinIO, Ceph, OSS/COS in S3 mode), through boto3 in a
    worker thread. Keys are `{prefix}{sha256}`."""

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ) -> None:
        import boto3  # only deployments that configure S3 need it (the `s3` extra)

        self._bucket, self._prefix = bucket, prefix
        self._s3 = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
        )

    async def put(self, content: bytes) -> tuple[str, str]:
        digest = hashlib.sha256(content).hexdigest()
        key = self._prefix + digest
        await asyncio.to_thread(
            self._s3.put_object,
            Bucket=self._bucket,
            Key=key,
            Body=content,
            ChecksumSHA256=_b64(digest),
        )
        return key, digest

    async def get(self, key: str) -> bytes:
        answer = await asyncio.to_thread(self._s3.get_object, Bucket=self._bucket, Key=key)
        body: bytes = await asyncio.to_thread(answer["Body"].read)
        return body

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._s3.delete_object, Bucket=self._bucket, Key=key)


def _b64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()
