from __future__ import annotations

import pytest

from services.intake.customers.contacts import (
    InvalidContact,
    detect_language,
    normalize_email,
    normalize_phone,
)


@pytest.mark.parametrize(
    "raw",
    ["13800138000", "138 0013 8000", "+86 138-0013-8000", "+8613800138000", "008613800138000"],
)
def test_one_number_however_written(raw: str) -> None:
    assert normalize_phone(raw, default_region="CN") == "+8613800138000"


def test_foreign_numbers_keep_their_country() -> None:
    assert normalize_phone("+1 (415) 555-0100", default_region="CN") == "+14155550100"


@pytest.mark.parametrize("raw", ["12", "not a number", "+86"])
def test_impossible_numbers_are_refused(raw: str) -> None:
    with pytest.raises(InvalidContact):
        normalize_phone(raw, default_region="CN")


def test_email_is_trimmed_and_lowercased() -> None:
    assert normalize_email("  Wang.Li@Example.CN ") == "wang.li@example.cn"
    with pytest.raises(InvalidContact):
        normalize_email("wang.li@")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("快递丢了，请尽快处理", "zh"),
        ("My package was lost", "en"),
        ("iPhone 15 屏幕坏了，保修期内", "zh"),
        ("Refund 退款 please, order 12345 was never delivered to me", "en"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language
