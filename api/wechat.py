"""WeChat Official Account channel: `GET`/`POST /webhooks/wechat`, signed with the token, XML in, "success" out.

Plaintext mode and safe mode (`encrypt_type=aes`, AES with the EncodingAESKey; compatibility mode too) are both
accepted. Replies go through the customer service API, so the webhook's answer is always the unencrypted "success"
that WeChat documents for "no passive reply" (`api.wechat_crypto.seal_reply` is the envelope a passive reply needs).
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, jsonify, request

from api.masking import mask_id
from api.wechat_crypto import AppIdMismatch, DecryptionFailed
from api.wechat_inbound import ForgedMessage, MalformedXml, open_encrypted, parse_wechat
from api.wechat_signature import signature_matches

log = logging.getLogger(__name__)
bp = Blueprint("wechat", __name__, url_prefix="/webhooks/wechat")
#: What WeChat expects when no passive reply follows (replies go through the customer service API instead).
SUCCESS = ("success", 200, {"Content-Type": "text/plain; charset=utf-8"})
#: `encrypt_type` values: absent or "raw" is plaintext mode, "aes" safe (or compatibility) mode.
PLAINTEXT, ENCRYPTED = "raw", "aes"


class Refused(Exception):
    """A push the webhook turns away, with the HTTP status and the error to answer."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status, self.error = status, error


def _config():
    settings = current_app.extensions["settings"].wechat
    if not settings.enabled:
        abort(404)
    return settings


def _signed(settings) -> bool:
    args = request.args
    return signature_matches(settings.token, args.get("timestamp"), args.get("nonce"), args.get("signature"))


@bp.get("")
def verify():
    """Server verification: echo `echostr` when the signature is the token's."""
    settings = _config()
    echostr = request.args.get("echostr", "")
    if echostr and _signed(settings):
        return echostr, 200, {"Content-Type": "text/plain; charset=utf-8"}
    return jsonify(error="verification failed"), 403


@bp.post("")
def receive():
    """Check the signature, bound and parse the XML, store the message durably, answer "success" at once."""
    settings = _config()
    if not request.args.get("signature"):
        return jsonify(error="signature missing"), 401
    if not _signed(settings):
        log.warning("wechat webhook refused: signature mismatch")
        return jsonify(error="signature mismatch"), 403
    encrypt_type = request.args.get("encrypt_type", PLAINTEXT).lower()
    if encrypt_type not in (PLAINTEXT, ENCRYPTED):
        return jsonify(error=f"unknown encrypt_type {encrypt_type[:20]!r}"), 400
    if (request.content_length or 0) > settings.max_body_bytes:
        return jsonify(error=f"body larger than {settings.max_body_bytes} bytes"), 413
    raw = request.get_data(cache=False)
    if len(raw) > settings.max_body_bytes:
        return jsonify(error=f"body larger than {settings.max_body_bytes} bytes"), 413
    try:
        push = parse_wechat(_decrypted(settings, raw) if encrypt_type == ENCRYPTED else raw)
    except Refused as refused:
        log.warning("wechat webhook refused: %s", refused.error)
        return jsonify(error=refused.error), refused.status
    except MalformedXml as error:
        log.warning("wechat webhook refused: %s", error)
        return jsonify(error="body is not a WeChat XML message"), 400
    message = push.message
    hooks = current_app.extensions.get("conversation_hooks")
    if hooks is not None:
        message = hooks.before_store(message, push.event)
    inbox = current_app.extensions["inbox"]
    if inbox.put(message):
        current_app.extensions["workers"].notify()
    else:
        log.info("wechat message from %s redelivered; answered once", mask_id(message.address.key))
    return SUCCESS


def _decrypted(settings, raw: bytes) -> bytes:
    """The message XML of a safe-mode push: `msg_signature` checked on `Encrypt`, then AES-decrypted."""
    cipher = current_app.extensions.get("wechat_cipher")
    if cipher is None:
        raise Refused(400, "encrypted message, but WECHAT_ENCODING_AES_KEY is not set")
    args = request.args
    if not args.get("msg_signature"):
        raise Refused(401, "msg_signature missing")
    try:
        return open_encrypted(raw, cipher, settings.token, args.get("timestamp"), args.get("nonce"),
                              args.get("msg_signature"))
    except ForgedMessage as error:
        raise Refused(403, "msg_signature mismatch") from error
    except AppIdMismatch as error:
        raise Refused(403, "message encrypted for another AppID") from error
    except DecryptionFailed as error:
        raise Refused(400, f"Encrypt does not decrypt: {error}") from error
