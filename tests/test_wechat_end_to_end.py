"""Signed WeChat XML (plain and encrypted) through the real stack to the local WeChat API; order events too."""

from __future__ import annotations

import json
import time
import uuid

import pytest
import requests

from api.signature import sign
from api.wechat_crypto import MessageCipher
from api.wechat_signature import wechat_signature
from stack.processes import ROOT
from tests.fakes.wechat_server import FakeWeChat, encrypted_push
from tests.integration_stack import import_catalog, start_stack

pytestmark = pytest.mark.integration
TOKEN, EVENTS_SECRET = "e2e-wechat-token", "e2e-order-events-secret"
AES_KEY = "e2eSafeModeKey0123456789abcdefghijklmnopqrs"
TEXT_XML = (ROOT / "tests" / "fixtures" / "wechat" / "text.xml").read_text()


@pytest.fixture(scope="module")
def wechat():
    with FakeWeChat() as fake:
        yield fake


@pytest.fixture(scope="module")
def stack(tmp_path_factory, wechat):
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.skip("no trained Rasa model in models/ (run `make model`)")
    data_dir = tmp_path_factory.mktemp("data")
    import_catalog(data_dir)
    var = tmp_path_factory.mktemp("var")
    running = start_stack(
        data_dir, tmp_path_factory.mktemp("logs"),
        WECHAT_TOKEN=TOKEN, WECHAT_APP_ID=wechat.app_id, WECHAT_APP_SECRET=wechat.app_secret,
        WECHAT_API_URL=wechat.url, WECHAT_ENCODING_AES_KEY=AES_KEY,
        BRIDGE_INBOX_URL=f"sqlite:///{var / 'inbox.sqlite3'}",
        ORDERS_DATABASE_URL=f"sqlite:///{var / 'orders.sqlite'}", ORDER_EVENTS_SECRET=EVENTS_SECRET,
        PROACTIVE_DISPATCH_SECONDS="0.5", BRIDGE_RETRY_MAX_SECONDS="1", BRIDGE_LEASE_SECONDS="20",
    )
    yield running
    running.stop()


def bridge(stack) -> str:
    return f"http://127.0.0.1:{stack.ports.bridge}"


def text_xml(openid: str, text: str, msg_id: str | None = None) -> bytes:
    body = TEXT_XML.replace("oUSER_OPENID_0001", openid).replace("do you have running shoes", text)
    return body.replace("1234567890123456", msg_id or str(uuid.uuid4().int)[:16]) \
        .replace("1348831860", str(int(time.time()))).encode()


def post(stack, body: bytes, token: str = TOKEN) -> requests.Response:
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    query = {"timestamp": timestamp, "nonce": nonce, "signature": wechat_signature(token, timestamp, nonce)}
    return requests.post(f"{bridge(stack)}/webhooks/wechat", params=query, data=body, timeout=5,
                         headers={"Content-Type": "text/xml"})


def post_encrypted(stack, message: bytes, app_id: str) -> requests.Response:
    body, query = encrypted_push(message, TOKEN, MessageCipher.from_encoding_aes_key(AES_KEY, app_id))
    return requests.post(f"{bridge(stack)}/webhooks/wechat", params=query, data=body, timeout=5,
                         headers={"Content-Type": "text/xml"})


def assert_products_shown(replies) -> None:
    """Products arrive as one-article news cards or a numbered list."""
    news = [s.body for s in replies if s.body.get("msgtype") == "news"]
    assert all(len(n["news"]["articles"]) == 1 for n in news)
    texts = " ".join(s.body["text"]["content"] for s in replies if s.body.get("msgtype") == "text")
    assert news or "1." in texts, [s.body for s in replies]


def fresh_openid() -> str:
    return f"oE2E{uuid.uuid4().hex[:20]}"


def test_text_message_is_answered_through_the_customer_service_api(stack, wechat):
    openid = fresh_openid()
    started = time.monotonic()
    answer = post(stack, text_xml(openid, "do you have running shoes?"))
    assert answer.status_code == 200 and answer.text == "success" and time.monotonic() - started < 5
    assert_products_shown(wechat.wait_for(openid, count=2, timeout=90))


def test_safe_mode_message_is_decrypted_and_answered(stack, wechat):
    openid = fresh_openid()
    answer = post_encrypted(stack, text_xml(openid, "do you have running shoes?"), wechat.app_id)
    assert answer.status_code == 200 and answer.text == "success"
    assert_products_shown(wechat.wait_for(openid, count=2, timeout=90))
    assert post_encrypted(stack, text_xml(fresh_openid(), "hello"), "wx-another-app").status_code == 403


def test_redelivered_message_is_answered_once(stack, wechat):
    openid, msg_id = fresh_openid(), str(uuid.uuid4().int)[:16]
    for _ in range(3):
        assert post(stack, text_xml(openid, "hello", msg_id)).text == "success"
    first = wechat.wait_for(openid, count=1, timeout=90)
    time.sleep(3)
    assert len(wechat.messages(openid)) == len(first)
    assert len({s.body.get("touser") for s in first}) == 1


@pytest.mark.parametrize("body, token, status", [
    (None, "forged-token", 403), (b"<xml><broken>", TOKEN, 400), (b"<xml>" + b" " * 40_000 + b"</xml>", TOKEN, 413),
])
def test_forged_malformed_or_oversized_is_refused(stack, wechat, body, token, status):
    openid = fresh_openid()
    assert post(stack, body or text_xml(openid, "hello"), token).status_code == status
    time.sleep(1)
    assert wechat.messages(openid) == []


def test_order_event_reaches_a_wechat_shopper_inside_48_hours(stack, wechat):
    from assistant.notifications import ChannelIdentity, NotificationStore
    from assistant.orders.sql_store import SqlOrderStore

    url = stack.env["ORDERS_DATABASE_URL"]
    openid = fresh_openid()
    assert post(stack, text_xml(openid, "hello")).status_code == 200
    before = len(wechat.wait_for(openid, count=1, timeout=90))
    orders = SqlOrderStore(url)
    orders.seed()
    orders.link_identity("wechat", openid, "cus_dev")
    orders.close()
    store = NotificationStore(url)
    store.opt_in(ChannelIdentity("wechat", openid))
    store.close()
    raw = json.dumps({"order_number": "100114", "status": "shipped", "event_id": f"e2e-{openid}",
                      "tracking": {"carrier": "DHL", "number": "JD0001"}}).encode()
    answer = requests.post(f"{bridge(stack)}/events/orders", data=raw, timeout=5,
                           headers={"Content-Type": "application/json", "X-Signature-256": sign(raw, EVENTS_SECRET)})
    assert answer.status_code == 202 and answer.json()["queued"] == 1
    update = wechat.wait_for(openid, count=before + 1, timeout=30)[-1]
    assert "100114" in update.body["text"]["content"] and "JD0001" in update.body["text"]["content"]
