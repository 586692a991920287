"""The dashboard's pages: server-rendered HTML with inline SVG charts, in Chinese or English;
no script and nothing fetched from elsewhere (the Content-Security-Policy says so)."""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from services.insights.dashboard import access
from services.insights.dashboard.texts import Words, language_of
from services.insights.dashboard.view import Archive, build
from services.insights.dependencies import InsightsDep, InsightsState
from services.insights.figures.root_causes import recurring_causes
from shared.auth.keys import Principal
from shared.auth.remit import remit_of
from shared.errors import Forbidden
from shared.periods import Period

router = APIRouter(prefix=access.PATH, include_in_schema=False)
templates = Environment(
    loader=PackageLoader("services.insights.dashboard"),
    autoescape=select_autoescape(),
    undefined=StrictUndefined,
)
STYLE = resources.files("services.insights.dashboard").joinpath("static/dashboard.css")
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
WINDOWS = (30, 90, 180, 365)
ROOT_CAUSE_WEEKS = 8
Language = Annotated[Literal["zh", "en"] | None, Query()]


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


@router.get("", response_class=HTMLResponse)
async def dashboard(
    request: Request,
    insights: InsightsDep,
    lang: Language = None,
    days: Annotated[int, Query(ge=7, le=400)] = 90,
    period: Period = "week",
    department: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    words = Words(language_of(lang, request.headers.get("accept-language")))
    reader = await access.reader_of(request)
    if isinstance(reader, access.Refusal):
        target = {"lang": words.language} | ({"reason": reader.reason} if reader.reason else {})
        response = RedirectResponse(f"{access.PATH}/login?{urlencode(target)}", 303)
        access.end_session(response)
        return response
    refusal = Forbidden("department staff see their own department's figures")
    shown = remit_of(reader).list_for(department or None, refusal)
    archive, departments, window = await _archive(insights, reader, days, shown)
    board = build(archive, words, window, period, insights.zone)
    return _page(
        "dashboard.html",
        t=words,
        board=board,
        reader=reader,
        days=days,
        windows=WINDOWS,
        period=period,
        department=shown,
        departments=departments,
        bound=not remit_of(reader).everything,
        since=window[0].astimezone(insights.zone).date(),
        until=window[1].astimezone(insights.zone).date(),
        other_language="en" if words.language == "zh" else "zh",
        query=urlencode({"days": days, "period": period, "department": shown or ""}),
    )


async def _archive(
    insights: InsightsState, reader: Principal, days: int, department: str | None
) -> tuple[Archive, list[str], tuple[datetime, datetime]]:
    remit = remit_of(reader).departments
    scope = remit if department is None else frozenset({department})
    async with insights.uow() as uow:
        now = uow.clock.now()
        since = now - timedelta(days=days)
        registered = await uow.reads.registered_between(since, now, remit)
        open_now = await uow.reads.open_at_present(scope)
        today = now.astimezone(insights.zone).date()
        alerts = await uow.alerts.since(today - timedelta(days=days - 1), scope, 50)
        investigated = await uow.reads.investigated_since(
            now - timedelta(weeks=2 * ROOT_CAUSE_WEEKS), scope
        )
    departments = sorted({f.department for f in registered if f.department})
    if department is not None:
        registered = [f for f in registered if f.department == department]
    causes = recurring_causes(investigated, now, insights.zone, weeks=ROOT_CAUSE_WEEKS, min_count=3)
    return Archive(registered, open_now, alerts, causes), departments, (since, now)


@router.get("/login", response_class=HTMLResponse)
async def login_page(
    request: Request, lang: Language = None, reason: str | None = None
) -> Response:
    words = Words(language_of(lang, request.headers.get("accept-language")))
    known = reason if reason in access.REASONS else None
    return _page("login.html", t=words, reason=known)


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    key: Annotated[str, Form(max_length=512)],
    lang: Annotated[Literal["zh", "en"], Form()] = "zh",
) -> Response:
    words = Words(lang)
    reader = await access.sign_in(request, key)
    if isinstance(reader, access.Refusal):
        return _page("login.html", status=reader.status, t=words, reason=reader.reason)
    response = RedirectResponse(f"{access.PATH}?lang={lang}", 303)
    access.keep_session(request, response, key)
    return response


@router.post("/logout")
async def logout(lang: Annotated[Literal["zh", "en"], Form()] = "zh") -> Response:
    response = RedirectResponse(f"{access.PATH}/login?lang={lang}", 303)
    access.end_session(response)
    return response


@router.get("/dashboard.css")
async def style() -> Response:
    return Response(
        STYLE.read_text(encoding="utf-8"),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
