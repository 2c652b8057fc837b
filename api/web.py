"""Web chat channel: the chat page at `/`, `POST /chat` for the store's own site, and the health check."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, jsonify, request, send_from_directory

from api.rasa_client import RasaUnavailable

bp = Blueprint("web", __name__)
MAX_MESSAGE_CHARS = 2000
STATIC_DIR = Path(__file__).resolve().parent / "static"


@bp.get("/")
def chat_page():
    """The web chat page: plain HTML, CSS and JavaScript talking to `POST /chat`."""
    return send_from_directory(STATIC_DIR, "index.html")


@bp.get("/healthz")
def healthz():
    """Liveness of the bridge, and whether Rasa is ready behind it."""
    rasa_ready = current_app.extensions["rasa"].is_ready()
    return jsonify(status="ok", rasa="ready" if rasa_ready else "unavailable")


@bp.post("/chat")
def chat():
    """Send one message to the assistant and return its replies."""
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict):
        return jsonify(error="body must be a JSON object"), 400
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > 128:
        return jsonify(error="'sender' must be a non-empty string of at most 128 characters"), 400
    if not isinstance(message, str) or not message.strip() or len(message) > MAX_MESSAGE_CHARS:
        return jsonify(error=f"'message' must be a non-empty string of at most {MAX_MESSAGE_CHARS} characters"), 400
    if not current_app.extensions["limiter"].allow(f"web:{sender}"):
        return jsonify(error="too many messages, please wait a moment"), 429
    try:
        replies = current_app.extensions["rasa"].send(f"web:{sender}", message, {"channel": "web"})
    except RasaUnavailable:
        return jsonify(error="the assistant is not available right now, please try again"), 503
    return jsonify(replies=replies)
