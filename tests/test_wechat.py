"""WeChat channel: signature, safe XML parsing, rendering, the token-caching client and the webhook end to end."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from api import create_app
from api.config import BridgeSettings, WeChatSettings
from api.replies import Button, ProductCard, Reply
from api.wechat_client import WeChatClient, WeChatRejected
from api.wechat_inbound import MalformedXml, parse_wechat
from api.wechat_render import CHOICES_KEY, TEXT_MAX, render_wechat
from api.wechat_signature import signature_matches, wechat_signature
from tests.channel_harness import drain
from tests.fakes.rasa_stub import StubRasa
from tests.fakes.wechat_server import FakeWeChat

FIXTURES = Path(__file__).parent / "fixtures" / "wechat"
TOKEN, OPENID = "wechat-token-for-tests", "oUSER_OPENID_0001"


def xml(name: str) -> bytes:
    return (FIXTURES / f"{name}.xml").read_bytes()


def signed_query(token: str = TOKEN, timestamp: str | None = None, nonce: str = "n0nce") -> dict:
    timestamp = timestamp or str(int(time.time()))
    return {"timestamp": timestamp, "nonce": nonce, "signature": wechat_signature(token, timestamp, nonce),
            "openid": OPENID}


# signature ---------------------------------------------------------------------------------

def test_signature_is_sha1_of_sorted_token_timestamp_nonce():
    import hashlib

    expected = hashlib.sha1("".join(sorted(["tok", "1700000000", "abc"])).encode()).hexdigest()
    assert wechat_signature("tok", "1700000000", "abc") == expected
    assert signature_matches("tok", "1700000000", "abc", expected)


@pytest.mark.parametrize("timestamp, nonce, signature", [
    ("1700000000", "abc", "0" * 40), (None, "abc", "x"), ("1700000000", None, "x"), ("1700000000", "abc", None),
])
def test_signature_does_not_match(timestamp, nonce, signature):
    assert not signature_matches("tok", timestamp, nonce, signature)


# parsing -----------------------------------------------------------------------------------

CASES = {
    "text": ("text", "do you have running shoes", "1234567890123456", True),
    "voice": ("voice_recognition", "where is my order", "1234567890123458", True),
    "voice_unrecognized": ("voice", "", "1234567890123459", False),
    "image": ("image", "", "1234567890123457", False),
    "location": ("location", "", "1234567890123460", False),
    "link": ("link", "", "1234567890123461", False),
    "subscribe": ("follow", "/greet", f"event-{OPENID}-123456789", True),
    "click": ("menu_click", "/order_status", f"event-{OPENID}-123456791", True),
    "unsubscribe": ("unsubscribe", "", f"event-{OPENID}-123456790", False),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_documented_pushes_parse(name):
    kind, text, message_id, readable = CASES[name]
    message = parse_wechat(xml(name)).message
    assert (message.kind, message.text, message.message_id, message.readable) == (kind, text, message_id, readable)
    assert message.conversation == f"wechat:{OPENID}"


def test_unsubscribe_needs_no_answer_and_location_keeps_its_label():
    assert parse_wechat(xml("unsubscribe")).message.silent
    assert parse_wechat(xml("location")).message.extra == {"label": "Guangzhou"}


@pytest.mark.parametrize("body", [
    b"", b"not xml", b"<xml><FromUserName>x</FromUserName>", b"<root><MsgType>text</MsgType></root>",
    b"<xml><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>",
    b"<xml>" + b"<F>x</F>" * 41 + b"</xml>",
])
def test_malformed_bodies_are_refused(body):
    with pytest.raises(MalformedXml):
        parse_wechat(body)


def test_entity_expansion_is_refused():
    with pytest.raises(MalformedXml):
        parse_wechat(xml("entity_expansion"))


# rendering ---------------------------------------------------------------------------------

def test_buttons_become_numbered_choices_with_payloads_kept_aside():
    [message] = render_wechat([Reply(text="Which size?", buttons=(Button("S", "/inform{\"size\":\"S\"}"),
                                                                   Button("M", "/inform{\"size\":\"M\"}")))])
    assert message["text"]["content"] == "Which size?\n1. S\n2. M"
    assert message[CHOICES_KEY] == ['/inform{"size":"S"}', '/inform{"size":"M"}']


def test_products_become_one_article_news_each_then_a_numbered_list():
    cards = tuple(ProductCard(f"P{n}", f"Shoe {n}", "$10", True, f"https://img/{n}.jpg", f"https://shop/{n}",
                              f"/product_question{{\"product_id\":\"P{n}\"}}") for n in range(5))
    messages = render_wechat([Reply(text="Found these:", products=cards)])
    news = [m for m in messages if m["msgtype"] == "news"]
    assert messages[0] == {"msgtype": "text", "text": {"content": "Found these:"}}
    assert len(news) == 3 and all(len(m["news"]["articles"]) == 1 for m in news)
    assert news[0]["news"]["articles"][0] == {"title": "Shoe 0", "description": "$10 · in stock",
                                              "url": "https://shop/0", "picurl": "https://img/0.jpg"}
    assert messages[-1][CHOICES_KEY][4] == '/product_question{"product_id":"P4"}'


def test_long_text_is_split_within_the_byte_limit():
    messages = render_wechat([Reply(text="这是一个很长的句子。" * 200)])
    assert len(messages) > 1
    assert all(len(m["text"]["content"].encode("utf-8")) <= 2048 for m in messages)
    assert all(len(m["text"]["content"]) <= TEXT_MAX for m in messages)


# client ------------------------------------------------------------------------------------

@pytest.fixture
def wechat():
    with FakeWeChat() as fake:
        yield fake


def test_token_is_cached_and_refreshed_once_when_refused(wechat):
    client = WeChatClient(wechat.url, wechat.app_id, wechat.app_secret)
    for n in range(3):
        client.post("cgi-bin/message/custom/send", {"touser": OPENID, "msgtype": "text", "text": {"content": f"{n}"}})
    assert wechat.token_requests == 1
    wechat.revoke_token()
    client.post("cgi-bin/message/custom/send", {"touser": OPENID, "msgtype": "text", "text": {"content": "again"}})
    assert wechat.token_requests == 2 and len(wechat.messages(OPENID)) == 4


def test_token_is_fetched_again_after_it_expires(wechat):
    now = [0.0]
    client = WeChatClient(wechat.url, wechat.app_id, wechat.app_secret, clock=lambda: now[0])
    first = client.access_token()
    now[0] = 7200.0
    assert client.access_token() != first and wechat.token_requests == 2


def test_wrong_app_secret_is_a_configuration_error(wechat):
    with pytest.raises(WeChatRejected, match="WECHAT_APP_SECRET"):
        WeChatClient(wechat.url, wechat.app_id, "wrong").access_token()


def test_chinese_text_is_sent_as_utf8_not_escapes(wechat):
    client = WeChatClient(wechat.url, wechat.app_id, wechat.app_secret)
    client.post("cgi-bin/message/custom/send", {"touser": OPENID, "msgtype": "text", "text": {"content": "你好"}})
    assert wechat.messages(OPENID)[0].body["text"]["content"] == "你好"


def test_outside_48_hours_is_refused_for_good(wechat):
    client = WeChatClient(wechat.url, wechat.app_id, wechat.app_secret)
    wechat.errcode_next.append(45015)
    with pytest.raises(WeChatRejected, match="48 hours"):
        client.post("cgi-bin/message/custom/send", {"touser": OPENID, "msgtype": "text", "text": {"content": "x"}})


# webhook -----------------------------------------------------------------------------------

def make_wechat_app(tmp_path, fake, rasa, **overrides):
    settings = BridgeSettings(
        wechat=WeChatSettings(token=TOKEN, app_id=fake.app_id, app_secret=fake.app_secret, api_url=fake.url),
        inbox_url=f"sqlite:///{tmp_path / 'inbox.sqlite3'}", start_workers=False, retry_max_seconds=0.2,
        rate_limit_per_minute=50, graph_api_url="http://127.0.0.1:9/v21.0",
    )
    return create_app(replace(settings, **overrides), rasa=rasa)


@pytest.fixture
def client(tmp_path, wechat):
    rasa = StubRasa({"which size": [{"text": "Which size?", "buttons": [
        {"title": "Small", "payload": '/inform{"size":"S"}'}, {"title": "Medium", "payload": '/inform{"size":"M"}'}]}]})
    app = make_wechat_app(tmp_path, wechat, rasa)
    test_client = app.test_client()
    test_client.rasa, test_client.app_ = rasa, app
    return test_client


def post_xml(client, body: bytes, query: dict | None = None):
    return client.post("/webhooks/wechat", data=body, query_string=query or signed_query(),
                       headers={"Content-Type": "text/xml"})


def test_server_verification_echoes_echostr(client):
    answer = client.get("/webhooks/wechat", query_string={**signed_query(), "echostr": "echo-4242"})
    assert answer.status_code == 200 and answer.data == b"echo-4242"


def test_server_verification_with_a_wrong_token_is_refused(client):
    answer = client.get("/webhooks/wechat", query_string={**signed_query(token="other"), "echostr": "echo-4242"})
    assert answer.status_code == 403 and b"echo-4242" not in answer.data


def test_text_message_is_answered_with_success_then_through_the_send_api(client, wechat):
    answer = post_xml(client, xml("text"))
    assert answer.status_code == 200 and answer.data == b"success"
    assert drain(client.app_) == ["answered"]
    [sent] = wechat.messages(OPENID)
    assert sent.body == {"touser": OPENID, "msgtype": "text", "text": {"content": "echo: do you have running shoes"}}
    assert client.rasa.calls[0][0] == f"wechat:{OPENID}"


def test_redelivered_message_is_answered_once(client, wechat):
    for _ in range(3):
        assert post_xml(client, xml("text")).data == b"success"
    assert drain(client.app_) == ["answered"]
    assert len(wechat.messages(OPENID)) == 1


def test_forged_signature_is_refused(client):
    assert post_xml(client, xml("text"), signed_query(token="forged")).status_code == 403
    query = signed_query()
    del query["signature"]
    assert post_xml(client, xml("text"), query).status_code == 401
    assert client.app_.extensions["inbox"].pending() == 0


@pytest.mark.parametrize("body, status", [(b"<xml><oops>", 400), (xml("entity_expansion"), 400),
                                          (b"<xml>" + b" " * 20_000 + b"</xml>", 413)])
def test_malformed_or_oversized_body_is_refused(client, body, status):
    assert post_xml(client, body).status_code == status
    assert client.app_.extensions["inbox"].pending() == 0


def test_numbered_reply_reaches_rasa_as_the_button_payload(client, wechat):
    post_xml(client, xml("text").replace(b"do you have running shoes", b"which size"))
    drain(client.app_)
    assert wechat.messages(OPENID)[-1].body["text"]["content"] == "Which size?\n1. Small\n2. Medium"
    post_xml(client, xml("text").replace(b"do you have running shoes", b"2").replace(b"3456</MsgId>", b"3999</MsgId>"))
    drain(client.app_)
    assert client.rasa.calls[-1][1] == '/inform{"size":"M"}'


def test_encrypted_safe_mode_messages_are_refused_clearly(client):
    assert post_xml(client, xml("text"), {**signed_query(), "encrypt_type": "aes"}).status_code == 400


def test_channel_is_off_without_its_tokens(tmp_path, wechat):
    app = make_wechat_app(tmp_path, wechat, StubRasa(), wechat=WeChatSettings())
    assert app.test_client().get("/webhooks/wechat", query_string=signed_query()).status_code == 404


def test_settings_read_from_environment():
    settings = BridgeSettings.from_env({"WECHAT_TOKEN": "t", "WECHAT_APP_ID": "wxid", "WECHAT_APP_SECRET": "very-secret-value",
                                        "WECHAT_API_URL": "http://127.0.0.1:1/"})
    assert settings.wechat.enabled and settings.wechat.api_url == "http://127.0.0.1:1"
    assert "very-secret-value" not in repr(settings) + str(settings.safe_summary())
    assert not BridgeSettings.from_env({"WECHAT_TOKEN": "t"}).wechat.enabled
