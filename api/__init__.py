"""The bridge between messenger channels and Rasa: a Flask app factory, one blueprint per channel."""

from __future__ import annotations

import logging

from flask import Flask, jsonify

from api.config import BridgeSettings
from api.graph import GraphClient
from api.inbox import Inbox, open_inbox
from api.messenger_render import render_messenger
from api.processing import ChannelOut, Processor
from api.rasa_client import RasaClient
from api.rate_limit import SlidingWindowLimiter
from api.senders import MessengerSender, Sender, WhatsAppSender
from api.whatsapp_render import render_whatsapp
from api.workers import InboxWorkers

log = logging.getLogger(__name__)


def create_app(settings: BridgeSettings | None = None, rasa: RasaClient | None = None,
               inbox: Inbox | None = None, senders: dict[str, Sender] | None = None) -> Flask:
    """Build the bridge app; all setup happens here, before serving (workers start unless settings say not)."""
    settings = settings or BridgeSettings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    rasa = rasa or RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
    inbox = inbox or open_inbox(settings.inbox_url)
    limiter = SlidingWindowLimiter(settings.rate_limit_per_minute)
    channels = _channels(settings, senders)
    workers = InboxWorkers(inbox, Processor(inbox, rasa, channels, limiter, settings.retry_max_seconds),
                           count=settings.workers, lease_seconds=settings.lease_seconds)
    app.extensions.update(settings=settings, rasa=rasa, inbox=inbox, limiter=limiter, workers=workers)

    from api import agents, messenger, web, whatsapp

    for blueprint in (web.bp, whatsapp.bp, messenger.bp, agents.bp):
        app.register_blueprint(blueprint)

    @app.errorhandler(413)
    def too_large(_error):
        return jsonify(error=f"body larger than {settings.max_body_bytes} bytes"), 413

    @app.errorhandler(404)
    def not_found(_error):
        return jsonify(error="not found"), 404

    @app.errorhandler(405)
    def wrong_method(_error):
        return jsonify(error="method not allowed"), 405

    log.info("bridge configured: %s", settings.safe_summary())
    for name in ("whatsapp", "messenger"):
        if not getattr(settings, name).enabled:
            log.info("%s channel disabled: its tokens are not set", name)
    if settings.start_workers:
        workers.start()
    return app


def _channels(settings: BridgeSettings, senders: dict[str, Sender] | None) -> dict[str, ChannelOut]:
    """Renderer and sender of each enabled channel; tests may inject senders."""
    graph = GraphClient(settings.graph_api_url, settings.graph_timeout_seconds, settings.graph_max_retries,
                        settings.graph_max_backoff_seconds)
    senders = dict(senders or {})
    wa, fb = settings.whatsapp, settings.messenger
    if wa.enabled:
        senders.setdefault("whatsapp", WhatsAppSender(graph, wa.phone_number_id, wa.access_token))
    if fb.enabled:
        senders.setdefault("messenger", MessengerSender(graph, fb.page_access_token))
    renderers = {"whatsapp": lambda replies: render_whatsapp(replies, wa.catalog_id), "messenger": render_messenger}
    return {name: ChannelOut(renderers[name], sender) for name, sender in senders.items() if name in renderers}
