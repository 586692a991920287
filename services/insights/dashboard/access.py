"""Who may read the dashboard. Staff sign in with their personal key (or any key with the
`insights:read` scope); the browser keeps it sealed in an HttpOnly cookie for a working day, and
every page checks the key again, so a revoked key ends its sessions at once. A key in the
request's headers works too, as for the API."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request, Response

from shared.auth.dependencies import authenticate, presented_key
from shared.auth.keys import Principal
from shared.auth.rate import RateLimited, RateLimiter
from shared.auth.sealing import SecretBox
from shared.errors import Unauthenticated

COOKIE = "tousu_insights"
SCOPE = "insights:read"
SESSION_SECONDS = 8 * 3600
PATH = "/ui/insights"
SIGN_INS_PER_MINUTE = 10  # per client address: keys are long, but guessing is still refused
REASONS = frozenset({"session_ended", "key_unknown", "key_lacks_scope", "too_many_attempts"})


@dataclass(frozen=True)
class Refusal:
    """Why a visitor is sent to the sign-in page: a text key of the dashboard's words."""

    reason: str | None
    status: int


async def reader_of(request: Request) -> Principal | Refusal:
    """The visitor's principal, or why they must sign in."""
    from_cookie = False
    raw = presented_key(request)
    if raw is None and (sealed := request.cookies.get(COOKIE)):
        box: SecretBox = request.app.state.box
        raw, from_cookie = box.open_fresh(sealed, SESSION_SECONDS), True
        if raw is None:
            return Refusal("session_ended", 303)
    if raw is None:
        return Refusal(None, 303)
    return await _checked(request, raw, from_cookie)


async def sign_in(request: Request, raw: str) -> Principal | Refusal:
    limiter: RateLimiter = request.app.state.limiter
    address = request.client.host if request.client else "unknown"
    try:
        await limiter.check(f"sign-in:{address}", SIGN_INS_PER_MINUTE)
    except RateLimited:
        return Refusal("too_many_attempts", 429)
    return await _checked(request, raw.strip(), from_cookie=False)


async def _checked(request: Request, raw: str, from_cookie: bool) -> Principal | Refusal:
    try:
        principal = await authenticate(request, raw)
    except Unauthenticated:
        return Refusal("session_ended" if from_cookie else "key_unknown", 401)
    except RateLimited:
        return Refusal("too_many_attempts", 429)
    if not principal.allows(SCOPE):
        return Refusal("key_lacks_scope", 403)
    return principal


def keep_session(request: Request, response: Response, raw: str) -> None:
    box: SecretBox = request.app.state.box
    response.set_cookie(
        COOKIE,
        box.seal(raw.strip()),
        max_age=SESSION_SECONDS,
        path=PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def end_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict")
