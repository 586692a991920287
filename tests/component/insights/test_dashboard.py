"""The dashboard's pages over HTTP: signing in, the session cookie, the figures it shows
against the API's, department scoping, and refusals."""

from __future__ import annotations

import re
from typing import Any

import httpx
from bs4 import BeautifulSoup

from services.insights.dashboard.access import COOKIE
from tests.component.insights.archive import fold_archive
from tests.system import System

PAGE = "/ui/insights"
LAST_30_DAYS = {"since": "2026-10-24T02:00:00Z", "until": "2026-11-23T02:00:00Z"}


async def visitor(system: System) -> httpx.AsyncClient:
    return await system.client("")


async def sign_in(client: httpx.AsyncClient, key: str) -> None:
    response = await client.post(f"{PAGE}/login", data={"key": key, "lang": "en"})
    assert response.status_code == 303, response.text


def tiles(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {
        str(tile["data-figure"]): tile.select_one(".value").get_text()  # type: ignore[union-attr]
        for tile in soup.select(".tile")
    }


def reason(html: str) -> str | None:
    found = BeautifulSoup(html, "html.parser").select_one("[data-reason]")
    return None if found is None else str(found["data-reason"])


async def test_a_visitor_is_sent_to_sign_in_in_their_language(system: System) -> None:
    async with await visitor(system) as client:
        sent = await client.get(PAGE, headers={"Accept-Language": "en-GB,en;q=0.9"})
        chinese = await client.get(f"{PAGE}/login", headers={"Accept-Language": "zh-CN"})
        english = await client.get(f"{PAGE}/login?lang=en")
    assert (sent.status_code, sent.headers["location"]) == (303, f"{PAGE}/login?lang=en")
    assert "登录投诉洞察" in chinese.text and 'lang="zh-CN"' in chinese.text
    assert "Sign in to complaint insights" in english.text
    assert "default-src 'none'" in english.headers["content-security-policy"]


async def test_signing_in_keeps_the_key_sealed_in_an_http_only_cookie(system: System) -> None:
    key = await system.key("insights:read")
    async with await visitor(system) as client:
        response = await client.post(f"{PAGE}/login", data={"key": key, "lang": "zh"})
        page = await client.get(PAGE)
    assert (response.status_code, response.headers["location"]) == (303, f"{PAGE}?lang=zh")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and key not in cookie
    assert all(part in cookie for part in ("HttpOnly", "Path=/ui/insights", "SameSite=strict"))
    assert page.status_code == 200 and "投诉洞察" in page.text
    assert page.headers["cache-control"] == "no-store"


async def test_a_key_in_the_headers_works_as_for_the_api(system: System) -> None:
    async with await system.client("insights:read") as client:
        page = await client.get(PAGE, params={"lang": "en"})
    assert page.status_code == 200 and "Complaint insights" in page.text


async def test_the_tiles_and_charts_show_the_archives_figures(system: System) -> None:
    await fold_archive(system)
    async with await system.client("insights:read") as api:
        figures = (
            await api.get("/v1/insights/figures", params=LAST_30_DAYS | {"period": "month"})
        ).json()["items"]
        waiting = (await api.get("/v1/insights/backlog")).json()["items"]
        page = await api.get(PAGE, params={"lang": "en", "days": 30, "period": "month"})
    (november,) = figures  # all five in November
    (open_now,) = waiting
    shown = tiles(page.text)
    assert shown["volume"] == "5" == str(november["volume"])
    assert (shown["open"], shown["overdue"]) == (str(open_now["open"]), str(open_now["overdue"]))
    for key in ("first_response_within_sla", "promise_kept", "csat", "reopen_rate"):
        assert shown[key] == f"{november[key] * 100:.0f}%", key
    soup = BeautifulSoup(page.text, "html.parser")
    assert len(soup.select("svg.chart")) == 5
    by_department = soup.select_one("#volume_by_department")
    assert by_department is not None
    assert [g["data-series"] for g in by_department.select("g.series")] == ["billing", "delivery"]
    rows = [[td.get_text() for td in tr.select("td")] for tr in by_department.select("tbody tr")]
    assert rows == [["2026-10", "0", "0"], ["2026-11", "3", "2"]]


async def test_refused_keys_are_told_why(system: System) -> None:
    narrow = await system.key("complaints:read")
    async with await visitor(system) as client:
        unknown = await client.post(f"{PAGE}/login", data={"key": "tsk_nonsense"})
        lacking = await client.post(f"{PAGE}/login", data={"key": narrow, "lang": "en"})
        for _ in range(10):
            await client.post(f"{PAGE}/login", data={"key": "tsk_guess"})
        throttled = await client.post(f"{PAGE}/login", data={"key": narrow})
    assert (unknown.status_code, reason(unknown.text)) == (401, "key_unknown")
    assert (lacking.status_code, reason(lacking.text)) == (403, "key_lacks_scope")
    assert "insights:read" in lacking.text
    assert (throttled.status_code, reason(throttled.text)) == (429, "too_many_attempts")
    assert "set-cookie" not in unknown.headers


async def test_a_revoked_key_or_a_forged_cookie_ends_the_session(system: System) -> None:
    info, key = await system.keys.create("manager", ["insights:read"])
    async with await visitor(system) as client:
        await sign_in(client, key)
        assert (await client.get(PAGE)).status_code == 200
        await system.keys.revoke(info.id)
        ended = await client.get(PAGE, params={"lang": "en"})
    async with await visitor(system) as forger:
        forger.cookies.set(COOKIE, "fernet:forged", path="/ui/insights")
        forged = await forger.get(PAGE, params={"lang": "en"})
    for response in (ended, forged):
        assert response.status_code == 303
        assert response.headers["location"] == f"{PAGE}/login?lang=en&reason=session_ended"


async def test_signing_out_ends_the_session(system: System) -> None:
    async with await visitor(system) as client:
        await sign_in(client, await system.key("insights:read"))
        out = await client.post(f"{PAGE}/logout", data={"lang": "en"})
        after = await client.get(PAGE)
    assert (out.status_code, out.headers["location"]) == (303, f"{PAGE}/login?lang=en")
    assert after.status_code == 303


async def test_department_staff_see_their_own_department(system: System) -> None:
    await fold_archive(system)
    handler = await system.staff("han", "handler", "delivery")
    admin = await system.staff("root", "admin")
    async with handler, admin:
        own = await handler.get(PAGE, params={"days": 30})
        other = await handler.get(PAGE, params={"days": 30, "department": "billing"})
        chosen = await admin.get(PAGE, params={"days": 30, "department": "billing"})
    assert tiles(own.text)["volume"] == "2"
    assert "billing" not in _series(own.text)
    assert other.status_code == 403
    assert tiles(chosen.text)["volume"] == "3" and _series(chosen.text) == ["billing"]


def _series(html: str) -> list[Any]:
    soup = BeautifulSoup(html, "html.parser")
    return [g["data-series"] for g in soup.select("#volume_by_department g.series")]


async def test_bad_parameters_get_stable_codes(system: System) -> None:
    async with await system.client("insights:read") as client:
        response = await client.get(PAGE, params={"days": 3})
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert re.search(r"days", response.text)
