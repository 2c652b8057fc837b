"""The bridge between messenger channels and Rasa: a Flask app factory, one blueprint per channel."""

from __future__ import annotations

import logging

from flask import Flask, jsonify

from api.config import PROJECT_ROOT, BridgeSettings
from api.conversation_hooks import ConversationHooks
from api.graph import GraphClient
from api.inbox import Inbox, open_inbox
from api.messenger_render import render_messenger
from api.processing import ChannelOut, Processor
from api.rasa_client import RasaClient
from api.rate_limit import SlidingWindowLimiter
from api.senders import MessengerSender, Sender, WeChatSender, WhatsAppSender
from api.wechat_render import render_wechat
from api.wechat_choices import ChoiceMemory
from api.wechat_client import WeChatClient
from api.wechat_crypto import MessageCipher
from api.whatsapp_render import render_whatsapp
from assistant.notifications.orders import OrderUpdates
from assistant.notifications.store import NotificationStore
from api.workers import InboxWorkers

log = logging.getLogger(__name__)


def create_app(settings: BridgeSettings | None = None, rasa: RasaClient | None = None,
               inbox: Inbox | None = None, senders: dict[str, Sender] | None = None,
               wechat_session=None) -> Flask:
    """Build the bridge app; all setup happens here, before serving (workers start unless settings say not)."""
    settings = settings or BridgeSettings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    rasa = rasa or RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
    inbox = inbox or open_inbox(settings.inbox_url)
    limiter = SlidingWindowLimiter(settings.rate_limit_per_minute)
    graph = GraphClient(settings.graph_api_url, settings.graph_timeout_seconds, settings.graph_max_retries,
                        settings.graph_max_backoff_seconds)
    wechat_client = _wechat_client(settings, wechat_session)
    choices = ChoiceMemory(_choices_url(settings)) if wechat_client else None
    channels = _channels(settings, senders, graph, wechat_client, choices)
    workers = InboxWorkers(inbox, Processor(inbox, rasa, channels, limiter, settings.retry_max_seconds),
                           count=settings.workers, lease_seconds=settings.lease_seconds)
    store = NotificationStore(settings.proactive.store_url) if settings.proactive.store_url else None
    app.extensions.update(settings=settings, rasa=rasa, inbox=inbox, limiter=limiter, workers=workers,
                          conversation_hooks=ConversationHooks(store, choices), notifications=store,
                          wechat_cipher=_wechat_cipher(settings))
    if store is not None:
        _proactive(app, settings, store, graph, wechat_client)

    from api import agents, events, messenger, web, wechat, whatsapp

    for blueprint in (web.bp, whatsapp.bp, messenger.bp, wechat.bp, events.bp, agents.bp):
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
    for name in ("whatsapp", "messenger", "wechat"):
        if not getattr(settings, name).enabled:
            log.info("%s channel disabled: its tokens are not set", name)
    if settings.start_workers:
        workers.start()
        if "proactive" in app.extensions:
            app.extensions["proactive"].start()
    return app


def _wechat_client(settings: BridgeSettings, session) -> WeChatClient | None:
    wc = settings.wechat
    if not wc.enabled:
        return None
    client = WeChatClient(wc.api_url, wc.app_id, wc.app_secret, timeout_seconds=settings.graph_timeout_seconds)
    if session is not None:
        client.session = session
    return client


def _wechat_cipher(settings: BridgeSettings) -> MessageCipher | None:
    """Safe mode's cipher when the EncodingAESKey is set: encrypted pushes are then accepted (plaintext too)."""
    wc = settings.wechat
    if not wc.safe_mode:
        return None
    log.info("wechat safe mode on: encrypted (encrypt_type=aes) and compatibility-mode pushes are decrypted")
    return MessageCipher.from_encoding_aes_key(wc.encoding_aes_key, wc.app_id)


def _choices_url(settings: BridgeSettings) -> str:
    """The numbered-choice memory lives in the inbox database when it is SQL, else in a SQLite file."""
    if settings.inbox_url.startswith(("sqlite", "postgresql")):
        return settings.inbox_url
    return f"sqlite:///{PROJECT_ROOT / 'var' / 'wechat_choices.sqlite3'}"


def _proactive(app: Flask, settings: BridgeSettings, store: NotificationStore, graph: GraphClient,
               wechat_client: WeChatClient | None) -> None:
    """Order updates (pushed and polled) and the loop that sends queued notices."""
    from api.proactive import ProactiveDispatcher, ProactiveLoop, graph_deliveries, wechat_delivery

    proactive = settings.proactive
    orders = None
    if proactive.poll_seconds > 0:
        from assistant.orders.sql_store import SqlOrderStore

        orders = SqlOrderStore(proactive.store_url)
    updates = OrderUpdates(store, orders, orders_url=proactive.store_url)
    deliver = graph_deliveries(graph, settings)
    if wechat_client is not None:
        deliver["wechat"] = wechat_delivery(wechat_client)
    dispatcher = ProactiveDispatcher(store, deliver, proactive, settings.wechat)
    interval = min(x for x in (proactive.poll_seconds, proactive.dispatch_seconds) if x > 0) \
        if proactive.poll_seconds > 0 or proactive.dispatch_seconds > 0 else 0
    loop = ProactiveLoop(dispatcher, updates, poll=orders is not None, interval_seconds=interval)
    app.extensions.update(order_updates=updates, proactive=loop, dispatcher=dispatcher)


def _channels(settings: BridgeSettings, senders: dict[str, Sender] | None, graph: GraphClient,
              wechat_client: WeChatClient | None = None, choices: ChoiceMemory | None = None) -> dict[str, ChannelOut]:
    """Renderer and sender of each enabled channel; tests may inject senders."""
    senders = dict(senders or {})
    wa, fb = settings.whatsapp, settings.messenger
    if wa.enabled:
        senders.setdefault("whatsapp", WhatsAppSender(graph, wa.phone_number_id, wa.access_token))
    if fb.enabled:
        senders.setdefault("messenger", MessengerSender(graph, fb.page_access_token))
    if wechat_client is not None:
        senders.setdefault("wechat", WeChatSender(wechat_client, choices))
    renderers = {"whatsapp": lambda replies: render_whatsapp(replies, wa.catalog_id), "messenger": render_messenger,
                 "wechat": render_wechat}
    return {name: ChannelOut(renderers[name], sender) for name, sender in senders.items() if name in renderers}
