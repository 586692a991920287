"""Contact normalisation, so one customer is recognised across channels."""

from __future__ import annotations

import re

import phonenumbers

from shared.errors import DomainError

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class InvalidContact(DomainError):
    code = "invalid_contact"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)
        self.field = field


class MissingContact(DomainError):
    code = "missing_contact"


def normalize_phone(raw: str, *, default_region: str, field: str = "phone") -> str:
    """E.164 (`+8613812345678`); `138 1234 5678` and `+86-138-1234-5678` are the same number."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidContact(field, f"not a phone number: {exc}") from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidContact(field, "not a possible phone number")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def normalize_email(raw: str, *, field: str = "email") -> str:
    email = raw.strip().lower()
    if not _EMAIL.match(email):
        raise InvalidContact(field, "not an e-mail address")
    return email


def detect_language(text: str) -> str:
    """'zh' when Chinese characters carry the text, else 'en'; the first 2,000 characters
    tell (a long text is not counted through)."""
    sample = text[:2000]
    letters = sum(1 for ch in sample if ch.isalpha())
    chinese = len(_CJK.findall(sample))
    return "zh" if letters and chinese / letters >= 0.3 else "en"
