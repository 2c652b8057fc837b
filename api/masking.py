"""Keep phone numbers, e-mail addresses and tokens out of log lines."""

from __future__ import annotations

import logging
import re

PHONE = re.compile(r"(?<![\w.])\+?\d[\d\s().-]{6,}\d(?!\w)")
EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")
IPV4 = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
TOKEN = re.compile(r"(access_token=|Bearer\s+)[^\s&\"']+", re.IGNORECASE)


def mask_phone(phone: str | None) -> str:
    """`15551234567` -> `*******4567`; short or empty values become `***`."""
    digits = re.sub(r"\D", "", phone or "")
    return "*" * (len(digits) - 4) + digits[-4:] if len(digits) > 6 else "***"


def mask_id(user_id: str | None) -> str:
    """A person's id for logs: phone numbers masked, other ids shortened to their tail."""
    value = user_id or ""
    if re.fullmatch(r"\+?\d{7,}", value):
        return mask_phone(value)
    return f"…{value[-6:]}" if len(value) > 6 else "***"


def mask_text(text: str) -> str:
    """Every phone number, e-mail address and token in free text masked."""
    text = TOKEN.sub(lambda m: m.group(1) + "***", text)
    text = EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    return PHONE.sub(_mask_phone_match, text)


def _mask_phone_match(match: re.Match) -> str:
    """Mask a phone-like run of digits; leave IP addresses and short numbers alone."""
    found = match.group(0)
    if len(re.sub(r"\D", "", found)) < 8 or IPV4.fullmatch(found):
        return found
    return mask_phone(found)


class MaskingFilter(logging.Filter):
    """A logging filter that masks the final message of every record passing through it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = None
        return True


def install_masking(logger: logging.Logger | None = None) -> None:
    """Mask every record handled by the root logger's handlers (or `logger`'s)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
