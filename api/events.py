"""`POST /events/orders`: the order system tells the assistant an order changed, signed with a shared secret."""

from __future__ import annotations

import json
import logging

from flask import Blueprint, abort, current_app, jsonify, request

from api.signature import SignatureCheck, check_signature
from assistant.notifications.orders import OrderEvent

log = logging.getLogger(__name__)
bp = Blueprint("events", __name__, url_prefix="/events")
SIGNATURE_HEADER = "X-Signature-256"


@bp.post("/orders")
def order_event():
    """Check `X-Signature-256: sha256=<HMAC-SHA256(body, ORDER_EVENTS_SECRET)>`, queue the update, answer 202."""
    settings = current_app.extensions["settings"].proactive
    updates = current_app.extensions.get("order_updates")
    if not settings.events_enabled or updates is None:
        abort(404)
    raw = request.get_data(cache=False)
    check = check_signature(raw, request.headers.get(SIGNATURE_HEADER), settings.events_secret)
    if check is not SignatureCheck.VALID:
        log.warning("order event refused: signature %s", check.name.lower())
        return jsonify(error=f"signature {check.name.lower()}"), check.value
    try:
        payload = json.loads(raw)
        event = OrderEvent.from_dict(payload if isinstance(payload, dict) else {})
    except (ValueError, UnicodeDecodeError, KeyError) as error:
        return jsonify(error=f"invalid order event: {error}"), 400
    queued = updates.publish(event)
    current_app.extensions["proactive"].notify()
    return jsonify(event_id=event.key, queued=queued), 202
