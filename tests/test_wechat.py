"""WeChat channel: signature, safe XML, rendering, the token-caching client, the webhook in plain and safe mode."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from api import create_app
from api.config import BridgeSettings, WeChatSettings
from api.replies import Button, ProductCard, Reply
from api.wechat_client import WeChatClient, WeChatRejected
from api.wechat_crypto import MessageCipher
from api.wechat_inbound import MalformedXml, parse_wechat
from api.wechat_render import CHOICES_KEY, TEXT_MAX, render_wechat
from api.wechat_signature import signature_matches, wechat_signature
from tests.channel_harness import drain
from tests.fakes.rasa_stub import StubRasa
from tests.fakes.wechat_server import FakeWeChat, encrypted_push, push_query

FIXTURES = Path(__file__).parent / "fixtures" / "wechat"
TOKEN, OPENID = "wechat-token-for-tests", "oUSER_OPENID_0001"
AES_KEY = "kWxPEV2UEDyxWpmPdKCSiYcRWwhMx1HWrYPdxhh3Dbq"


def xml(name: str) -> bytes:
    return (FIXTURES / f"{name}.xml").read_bytes()


def signed_query(token: str = TOKEN, timestamp: str | None = None, nonce: str = "n0nce") -> dict:
    return push_query(token, timestamp, nonce, OPENID)


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


def test_encrypted_message_without_a_configured_key_is_refused_clearly(client):
    body, query = encrypted_push(xml("text"), TOKEN, MessageCipher.from_encoding_aes_key(AES_KEY, "wx-test-app"))
    answer = post_xml(client, body, query)
    assert answer.status_code == 400 and "WECHAT_ENCODING_AES_KEY" in answer.json["error"]


@pytest.mark.parametrize("encrypt_type", ["AES2", "rsa"])
def test_unknown_encrypt_type_is_refused(client, encrypt_type):
    assert post_xml(client, xml("text"), {**signed_query(), "encrypt_type": encrypt_type}).status_code == 400


# safe mode ---------------------------------------------------------------------------------

@pytest.fixture
def safe_client(tmp_path, wechat):
    rasa = StubRasa()
    app = make_wechat_app(tmp_path, wechat, rasa, wechat=WeChatSettings(
        token=TOKEN, app_id=wechat.app_id, app_secret=wechat.app_secret, api_url=wechat.url, encoding_aes_key=AES_KEY))
    test_client = app.test_client()
    test_client.rasa, test_client.app_ = rasa, app
    test_client.cipher = MessageCipher.from_encoding_aes_key(AES_KEY, wechat.app_id)
    return test_client


@pytest.mark.parametrize("compatibility", [False, True], ids=["safe", "compatibility"])
def test_encrypted_message_is_decrypted_answered_with_success_and_replied_through_the_send_api(
        safe_client, wechat, compatibility):
    body, query = encrypted_push(xml("text"), TOKEN, safe_client.cipher, compatibility)
    assert (b"do you have running shoes" in body) is compatibility
    answer = post_xml(safe_client, body, query)
    assert answer.status_code == 200 and answer.data == b"success"
    assert drain(safe_client.app_) == ["answered"]
    assert safe_client.rasa.calls[0][:2] == (f"wechat:{OPENID}", "do you have running shoes")
    [sent] = wechat.messages(OPENID)
    assert sent.body["text"] == {"content": "echo: do you have running shoes"}


def test_compatibility_mode_trusts_only_the_signed_ciphertext(safe_client):
    body, query = encrypted_push(xml("text"), TOKEN, safe_client.cipher, compatibility=True)
    assert post_xml(safe_client, body.replace(b"do you have running shoes", b"refund everything"), query).data \
        == b"success"
    drain(safe_client.app_)
    assert safe_client.rasa.calls[0][1] == "do you have running shoes"


def test_encrypted_event_and_plaintext_push_are_both_accepted_in_safe_mode(safe_client):
    body, query = encrypted_push(xml("subscribe"), TOKEN, safe_client.cipher)
    assert post_xml(safe_client, body, query).data == b"success"
    assert post_xml(safe_client, xml("image")).data == b"success"
    assert safe_client.app_.extensions["inbox"].pending() == 2


def test_redelivered_encrypted_message_is_answered_once(safe_client, wechat):
    for _ in range(3):  # encrypted afresh each time: the random prefix differs, the MsgId does not
        assert post_xml(safe_client, *encrypted_push(xml("text"), TOKEN, safe_client.cipher)).data == b"success"
    assert drain(safe_client.app_) == ["answered"]
    assert len(wechat.messages(OPENID)) == 1


def test_server_verification_stays_plain_in_safe_mode(safe_client):
    answer = safe_client.get("/webhooks/wechat", query_string={**signed_query(), "echostr": "echo-4242"})
    assert answer.status_code == 200 and answer.data == b"echo-4242"


def test_known_answer_push_is_decrypted_by_the_webhook_and_answered(tmp_path):
    vector = json.loads((FIXTURES / "safe_mode_vector.json").read_text())
    query = {"timestamp": vector["timestamp"], "nonce": vector["nonce"], "encrypt_type": "aes",
             "msg_signature": vector["msg_signature"],
             "signature": wechat_signature(vector["token"], vector["timestamp"], vector["nonce"])}
    with FakeWeChat(app_id=vector["app_id"]) as fake:
        rasa = StubRasa()
        app = make_wechat_app(tmp_path, fake, rasa, wechat=WeChatSettings(
            token=vector["token"], app_id=fake.app_id, app_secret=fake.app_secret, api_url=fake.url,
            encoding_aes_key=vector["encoding_aes_key"]))
        assert post_xml(app.test_client(), xml("safe_mode_text"), query).data == b"success"
        assert drain(app) == ["answered"]
        assert rasa.calls[0][:2] == (f"wechat:{OPENID}", "where is my order")
        assert fake.messages(OPENID)[0].body["text"] == {"content": "echo: where is my order"}


def _refusal_cases():
    """(name, change to the (body, query) of a valid encrypted push, expected status)."""
    other_app = MessageCipher.from_encoding_aes_key(AES_KEY, "wx-other-app")
    other_key = MessageCipher.from_encoding_aes_key("Z" * 43, "wx-test-app")

    def resign(body, query, encrypted):
        body = body.split(b"<Encrypt>")[0] + f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
        return body, {**query, "msg_signature": wechat_signature(TOKEN, query["timestamp"], query["nonce"], encrypted)}

    return [
        ("forged_msg_signature", lambda b, q: (b, {**q, "msg_signature": "0" * 40}), 403),
        ("msg_signature_missing", lambda b, q: (b, {k: v for k, v in q.items() if k != "msg_signature"}), 401),
        ("msg_signature_by_another_token", lambda b, q: (b, {**q, "msg_signature": wechat_signature(
            "forged", q["timestamp"], q["nonce"], b.split(b"CDATA[")[2].split(b"]]")[0].decode())}), 403),
        ("plain_signature_forged", lambda b, q: (b, {**q, "signature": "0" * 40}), 403),
        ("another_app_id", lambda b, q: resign(b, q, other_app.encrypt(xml("text"))), 403),
        ("another_key", lambda b, q: resign(b, q, other_key.encrypt(xml("text"))), 400),
        ("not_base64", lambda b, q: resign(b, q, "%%%not-base64%%%"), 400),
        ("not_whole_blocks", lambda b, q: resign(b, q, "QUJD"), 400),
        ("ciphertext_of_garbage", lambda b, q: resign(b, q, MessageCipher.from_encoding_aes_key(
            AES_KEY, "wx-test-app").encrypt(b"<xml><oops>")), 400),
        ("no_encrypt_field", lambda b, q: (b"<xml><ToUserName>gh</ToUserName></xml>", q), 400),
        ("envelope_not_xml", lambda b, q: (b"<xml><Encrypt>", q), 400),
        ("envelope_with_entities", lambda b, q: (xml("entity_expansion"), q), 400),
        ("oversized", lambda b, q: (b"<xml>" + b" " * 20_000 + b"</xml>", q), 413),
    ]


@pytest.mark.parametrize("name, change, status", _refusal_cases(), ids=[c[0] for c in _refusal_cases()])
def test_bad_encrypted_push_is_refused_and_never_stored(safe_client, name, change, status):
    body, query = change(*encrypted_push(xml("text"), TOKEN, safe_client.cipher))
    answer = post_xml(safe_client, body, query)
    assert answer.status_code == status, answer.json
    assert safe_client.app_.extensions["inbox"].pending() == 0


def test_channel_is_off_without_its_tokens(tmp_path, wechat):
    app = make_wechat_app(tmp_path, wechat, StubRasa(), wechat=WeChatSettings())
    assert app.test_client().get("/webhooks/wechat", query_string=signed_query()).status_code == 404


def test_settings_read_from_environment():
    settings = BridgeSettings.from_env({"WECHAT_TOKEN": "t", "WECHAT_APP_ID": "wxid", "WECHAT_APP_SECRET": "very-secret-value",
                                        "WECHAT_API_URL": "http://127.0.0.1:1/"})
    assert settings.wechat.enabled and settings.wechat.api_url == "http://127.0.0.1:1"
    assert "very-secret-value" not in repr(settings) + str(settings.safe_summary())
    assert not BridgeSettings.from_env({"WECHAT_TOKEN": "t"}).wechat.enabled
