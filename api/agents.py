"""Human handoff for agents: list paused conversations, open one, release one; bearer-token protected."""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, jsonify, request

bp = Blueprint("agents", __name__, url_prefix="/agent")


@bp.before_request
def require_agent_token():
    """404 when no agent token is configured, 401 without the right `Authorization: Bearer` token."""
    token = current_app.extensions["settings"].agent_token
    if not token:
        abort(404)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not given.strip() or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return jsonify(error="agent token required"), 401, {"WWW-Authenticate": "Bearer"}
    return None


@bp.get("/handoffs")
def list_handoffs():
    """Conversations waiting for a person, oldest first."""
    handoffs = current_app.extensions["inbox"].handoffs()
    return jsonify(handoffs=[{"conversation": h.conversation, "channel": h.conversation.split(":", 1)[0],
                              "reason": h.reason, "opened_at": h.opened_at} for h in handoffs])


@bp.post("/handoffs")
def open_handoff():
    """An agent takes a conversation over: the bot stops answering it."""
    body = request.get_json(silent=True, force=True)
    conversation = body.get("conversation") if isinstance(body, dict) else None
    if not isinstance(conversation, str) or ":" not in conversation or len(conversation) > 300:
        return jsonify(error="'conversation' must be a sender id such as 'whatsapp:<id>'"), 400
    reason = body.get("reason") if isinstance(body.get("reason"), str) else "opened by an agent"
    current_app.extensions["inbox"].open_handoff(conversation, reason)
    return jsonify(conversation=conversation, paused=True), 201


@bp.post("/handoffs/<path:conversation>/release")
def release_handoff(conversation: str):
    """Give the conversation back to the bot."""
    if not current_app.extensions["inbox"].release_handoff(conversation):
        return jsonify(error="no open handoff for this conversation"), 404
    return jsonify(conversation=conversation, paused=False)
