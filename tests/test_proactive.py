"""Proactive messages: consent, the sent-log, platform windows, order updates (pushed and polled), catalog alerts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from api.config import BridgeSettings, ProactiveSettings, WeChatSettings
from api.proactive_policy import plan
from api.signature import sign
from assistant.catalog.model import Product, Variant
from assistant.index import versions
from assistant.index.store import CatalogStore
from assistant.notifications import ChannelIdentity, Notice, NotificationStore, Subscriptions
from assistant.notifications.catalog import alert_message, notify_catalog_change, queue_catalog_alerts
from assistant.notifications.model import AlertKind, NoticeKind, ProductAlert
from assistant.notifications.orders import OrderEvent, OrderUpdates, order_update_text
from assistant.orders.sql_store import SqlOrderStore
from tests.channel_harness import post_webhook, settings_for
from tests.fakes.graph_server import FakeGraph
from tests.fakes.rasa_stub import StubRasa

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
DEV = ChannelIdentity("whatsapp", "14165550333")   # cus_dev in the demo orders, owns order 100114 (paid)
BOB = ChannelIdentity("messenger", "demo-bob-psid")  # cus_bob, owns 100105 (pending)
EVENTS_SECRET = "order-events-secret"


@pytest.fixture
def store(tmp_path):
    notifications = NotificationStore(f"sqlite:///{tmp_path / 'orders.sqlite'}")
    yield notifications
    notifications.close()


def notice(identity=DEV, kind=NoticeKind.ORDER_UPDATE, event="order:100114:shipped"):
    return Notice(event, identity, kind, "Your order #100114 has shipped.", ("100114", "Your order has shipped.", "-"))


# consent and the sent-log ---------------------------------------------------------------------

def test_nothing_is_queued_without_consent_and_the_refusal_is_recorded(store):
    assert store.enqueue(notice()) is False
    assert [(n.status, n.reason) for n in store.log(DEV)] == [("skipped", "no_consent")]


def test_an_event_reaches_a_person_at_most_once(store):
    store.opt_in(DEV)
    assert store.enqueue(notice()) is True
    assert store.enqueue(notice()) is False
    assert len(store.claim_pending()) == 1 and store.claim_pending() == []


def test_opt_out_ends_everything_at_once(store):
    subscriptions = Subscriptions(store)
    subscriptions.subscribe("whatsapp:14165550333", "JKT-1", size="M", kind="back_in_stock")
    store.enqueue(notice())
    assert subscriptions.is_subscribed(DEV)
    assert subscriptions.opt_out("whatsapp:14165550333") == 1
    assert not subscriptions.is_subscribed(DEV) and store.open_alerts() == [] and store.claim_pending() == []
    assert [n.reason for n in store.log(DEV)] == ["opted_out"]


def test_subscribing_twice_keeps_one_alert_with_the_price_at_the_time(store):
    subscriptions = Subscriptions(store, price_of=lambda product, size, color: Decimal("80.00"))
    first = subscriptions.subscribe(DEV, "JKT-1", "M", "red", AlertKind.PRICE_DROP)
    again = subscriptions.subscribe(DEV, "JKT-1", "M", "red", AlertKind.PRICE_DROP)
    assert first.alert_id == again.alert_id and first.baseline_price == Decimal("80.00")


# platform rules --------------------------------------------------------------------------------

TEMPLATES = ProactiveSettings(whatsapp_order_template="order_update", whatsapp_alert_template="back_in_stock")
INSIDE, OUTSIDE_24H, INSIDE_48H = NOW - timedelta(hours=2), NOW - timedelta(hours=30), NOW - timedelta(hours=30)


def test_whatsapp_inside_the_window_gets_plain_text():
    decision = plan(notice(), INSIDE, NOW, TEMPLATES)
    assert decision.body == {"type": "text", "text": {"body": notice().text, "preview_url": False}}


def test_whatsapp_outside_the_window_gets_the_configured_template():
    decision = plan(notice(), OUTSIDE_24H, NOW, TEMPLATES)
    assert decision.body["template"]["name"] == "order_update"
    assert [p["text"] for p in decision.body["template"]["components"][0]["parameters"]] == list(notice().params)
    assert plan(notice(), None, NOW, TEMPLATES).body["type"] == "template"


def test_whatsapp_outside_the_window_without_template_is_not_sent():
    decision = plan(notice(), OUTSIDE_24H, NOW, ProactiveSettings())
    assert not decision.sends and "template" in decision.reason


MESSENGER_UTILITY = ProactiveSettings(messenger_order_template="order_shipped_update")


def test_messenger_inside_the_window_gets_text_as_an_update():
    assert plan(notice(BOB), INSIDE, NOW, MESSENGER_UTILITY).body == {
        "messaging_type": "UPDATE", "message": {"text": "Your order #100114 has shipped."}}
    assert plan(notice(BOB, NoticeKind.BACK_IN_STOCK), INSIDE, NOW, ProactiveSettings()).sends


def test_messenger_order_update_outside_the_window_is_a_utility_template():
    decision = plan(notice(BOB), OUTSIDE_24H, NOW, MESSENGER_UTILITY)
    assert decision.reason == "utility_template" and decision.body == {
        "messaging_type": "UTILITY",
        "message": {"template": {"name": "order_shipped_update", "language": {"code": "en"}, "components": [
            {"type": "body", "parameters": [{"type": "text", "text": "100114"},
                                            {"type": "text", "text": "Your order has shipped."},
                                            {"type": "text", "text": "-"}]}]}}}
    assert "tag" not in decision.body and plan(notice(BOB), None, NOW, MESSENGER_UTILITY).sends


def test_messenger_outside_the_window_without_utility_template_is_not_sent():
    decision = plan(notice(BOB), OUTSIDE_24H, NOW, ProactiveSettings())
    assert not decision.sends and decision.reason == "outside_24h_window_and_no_utility_template_configured"


@pytest.mark.parametrize("kind", [NoticeKind.BACK_IN_STOCK, NoticeKind.PRICE_DROP])
def test_messenger_alerts_outside_the_window_are_marketing_and_never_sent(kind):
    decision = plan(notice(BOB, kind), OUTSIDE_24H, NOW, MESSENGER_UTILITY)
    assert not decision.sends and "marketing" in decision.reason


@pytest.mark.parametrize("tag", ["POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE", "HUMAN_AGENT"])
def test_retired_messenger_tag_setting_is_ignored_with_a_warning_naming_the_fix(tag, caplog):
    with caplog.at_level("WARNING", logger="api.config"):
        proactive = BridgeSettings.from_env({"MESSENGER_OUTSIDE_WINDOW_TAG": tag}).proactive
    assert "MESSENGER_ORDER_UTILITY_TEMPLATE" in caplog.text
    assert proactive.messenger_order_template == ""


def test_messenger_utility_template_is_read_from_the_environment():
    proactive = BridgeSettings.from_env({"MESSENGER_OUTSIDE_WINDOW_TAG": "", "MESSENGER_ORDER_UTILITY_TEMPLATE": "t1",
                                         "MESSENGER_TEMPLATE_LANGUAGE": "en_US"}).proactive
    assert (proactive.messenger_order_template, proactive.messenger_template_language) == ("t1", "en_US")
    assert BridgeSettings.from_env({}).proactive.messenger_template_language == "en"


def test_wechat_has_48_hours_then_only_a_template_message():
    grace = notice(ChannelIdentity("wechat", "demo-grace"))
    assert plan(grace, INSIDE_48H, NOW, ProactiveSettings()).path == "cgi-bin/message/custom/send"
    assert not plan(grace, NOW - timedelta(hours=49), NOW, ProactiveSettings()).sends
    templated = plan(grace, NOW - timedelta(hours=49), NOW, ProactiveSettings(), WeChatSettings(template_id="TPL"))
    assert templated.path == "cgi-bin/message/template/send" and templated.body["data"]["keyword1"]["value"] == "100114"


# order updates ---------------------------------------------------------------------------------

@pytest.fixture
def orders(tmp_path):
    order_store = SqlOrderStore(f"sqlite:///{tmp_path / 'orders.sqlite'}")
    order_store.seed()
    yield order_store
    order_store.close()


def test_order_update_text_names_the_tracking():
    text, params = order_update_text(OrderEvent("100114", "shipped", carrier="DHL", tracking_number="JD0001"))
    assert text.startswith("Your order #100114 has shipped. DHL tracking number JD0001.")
    assert params[0] == "100114" and "stop" in text


def test_shipped_in_the_sql_store_queues_exactly_one_update_per_linked_consenting_identity(tmp_path, store, orders):
    updates = OrderUpdates(store, orders, orders_url=f"sqlite:///{tmp_path / 'orders.sqlite'}")
    assert updates.poll() == 0  # the first round starts after the history
    store.opt_in(DEV)
    orders.set_state("100114", "shipped", carrier="DHL", tracking_number="JD0001")
    assert updates.poll() == 1
    assert updates.poll() == 0
    [queued] = store.claim_pending()
    assert queued.identity == DEV and queued.event_id == "order:100114:shipped" and "JD0001" in queued.text


def test_opted_out_shopper_gets_no_order_update(tmp_path, store, orders):
    updates = OrderUpdates(store, orders, orders_url=f"sqlite:///{tmp_path / 'orders.sqlite'}")
    updates.poll()
    store.opt_in(BOB)
    store.opt_out(BOB)
    orders.set_state("100105", "cancelled")
    assert updates.poll() == 0 and store.claim_pending() == []


def test_pushed_and_polled_copies_of_one_change_notify_once(tmp_path, store, orders):
    updates = OrderUpdates(store, orders, orders_url=f"sqlite:///{tmp_path / 'orders.sqlite'}")
    updates.poll()
    store.opt_in(DEV)
    assert updates.publish(OrderEvent("100114", "shipped")) == 1
    orders.set_state("100114", "shipped", carrier="DHL", tracking_number="JD0001")
    assert updates.poll() == 0


@pytest.mark.parametrize("body, problem", [({"status": "shipped"}, "order_number"),
                                           ({"order_number": "100114", "status": "lost"}, "status")])
def test_invalid_order_events_say_what_is_wrong(body, problem):
    with pytest.raises(ValueError, match=problem):
        OrderEvent.from_dict(body)


# catalog alerts --------------------------------------------------------------------------------

def product(stock_m: int, price: str = "100.00", sale: str | None = None) -> Product:
    return Product(id="JKT-1", title="Rain Jacket", product_url="https://shop.example/jkt-1", variants=(
        Variant(sku="JKT-1-S", price=Decimal("100.00"), size="S", stock=5),
        Variant(sku="JKT-1-M", price=Decimal(price), size="M", stock=stock_m,
                sale_price=Decimal(sale) if sale else None)))


def alert(kind=AlertKind.BACK_IN_STOCK, size="M", baseline=None) -> ProductAlert:
    return ProductAlert(1, DEV, "JKT-1", kind, size, None, baseline)


def test_back_in_stock_fires_only_when_the_wanted_size_comes_back():
    assert "back in stock" in alert_message(alert(), product(0), product(3))
    assert alert_message(alert(), product(0), product(0)) is None
    assert alert_message(alert(), product(2), product(3)) is None
    assert alert_message(alert(size="S"), product(0), product(3)) is None


def test_price_drop_fires_below_the_price_the_shopper_saw():
    assert "now 80.00" in alert_message(alert(AlertKind.PRICE_DROP, baseline=Decimal("100.00")), product(3),
                                         product(3, sale="80.00"))
    assert alert_message(alert(AlertKind.PRICE_DROP, baseline=Decimal("100.00")), product(3), product(3)) is None


class Catalog(dict):
    def get(self, product_id):  # noqa: D102 - the CatalogStore read API
        return super().get(product_id)


def test_a_restock_alerts_each_subscriber_once(store):
    other = ChannelIdentity("wechat", "demo-grace")
    for who in (DEV, other):
        Subscriptions(store).subscribe(who, "JKT-1", size="M")
    assert queue_catalog_alerts(store, Catalog({"JKT-1": product(0)}), Catalog({"JKT-1": product(4)})) == 2
    assert queue_catalog_alerts(store, Catalog({"JKT-1": product(0)}), Catalog({"JKT-1": product(4)})) == 0
    assert sorted(n.identity.channel for n in store.claim_pending()) == ["wechat", "whatsapp"]


def test_cli_hook_compares_the_new_version_with_the_one_before(tmp_path):
    from assistant.config import Settings

    settings = Settings(data_dir=tmp_path / "data", orders_url=f"sqlite:///{tmp_path / 'orders.sqlite'}")
    for name, stock in (("20260101T000000000000Z-aaaa", 0), ("20260102T000000000000Z-bbbb", 4)):
        folder = settings.data_dir / versions.VERSIONS / name
        folder.mkdir(parents=True)
        CatalogStore.create(folder / versions.STORE_FILE, [product(stock)]).close()
    store = NotificationStore(settings.orders_url)
    Subscriptions(store).subscribe(DEV, "JKT-1", size="M")

    class Report:
        version, changed = "20260102T000000000000Z-bbbb", True

    assert notify_catalog_change(settings, Report()) == 1
    assert notify_catalog_change(settings, Report()) == 0
    assert [n.notice.kind for n in store.log(DEV)] == [NoticeKind.BACK_IN_STOCK]


# the bridge: events endpoint, dispatch, stop ------------------------------------------------------

@pytest.fixture
def graph():
    with FakeGraph() as fake:
        yield fake


@pytest.fixture
def bridge(tmp_path, graph, orders):
    from api import create_app

    proactive = ProactiveSettings(store_url=f"sqlite:///{tmp_path / 'orders.sqlite'}", events_secret=EVENTS_SECRET,
                                  poll_seconds=1.0, whatsapp_order_template="order_update")
    app = create_app(replace(settings_for(tmp_path, graph.url), proactive=proactive), rasa=StubRasa())
    return app


def post_event(client, body: dict, secret: str = EVENTS_SECRET):
    raw = json.dumps(body).encode()
    return client.post("/events/orders", data=raw, headers={"Content-Type": "application/json",
                                                             "X-Signature-256": sign(raw, secret)})


def test_signed_order_event_sends_a_template_outside_the_window(bridge, graph):
    bridge.extensions["notifications"].opt_in(DEV)
    answer = post_event(bridge.test_client(), {"order_number": "100114", "status": "shipped",
                                               "tracking": {"carrier": "UPS", "number": "1Z999"}})
    assert answer.status_code == 202 and answer.json["queued"] == 1
    assert bridge.extensions["proactive"].run_once() == {"sent": 1}
    [sent] = [r for r in graph.requests if r.is_message]
    assert sent.recipient == DEV.user_id and sent.body["type"] == "template"
    assert sent.body["template"]["name"] == "order_update"
    assert post_event(bridge.test_client(), {"order_number": "100114", "status": "shipped"}).json["queued"] == 0


def test_order_event_reaches_messenger_outside_the_window_as_a_utility_message(tmp_path, graph, orders):
    from api import create_app

    proactive = ProactiveSettings(store_url=f"sqlite:///{tmp_path / 'orders.sqlite'}", events_secret=EVENTS_SECRET,
                                  messenger_order_template="order_shipped_update")
    app = create_app(replace(settings_for(tmp_path, graph.url), proactive=proactive), rasa=StubRasa())
    app.extensions["notifications"].opt_in(BOB)
    answer = post_event(app.test_client(), {"order_number": "100105", "status": "shipped",
                                            "tracking": {"carrier": "UPS", "number": "1Z999"}})
    assert answer.status_code == 202 and answer.json["queued"] == 1
    assert app.extensions["proactive"].run_once() == {"sent": 1}
    [sent] = [r for r in graph.requests if r.is_message]
    assert sent.path.endswith("/me/messages") and sent.body["recipient"] == {"id": BOB.user_id}
    assert sent.body["messaging_type"] == "UTILITY" and "tag" not in sent.body
    template = sent.body["message"]["template"]
    assert template["name"] == "order_shipped_update" and template["components"][0]["parameters"][0]["text"] == "100105"
    assert [(n.status, n.reason) for n in app.extensions["notifications"].log(BOB)] == [("sent", "utility_template")]


def test_forged_order_event_is_refused(bridge):
    assert post_event(bridge.test_client(), {"order_number": "100114", "status": "shipped"}, "wrong").status_code == 403
    assert bridge.test_client().post("/events/orders", data=b"{}").status_code == 401


def test_polled_shipment_reaches_whatsapp_as_text_inside_the_window_and_once(bridge, graph, orders):
    client = bridge.test_client()
    loop = bridge.extensions["proactive"]
    loop.run_once()
    bridge.extensions["notifications"].opt_in(DEV)
    payload = json.loads((settings_for.__globals__["FIXTURES"] / "whatsapp" / "text.json").read_text())
    value = payload["entry"][0]["changes"][0]["value"]
    value["messages"][0]["from"] = value["contacts"][0]["wa_id"] = DEV.user_id
    value["messages"][0]["timestamp"] = str(int(datetime.now(timezone.utc).timestamp()))
    assert post_webhook(client, "whatsapp", payload).status_code == 200
    orders.set_state("100114", "shipped", carrier="DHL", tracking_number="JD0001")
    assert loop.run_once() == {"sent": 1}
    assert loop.run_once() == {}
    [sent] = [r for r in graph.requests if r.is_message]
    assert sent.body["type"] == "text" and "JD0001" in sent.body["text"]["body"]


def test_stop_from_the_shopper_opts_out_before_anything_else(bridge, graph, orders):
    store = bridge.extensions["notifications"]
    store.opt_in(DEV)
    payload = json.loads((settings_for.__globals__["FIXTURES"] / "whatsapp" / "text.json").read_text())
    value = payload["entry"][0]["changes"][0]["value"]
    value["messages"][0]["from"] = value["contacts"][0]["wa_id"] = DEV.user_id
    value["messages"][0]["text"]["body"] = "STOP"
    post_webhook(bridge.test_client(), "whatsapp", payload)
    assert not store.consents(DEV)
    assert post_event(bridge.test_client(), {"order_number": "100114", "status": "delivered"}).json["queued"] == 0
