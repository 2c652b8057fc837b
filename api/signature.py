"""Meta's `X-Hub-Signature-256`: HMAC-SHA256 of the raw request body with the app secret."""

from __future__ import annotations

import hashlib
import hmac
from enum import Enum

PREFIX = "sha256="


class SignatureCheck(Enum):
    """Outcome of checking a webhook signature, with the HTTP status to answer."""

    VALID = 200
    MISSING = 401
    MISMATCH = 403


def sign(body: bytes, secret: str) -> str:
    """The header value Meta would send for this body."""
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def check_signature(body: bytes, header: str | None, secret: str) -> SignatureCheck:
    """Compare in constant time; a header that is absent or not `sha256=...` counts as missing."""
    if not header or not header.startswith(PREFIX):
        return SignatureCheck.MISSING
    if not secret or not hmac.compare_digest(sign(body, secret), header.strip()):
        return SignatureCheck.MISMATCH
    return SignatureCheck.VALID
