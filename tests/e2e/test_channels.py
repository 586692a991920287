"""Channels end to end on real Kafka and PostgreSQL, every process real: an SMS complaint
through a Twilio-signed webhook, then a second SMS quoting the reference, give one complaint
with two messages; an e-mail complaint through Mailgun is acknowledged by e-mail, and the
customer's reply to that acknowledgment threads the same way; the caller pops up on the
screen-pop with their open complaint."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from twilio.request_validator import RequestValidator

from devtools.stack import Stack
from tests.builders import a_phone
from tests.e2e.test_followup_journey import the_day_has_come, until

pytestmark = [pytest.mark.kafka, pytest.mark.integration]
TWILIO_TOKEN = "e2e-twilio-auth-token"
MAILGUN_KEY = "e2e-mailgun-signing-key"


@pytest.fixture(scope="module")
def stack_env(tmp_path_factory: Any) -> dict[str, str]:
    files = tmp_path_factory.mktemp("channels")
    return {
        "FOLLOWUP_SPOOL_DIR": str(files / "spool"),
        "FOLLOWUP_DISPATCH_SECONDS": "0.3",
        "INTAKE_ATTACHMENTS_DIR": str(files / "attachments"),
    }


class Customer:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.intake = httpx.Client(
            base_url=stack.url("intake"), timeout=30, headers={"X-API-Key": stack.api_key("admin")}
        )
        self.twilio_url = f"{stack.url('intake')}/v1/inbound/twilio/twilio-e2e"

    def texts(self, sender: str, body: str) -> dict[str, Any]:
        form = {
            "MessageSid": f"SM{secrets.token_hex(16)}",
            "From": sender,
            "To": "+8610690001",
            "Body": body,
            "NumMedia": "0",
            "AccountSid": "AC-e2e",
        }
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(self.twilio_url, form)
        answer = self.intake.post(
            self.twilio_url, data=form, headers={"X-Twilio-Signature": signature}
        )
        assert answer.status_code == 200 and "<Response>" in answer.text, answer.text
        return form

    def mails(self, fields: dict[str, str]) -> dict[str, Any]:
        timestamp, token = str(int(time.time())), secrets.token_hex(25)
        signature = hmac.new(
            MAILGUN_KEY.encode(), (timestamp + token).encode(), hashlib.sha256
        ).hexdigest()
        answer = self.intake.post(
            "/v1/inbound/mailgun/mailgun-e2e",
            data={**fields, "timestamp": timestamp, "token": token, "signature": signature},
        )
        assert answer.status_code == 200, answer.text
        receipt: dict[str, Any] = answer.json()
        return receipt

    def complaint(self, complaint_id: str) -> dict[str, Any]:
        body: dict[str, Any] = self.intake.get(f"/v1/complaints/{complaint_id}").json()
        return body

    def routed(self, complaint_id: str) -> dict[str, Any]:
        def seen() -> dict[str, Any] | None:
            case = self.complaint(complaint_id)
            return case if any(e["type"] == "complaint.routed" for e in case["timeline"]) else None

        found: dict[str, Any] = until(seen, f"{complaint_id} routed")
        return found


def registered(stack: Stack) -> None:
    stack.tousu(
        "integrations",
        "add",
        "twilio-e2e",
        "--kind",
        "twilio",
        "--secret",
        TWILIO_TOKEN,
        "--public-url",
        f"{stack.url('intake')}/v1/inbound/twilio/twilio-e2e",
    )
    stack.tousu(
        "integrations",
        "add",
        "mailgun-e2e",
        "--kind",
        "mailgun",
        "--secret",
        MAILGUN_KEY,
        "--allow",
        "127.0.0.0/8",
    )


def test_an_sms_then_one_quoting_its_reference_make_one_complaint_with_two_messages(
    stack: Stack,
) -> None:
    registered(stack)
    customer, phone = Customer(stack), a_phone()
    customer.texts(phone, "我家宽带已经断网三天，报修后一直没人上门处理。")
    items = until(
        lambda: customer.intake.get("/v1/complaints", params={"phone": phone}).json()["items"],
        "the SMS complaint",
    )
    case = customer.routed(items[0]["id"])
    customer.texts(phone, f"投诉编号{case['reference']}：今天还是没有网络，请尽快派人。")
    after = customer.complaint(case["id"])
    assert len(customer.intake.get("/v1/complaints", params={"phone": phone}).json()["items"]) == 1
    assert [m["kind"] for m in after["messages"]] == ["complaint", "reply"]
    assert after["messages"][1]["text"].endswith("今天还是没有网络，请尽快派人。")
    routing = httpx.Client(
        base_url=stack.url("routing"), timeout=30, headers={"X-API-Key": stack.api_key("admin")}
    )
    until(
        lambda: (
            "今天还是没有网络"
            in (routing.get(f"/v1/assignments/{case['id']}").json().get("text") or "")
        ),
        "the handler's case has the new text",
    )

    popped = customer.intake.get(f"/v1/callers/{phone}").json()
    assert popped["known"] and [c["reference"] for c in popped["open_complaints"]] == [
        case["reference"]
    ]


def test_a_reply_to_the_acknowledgment_mail_threads_into_the_complaint(stack: Stack) -> None:
    customer, address = Customer(stack), f"e2e.{secrets.token_hex(4)}@mail.example"
    first = customer.mails(
        {
            "sender": address,
            "from": f"Lin Fang <{address}>",
            "recipient": "service@bank.example",
            "subject": "信用卡年费重复收取",
            "body-plain": "这个月信用卡年费被扣了两次，请退还。",
            "Message-Id": f"<first.{secrets.token_hex(4)}@mail.example>",
        }
    )
    case = customer.routed(first["complaint_id"])
    followup = httpx.Client(
        base_url=stack.url("followup"), timeout=30, headers={"X-API-Key": stack.api_key("admin")}
    )
    ack = until(
        lambda: next(
            (
                c
                for c in followup.get("/v1/callbacks").json()["items"]
                if c["complaint_id"] == case["id"]
            ),
            None,
        ),
        "the acknowledgment planned",
    )
    assert ack["channel"] == "email"
    the_day_has_come(stack, ack["id"])
    spool = Path(stack.env()["FOLLOWUP_SPOOL_DIR"]) / "email"
    sent = until(
        lambda: next(
            (
                json.loads(p.read_text())
                for p in spool.glob("*.json")
                if json.loads(p.read_text())["to"] == address
            ),
            None,
        ),
        "the acknowledgment mailed",
    )
    assert case["reference"] in sent["subject"]
    reply = customer.mails(
        {
            "sender": address,
            "from": f"Lin Fang <{address}>",
            "recipient": "service@bank.example",
            "subject": f"Re: {sent['subject']}",
            "body-plain": "我已经把银行流水截图发给你们了。\n\n在 2026-11-23，客服中心 写道：\n> "
            + sent["body"].replace("\n", "\n> "),
            "Message-Id": f"<reply.{secrets.token_hex(4)}@mail.example>",
            "In-Reply-To": sent["message_id"],
            "References": sent["message_id"],
        }
    )
    assert (reply["complaint_id"], reply["recorded_as"]) == (case["id"], "reply")
    messages = customer.complaint(case["id"])["messages"]
    assert [m["text"] for m in messages][1] == "我已经把银行流水截图发给你们了。"
