"""WeChat Official Account channel: `GET`/`POST /webhooks/wechat`, signed with the token, XML in, "success" out."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, jsonify, request

from api.masking import mask_id
from api.wechat_inbound import MalformedXml, parse_wechat
from api.wechat_signature import signature_matches

log = logging.getLogger(__name__)
bp = Blueprint("wechat", __name__, url_prefix="/webhooks/wechat")
#: What WeChat expects when no passive reply follows (replies go through the customer service API instead).
SUCCESS = ("success", 200, {"Content-Type": "text/plain; charset=utf-8"})


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
    if request.args.get("encrypt_type", "raw") != "raw":
        log.warning("wechat webhook refused: safe mode (encrypted) messages are not supported; use plaintext mode")
        return jsonify(error="encrypted messages are not supported"), 400
    if (request.content_length or 0) > settings.max_body_bytes:
        return jsonify(error=f"body larger than {settings.max_body_bytes} bytes"), 413
    raw = request.get_data(cache=False)
    if len(raw) > settings.max_body_bytes:
        return jsonify(error=f"body larger than {settings.max_body_bytes} bytes"), 413
    try:
        push = parse_wechat(raw)
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
