"""What both Meta webhooks share: the verification handshake and the signed, bounded, durable POST."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable

from flask import Blueprint, abort, current_app, jsonify, request

from api.inbound import WebhookBatch
from api.masking import mask_id
from api.signature import SignatureCheck, check_signature

log = logging.getLogger(__name__)


def webhook_blueprint(channel: str, expected_object: str, parse: Callable[[object], WebhookBatch]) -> Blueprint:
    """`GET` and `POST /webhooks/<channel>` for a Meta channel configured under `settings.<channel>`."""
    bp = Blueprint(channel, __name__, url_prefix=f"/webhooks/{channel}")

    def config():
        settings = getattr(current_app.extensions["settings"], channel)
        if not settings.enabled:
            abort(404)
        return settings

    @bp.get("")
    def verify():
        """Answer Meta's subscription handshake with the challenge when the verify token matches."""
        settings = config()
        mode, token = request.args.get("hub.mode", ""), request.args.get("hub.verify_token", "")
        challenge = request.args.get("hub.challenge", "")
        if mode == "subscribe" and challenge and hmac.compare_digest(token.encode(), settings.verify_token.encode()):
            return challenge, 200, {"Content-Type": "text/plain"}
        return jsonify(error="verification failed"), 403

    @bp.post("")
    def receive():
        """Check the signature on the raw body, store every message durably, then answer 200."""
        settings = config()
        raw = request.get_data(cache=False)
        check = check_signature(raw, request.headers.get("X-Hub-Signature-256"), settings.app_secret)
        if check is not SignatureCheck.VALID:
            log.warning("%s webhook refused: signature %s", channel, check.name.lower())
            return jsonify(error=f"signature {check.name.lower()}"), check.value
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return jsonify(error="body is not JSON"), 400
        if not isinstance(payload, dict):
            return jsonify(error="body must be a JSON object"), 400
        if payload.get("object") != expected_object:
            return jsonify(error=f"not a {expected_object} event"), 404
        batch = parse(payload)
        inbox = current_app.extensions["inbox"]
        hooks = current_app.extensions.get("conversation_hooks")
        messages = [hooks.before_store(m) if hooks else m for m in batch.messages]
        stored = sum(1 for message in messages if inbox.put(message))
        for status in batch.statuses:
            _log_status(channel, status)
        if stored:
            current_app.extensions["workers"].notify()
        if batch.malformed:
            log.warning("%s webhook: %d malformed item(s) skipped", channel, batch.malformed)
        return jsonify(received=len(batch.messages), stored=stored, duplicates=len(batch.messages) - stored)

    return bp


def _log_status(channel: str, status) -> None:
    """Statuses are recorded in the log, never forwarded to Rasa; failures say why."""
    if status.status == "failed":
        for code, title in status.errors or ((0, "no error detail"),):
            hint = " (outside the 24-hour window: only a template can reach this shopper)" if code == 131047 else ""
            log.warning("%s message %s failed: %d %s%s", channel, mask_id(status.message_id), code, title, hint)
    else:
        log.info("%s message %s %s", channel, mask_id(status.message_id), status.status)
