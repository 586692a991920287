"""The baseline: a bare FastAPI endpoint doing one INSERT of the same payload, same database."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

URL = os.environ["BASELINE_DATABASE_URL"]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.engine = create_async_engine(URL, pool_size=10, max_overflow=10)
    async with app.state.engine.begin() as conn:
        await conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS bench_baseline "
                "(id bigserial PRIMARY KEY, body jsonb NOT NULL)"
            )
        )
    yield
    await app.state.engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.post("/baseline", status_code=202)
async def insert(request: Request) -> dict[str, Any]:
    body = (await request.body()).decode()
    async with request.app.state.engine.begin() as conn:
        new_id = (
            await conn.execute(
                text("INSERT INTO bench_baseline (body) VALUES (CAST(:b AS jsonb)) RETURNING id"),
                {"b": body},
            )
        ).scalar_one()
    return {"id": new_id}
