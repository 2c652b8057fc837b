"""WeChat's webhook signature: SHA1 of the token, timestamp and nonce sorted and joined, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac


def wechat_signature(token: str, timestamp: str, nonce: str, *extra: str) -> str:
    """The hex SHA1 WeChat sends as `signature` (or, with the encrypted body as `extra`, as `msg_signature`)."""
    return hashlib.sha1("".join(sorted((token, timestamp, nonce, *extra))).encode("utf-8")).hexdigest()


def signature_matches(token: str, timestamp: str | None, nonce: str | None, signature: str | None,
                      *extra: str) -> bool:
    """True when every part is present and the signature is the one this token produces."""
    if not (token and timestamp and nonce and signature):
        return False
    return hmac.compare_digest(wechat_signature(token, timestamp, nonce, *extra), signature.strip().lower())
