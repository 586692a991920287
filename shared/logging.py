"""One logging setup: JSON lines carrying the complaint and correlation ids; PII masked."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

complaint_id_var: ContextVar[str | None] = ContextVar("complaint_id", default=None)
correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+)")
# Digit runs of 7+ (spaces, dashes allowed), not inside a Latin word, UUID or hex string;
# next to Chinese characters they are numbers all the same (电话13800138000请回电).
_PHONE = re.compile(r"(?<![A-Za-z0-9_-])(\+?\d[\d -]{2,})(\d{4})(?![A-Za-z0-9_-])")


def mask_pii(text: str) -> str:
    """Mask e-mail addresses and phone numbers so logs never carry them whole."""
    text = _EMAIL.sub(r"\1***\2", text)
    return _PHONE.sub(lambda m: "*" * len(m.group(1)) + m.group(2), text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_pii(record.getMessage()),
        }
        for key, var in (
            ("complaint_id", complaint_id_var),
            ("correlation_id", correlation_id_var),
        ):
            if (value := var.get()) is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = mask_pii(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ids = " ".join(
            f"{k}={v}"
            for k, v in (("complaint", complaint_id_var.get()), ("corr", correlation_id_var.get()))
            if v
        )
        line = super().format(record)
        return mask_pii(f"{line} {ids}" if ids else line)


def configure_logging(level: str = "INFO", *, json_lines: bool = True) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter() if json_lines else PlainFormatter("%(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiokafka", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


@contextmanager
def log_context(*, complaint_id: str | None, correlation_id: str | None) -> Iterator[None]:
    tokens = (complaint_id_var.set(complaint_id), correlation_id_var.set(correlation_id))
    try:
        yield
    finally:
        complaint_id_var.reset(tokens[0])
        correlation_id_var.reset(tokens[1])
