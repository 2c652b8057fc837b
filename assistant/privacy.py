"""Masking personal data before it reaches logs."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")


def mask_email(email: str) -> str:
    """"jane.doe@example.com" -> "j***@e***.com"."""
    local, at, domain = email.strip().partition("@")
    if not at or not local or not domain:
        return "***"
    name, dot, suffix = domain.partition(".")
    return f"{local[0]}***@{name[:1]}***{dot}{suffix}"


def mask_phone(phone: str) -> str:
    """"+447700900789" -> "+44*******789": country prefix and last three digits stay."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    plus = "+" if phone.strip().startswith("+") else ""
    return f"{plus}{digits[:2]}{'*' * (len(digits) - 5)}{digits[-3:]}"


def mask_postcode(postcode: str) -> str:
    """"SW1A 1AA" -> "SW***": only the first two characters stay."""
    compact = "".join(postcode.split())
    return f"{compact[:2]}***" if compact else ""


def redact(text: str) -> str:
    """Mask every email address and phone number inside free text."""
    text = _EMAIL.sub(lambda match: mask_email(match.group()), text)
    return _PHONE.sub(lambda match: mask_phone(match.group()), text)
