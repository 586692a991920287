"""Figures over HTTP, as JSON or CSV (`format=csv`, with a BOM so spreadsheets read Chinese)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from services.insights.dependencies import InsightsDep, Reader
from services.insights.figures.report import (
    Dimension,
    backlog,
    backlog_columns,
    figure_columns,
    tally,
)
from services.insights.figures.root_causes import recurring_causes
from shared.auth.remit import remit_of
from shared.errors import InvalidRequest
from shared.periods import Period
from shared.web.bounds import Instant

router = APIRouter(prefix="/v1/insights", tags=["insights"])
By = Annotated[
    list[Dimension],
    Query(description="group by these (at most three); none: every complaint together"),
]
Format = Literal["json", "csv"]
# Documented, so clients (and the contract fuzzer) know `format=csv` answers text/csv.
JSON_OR_CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
        }
    }
}


class InvalidPeriod(InvalidRequest):
    code = "invalid_period"


class InvalidGrouping(InvalidRequest):
    code = "invalid_grouping"


def _grouping(by: list[Dimension]) -> list[Dimension]:
    if len(by) > 3 or len(set(by)) != len(by):
        raise InvalidGrouping("`by`: at most three dimensions, each once")
    return by


@router.get("/figures", response_model=None, responses=JSON_OR_CSV)
async def figures(
    insights: InsightsDep,
    reader: Reader,
    since: Instant,
    until: Instant,
    period: Period = "month",
    by: By = [],  # noqa: B006 - FastAPI copies the default
    format: Format = "json",  # noqa: A002 - the query parameter's name
) -> dict[str, Any] | Response:
    """Figures of the complaints registered between `since` and `until`, by period and the
    dimensions in `by` (a reader bound to a department gets its own)."""
    if until <= since or until - since > timedelta(days=400):
        raise InvalidPeriod("`until` must be after `since`, at most 400 days on")
    by = _grouping(by)
    async with insights.uow() as uow:
        facts = await uow.reads.registered_between(since, until, remit_of(reader).departments)
        now = uow.clock.now()
    rows = tally(facts, by, period, insights.zone, now)
    if format == "csv":
        return _csv("figures", figure_columns(by), rows)
    return {
        "since": since,
        "until": until,
        "period": period,
        "by": by,
        "timezone": insights.zone.key,
        "items": rows,
    }


@router.get("/backlog", response_model=None, responses=JSON_OR_CSV)
async def open_backlog(
    insights: InsightsDep,
    reader: Reader,
    by: By = [],  # noqa: B006 - FastAPI copies the default
    format: Format = "json",  # noqa: A002 - the query parameter's name
) -> dict[str, Any] | Response:
    """Complaints open now, by the dimensions in `by`, counted by age and overdue (past the
    date the customer was given)."""
    by = _grouping(by)
    async with insights.uow() as uow:
        facts = await uow.reads.open_at_present(remit_of(reader).departments)
        now = uow.clock.now()
    rows = backlog(facts, by, now)
    if format == "csv":
        return _csv("backlog", backlog_columns(by), rows)
    return {"at": now, "by": by, "items": rows}


@router.get("/root-causes")
async def root_causes(
    insights: InsightsDep,
    reader: Reader,
    weeks: Annotated[int, Query(ge=2, le=52, description="weeks looked at")] = 8,
    min_count: Annotated[int, Query(ge=1, le=10_000)] = 3,
) -> dict[str, Any]:
    """Investigations' root causes per department over the last `weeks` weeks (by when the
    complaint came), against the weeks before; `recurring` when found `min_count` times or
    more, in half the weeks or more."""
    async with insights.uow() as uow:
        now = uow.clock.now()
        since = now - timedelta(weeks=2 * weeks)
        facts = await uow.reads.investigated_since(since, remit_of(reader).departments)
    rows = recurring_causes(facts, now, insights.zone, weeks=weeks, min_count=min_count)
    return {"weeks": weeks, "until": now, "items": rows}


def _csv(name: str, columns: Sequence[str], rows: list[dict[str, Any]]) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
