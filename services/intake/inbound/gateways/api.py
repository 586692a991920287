"""Gateways' inbound routes: each admits the integration, verifies the provider's signature on
the raw request, reads the provider's dialect, and answers the way the provider expects."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.datastructures import FormData, UploadFile

from services.intake.complaints.messages import Attachment
from services.intake.dependencies import IntakeDep
from services.intake.inbound import receive
from services.intake.inbound.gateways.generic import GatewayMessage
from services.intake.inbound.gateways.guard import admit, refusals_counted
from services.intake.inbound.gateways.mail import mailgun_message, mime_message
from services.intake.inbound.gateways.signatures import (
    BadSignature,
    Replayed,
    check_mailgun,
    check_standard,
    check_twilio,
)
from services.intake.inbound.gateways.sms import (
    EMPTY_TWIML,
    AliyunUplink,
    aliyun_messages,
    twilio_message,
)
from services.intake.inbound.message import InboundMessage
from shared.auth.dependencies import require
from shared.auth.keys import Principal

router = APIRouter(prefix="/v1/inbound", tags=["gateways"])
MAX_PART = 25 * 1024 * 1024  # Mailgun's body-mime carries the attachments
_ALIYUN = TypeAdapter(list[AliyunUplink])
_GENERIC = TypeAdapter(GatewayMessage)


class ReceiptOut(BaseModel):
    complaint_id: str
    reference: str
    recorded_as: str
    duplicate: bool


async def _receive(intake: IntakeDep, msg: InboundMessage) -> ReceiptOut:
    r = await receive.receive(intake.uow(), msg, intake.policy, intake.threading, intake.files)
    return ReceiptOut(
        complaint_id=str(r.complaint.id),
        reference=r.complaint.reference,
        recorded_as=r.recorded_as,
        duplicate=r.duplicate,
    )


def _fields(form: FormData) -> list[tuple[str, str]]:
    return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]


@router.post("/twilio/{name}", response_class=Response)
async def twilio(name: str, request: Request, intake: IntakeDep) -> Response:
    """Twilio's Messaging webhook; answers with empty TwiML (the acknowledgment is sent by
    follow-up, in the customer's language, within the policy hours)."""
    integration = await admit(request, name, "twilio")
    params = _fields(await request.form())
    with refusals_counted(request, integration):
        check_twilio(
            integration.secrets(intake.clock.now()),
            integration.public_url or str(request.url),
            params,
            request.headers.get("x-twilio-signature"),
            request.headers.get("x-twilio-webhooks-signature-settings"),
        )
        msg = twilio_message(dict(params), integration.name)
    await _receive(intake, msg)
    return Response(EMPTY_TWIML, media_type="application/xml")


@router.post("/aliyun/{name}/{secret}")
async def aliyun(name: str, secret: str, request: Request, intake: IntakeDep) -> dict[str, object]:
    """Aliyun's SMS uplink push (unsigned: a secret path and the address allow-list)."""
    integration = await admit(request, name, "aliyun")
    with refusals_counted(request, integration):
        valid = integration.secrets(intake.clock.now())
        if not any(hmac.compare_digest(secret.encode(), s.encode()) for s in valid):
            raise BadSignature("the secret in the path does not match")
        try:
            items = _ALIYUN.validate_json(await request.body())
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from exc
        messages = aliyun_messages(items, integration.name)
    for msg in messages:
        await _receive(intake, msg)
    return {"code": 0, "msg": "接收成功"}


@router.post("/mailgun/{name}")
async def mailgun(name: str, request: Request, intake: IntakeDep) -> ReceiptOut:
    """Mailgun's inbound route (parsed fields, or `body-mime` for a route ending in mime)."""
    integration = await admit(request, name, "mailgun")
    form = await request.form(max_part_size=MAX_PART)
    fields = dict(_fields(form))
    with refusals_counted(request, integration):
        token = fields.get("token", "")
        now = intake.clock.now()
        check_mailgun(
            integration.secrets(now),
            fields.get("timestamp", ""),
            token,
            fields.get("signature", ""),
            now,
            intake.webhook_window,
        )
        if not await receive.spend_token(intake.uow(), token, intake.webhook_window):
            raise Replayed("this signed token was used already")
        files = [
            Attachment(f.filename or "attachment", f.content_type or "", await f.read())
            for _, f in form.multi_items()
            if isinstance(f, UploadFile)
        ]
        msg = mailgun_message(fields, files, integration.name)
    return await _receive(intake, msg)


@router.post("/webhooks/{name}")
async def standard_webhook(
    name: str,
    request: Request,
    intake: IntakeDep,
    webhook_id: Annotated[str | None, Header(max_length=250)] = None,
    webhook_timestamp: Annotated[str | None, Header(max_length=20)] = None,
    webhook_signature: Annotated[str | None, Header(max_length=2000)] = None,
) -> ReceiptOut:
    """Any gateway signing with Standard Webhooks: a JSON message, or a raw e-mail
    (Content-Type message/rfc822). A redelivery (same webhook-id) changes nothing."""
    integration = await admit(request, name, "standard")
    body = await request.body()
    with refusals_counted(request, integration):
        now = intake.clock.now()
        check_standard(
            integration.secrets(now),
            webhook_id,
            webhook_timestamp,
            webhook_signature,
            body,
            now,
            intake.webhook_window,
        )
    assert webhook_id is not None  # noqa: S101 - check_standard requires it
    if request.headers.get("content-type", "").startswith("message/rfc822"):
        return await _receive(intake, mime_message(body, integration.name))
    try:
        message = _GENERIC.validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc
    return await _receive(intake, message.inbound(integration.name, webhook_id))


@router.post("/email")
async def raw_email(
    request: Request,
    intake: IntakeDep,
    principal: Annotated[Principal, Depends(require("complaints:write"))],
) -> ReceiptOut:
    """A raw e-mail (message/rfc822) from a mail server's pipe or any relay with an API key."""
    return await _receive(intake, mime_message(await request.body(), principal.name))
