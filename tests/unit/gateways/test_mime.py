"""Real-world e-mail shapes: GBK sent as gb2312, HTML only, quoted replies, attachments."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.intake.inbound.gateways.mime import NotAnEmail, parse_email
from services.intake.inbound.gateways.quotes import strip_quoted

MAIL = Path(__file__).parents[2] / "fixtures" / "mail"


def sample(name: str) -> bytes:
    return (MAIL / name).read_bytes()


def test_foxmail_gbk_labelled_gb2312_reads_every_character_and_drops_the_original() -> None:
    mail = parse_email(sample("foxmail_gbk.eml"))
    assert mail.subject == "关于朱镕基路分行重复扣款"  # 镕 is GBK, not GB2312
    assert mail.sender == "lizhe@qq.example" and mail.sender_name == "李喆"
    assert "朱镕基路分行，经办人王喆" in mail.text
    assert "原始邮件" not in mail.text and "您的投诉已受理" not in mail.text
    assert mail.message_id == "tencent_3F2A9C@qq.example"


def test_an_html_only_outlook_mail_gives_its_visible_text_without_the_quoted_mail() -> None:
    mail = parse_email(sample("outlook_html_only.eml"))
    assert mail.subject == "停车费多扣"
    assert mail.text == "停车场收费系统多扣了我 35元。\n车牌 粤B12345，时间 11月22日 18:30。"


def test_a_gmail_reply_keeps_its_new_text_threading_headers_and_attachments() -> None:
    mail = parse_email(sample("gmail_reply_with_attachments.eml"))
    assert mail.text == "Here is the receipt for the double charge."
    assert mail.references == ("tousu.{complaint}.{message}@bank.example",)
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("收据.pdf", "application/pdf"),
        ("invoice.exe", "application/x-msdownload"),
    ]
    assert mail.attachments[0].content.startswith(b"%PDF-1.4")


@pytest.mark.parametrize(
    ("reply", "kept"),
    [
        ("Fine now.\n\nOn Mon, 23 Nov 2026, Bank <a@b.c> wrote:\n> old", "Fine now."),
        ('还是没有解决\n\n在 2026-11-23 10:00:00，"客服" <a@b.c> 写道：\n> 旧内容', "还是没有解决"),
        ("请尽快处理\n------------------ 原始邮件 ------------------\n发件人: 客服", "请尽快处理"),
        ("Thanks\n-----Original Message-----\nFrom: Bank", "Thanks"),
        ("第一行\n> 引用\n第二行", "第一行\n第二行"),
    ],
)
def test_quoted_earlier_mail_is_cut(reply: str, kept: str) -> None:
    assert strip_quoted(reply) == kept


def test_a_message_without_sender_or_id_is_not_an_email() -> None:
    with pytest.raises(NotAnEmail):
        parse_email(b"Subject: hi\r\n\r\nno sender")
    with pytest.raises(NotAnEmail):
        parse_email(b"From: a@b.example\r\nSubject: hi\r\n\r\nno id")
