"""WhatsApp webhook to outbound message through the real Flask app, the SQLite inbox and the fake Graph API."""

from __future__ import annotations

import logging
import time

import pytest

from api.processing import CANNOT_READ
from tests.channel_harness import WA_TOKEN, drain, fixture, make_app, post_webhook
from tests.fakes.graph_server import FakeGraph
from tests.fakes.rasa_stub import StubRasa
from tests.test_api_inbound import WHATSAPP_CASES

GREETING = [{"recipient_id": "x", "text": "Hi! What are you looking for?",
             "buttons": [{"title": "Find a product", "payload": "/search_product"},
                         {"title": "Where is my order?", "payload": "/order_status"}]}]


@pytest.fixture
def graph():
    with FakeGraph(token=WA_TOKEN) as fake:
        yield fake


@pytest.fixture
def rasa():
    return StubRasa({"Do you have running shoes?": GREETING})


@pytest.fixture
def app(tmp_path, graph, rasa):
    made = make_app(tmp_path, graph, rasa)
    yield made
    made.extensions["inbox"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def test_verification_handshake_echoes_the_challenge(client):
    response = client.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=1158201444")
    assert response.status_code == 200 and response.data == b"1158201444"


@pytest.mark.parametrize("query", ["hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
                                   "hub.mode=unsubscribe&hub.verify_token=wa-verify&hub.challenge=1",
                                   "hub.mode=subscribe&hub.verify_token=wa-verify"])
def test_verification_with_wrong_token_or_mode_is_refused(client, query):
    assert client.get(f"/webhooks/whatsapp?{query}").status_code == 403


def test_unsigned_webhook_is_unauthorized(client, rasa):
    response = client.post("/webhooks/whatsapp", json=fixture("whatsapp/text.json"))
    assert response.status_code == 401 and drain(client.application) == []


def test_forged_signature_is_refused(client, rasa):
    response = post_webhook(client, "whatsapp", fixture("whatsapp/text.json"), secret="not-the-secret")
    assert response.status_code == 403 and drain(client.application) == [] and rasa.calls == []


def test_signed_body_that_is_not_json_is_a_bad_request(client):
    assert post_webhook(client, "whatsapp", b"{not json").status_code == 400
    assert post_webhook(client, "whatsapp", b"[1, 2]").status_code == 400


def test_oversized_body_is_refused_before_parsing(client):
    big = b'{"object":"whatsapp_business_account","pad":"' + b"x" * 70_000 + b'"}'
    assert post_webhook(client, "whatsapp", big).status_code == 413


def test_event_of_another_object_is_not_found(client):
    assert post_webhook(client, "whatsapp", {"object": "page", "entry": []}).status_code == 404


def test_text_message_reaches_rasa_namespaced_and_the_reply_reaches_the_shopper(client, graph, rasa):
    response = post_webhook(client, "whatsapp", fixture("whatsapp/text.json"))
    assert response.status_code == 200 and response.json["stored"] == 1
    assert drain(client.application) == ["answered"]
    assert rasa.calls == [("whatsapp:16505551234", "Do you have running shoes?",
                           {"channel": "whatsapp", "kind": "text", "profile_name": "Sheena Nelson",
                            "message_id": rasa.calls[0][2]["message_id"]})]
    [sent] = graph.messages()
    assert sent.path == "/v21.0/106540352242922/messages" and sent.token == WA_TOKEN
    assert sent.body["to"] == "16505551234" and sent.body["messaging_product"] == "whatsapp"
    assert sent.body["interactive"]["type"] == "button"
    assert [b["reply"]["id"] for b in sent.body["interactive"]["action"]["buttons"]] == ["/search_product",
                                                                                         "/order_status"]
    [receipt] = graph.acknowledgements()
    assert receipt.body["status"] == "read" and receipt.body["typing_indicator"] == {"type": "text"}


def test_webhook_answers_200_without_waiting_for_rasa(client, rasa):
    rasa.down = True
    response = post_webhook(client, "whatsapp", fixture("whatsapp/text.json"))
    assert response.status_code == 200 and rasa.calls == []


def test_duplicate_delivery_is_processed_once(client, graph, rasa):
    first = post_webhook(client, "whatsapp", fixture("whatsapp/text.json"))
    again = post_webhook(client, "whatsapp", fixture("whatsapp/text.json"))
    assert (first.json["stored"], again.json["duplicates"]) == (1, 1)
    assert drain(client.application) == ["answered"]
    drain(client.application)
    assert len(rasa.calls) == 1 and len(graph.messages()) == 1


@pytest.mark.parametrize("name", [n for n, (_, _, readable) in WHATSAPP_CASES.items() if readable])
def test_readable_kinds_go_to_rasa(client, graph, rasa, name):
    rasa.answers.clear()
    post_webhook(client, "whatsapp", fixture(f"whatsapp/{name}.json"))
    assert drain(client.application) == ["answered"]
    assert rasa.calls[0][1] == WHATSAPP_CASES[name][1]
    assert graph.messages()[0].body["text"]["body"].startswith("echo: ")


@pytest.mark.parametrize("name", [n for n, (kind, _, readable) in WHATSAPP_CASES.items()
                                  if not readable and kind != "reaction"])
def test_kinds_the_assistant_cannot_read_get_a_polite_reply(client, graph, rasa, name):
    post_webhook(client, "whatsapp", fixture(f"whatsapp/{name}.json"))
    assert drain(client.application) == ["answered"]
    assert rasa.calls == []
    assert [m.body["text"]["body"] for m in graph.messages()] == [CANNOT_READ]


def test_a_reaction_gets_no_reply(client, graph, rasa):
    post_webhook(client, "whatsapp", fixture("whatsapp/reaction.json"))
    assert drain(client.application) == ["ignored"] and graph.messages() == [] and rasa.calls == []


def test_reply_to_a_username_only_sender_goes_to_the_business_scoped_user_id(client, graph):
    post_webhook(client, "whatsapp", fixture("whatsapp/bsuid_only.json"))
    drain(client.application)
    [sent] = graph.messages()
    assert sent.body["recipient"] == "US.13491208655302741918" and "to" not in sent.body


def test_every_message_of_a_batch_is_answered(client, graph, rasa):
    response = post_webhook(client, "whatsapp", fixture("whatsapp/batched.json"))
    assert response.json["stored"] == 3
    assert drain(client.application) == ["answered"] * 3
    assert [call[1] for call in rasa.calls] == ["first", "second", "third"]
    assert sorted(m.body["to"] for m in graph.messages()) == ["16505551234", "16505551234", "447700900123"]


def test_statuses_are_logged_not_forwarded(client, rasa, caplog):
    with caplog.at_level(logging.INFO, logger="api.webhooks"):
        assert post_webhook(client, "whatsapp", fixture("whatsapp/statuses.json")).json["received"] == 0
        post_webhook(client, "whatsapp", fixture("whatsapp/status_failed_131047.json"))
    assert drain(client.application) == [] and rasa.calls == []
    assert "131047" in caplog.text and "24-hour window" in caplog.text
    assert "16505551234" not in caplog.text


def test_message_waits_while_rasa_is_down_and_is_answered_when_it_is_back(client, graph, rasa):
    rasa.down = True
    post_webhook(client, "whatsapp", fixture("whatsapp/text.json"))
    assert drain(client.application) == ["waiting_for_rasa"]
    assert graph.messages() == [] and client.application.extensions["inbox"].pending() == 1
    rasa.down = False
    time.sleep(0.3)
    assert drain(client.application) == ["answered"]
    assert len(graph.messages()) == 1 and len(rasa.calls) == 1


def test_graph_429_then_200_sends_the_message_once(client, graph):
    graph.fail_next(1, "429", retry_after="0")
    post_webhook(client, "whatsapp", fixture("whatsapp/text.json"))
    assert drain(client.application) == ["answered"]
    assert len(graph.messages()) == 1 and [r.answered for r in graph.requests if r.is_message] == [429, 200]


def test_throttled_send_is_postponed_and_earlier_replies_are_not_sent_twice(client, graph, rasa):
    rasa.answers["two replies please"] = [{"text": "First reply."}, {"text": "Second reply."}]
    payload = fixture("whatsapp/text.json")
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "two replies please"
    post_webhook(client, "whatsapp", payload)
    graph.fail_next(2, "429", retry_after="0.01", after=1)
    assert drain(client.application) == ["send_postponed"]
    assert [m.body["text"]["body"] for m in graph.messages()] == ["First reply."]
    time.sleep(0.1)
    assert drain(client.application) == ["answered"]
    assert [m.body["text"]["body"] for m in graph.messages()] == ["First reply.", "Second reply."]
    assert len(rasa.calls) == 1


def test_outside_the_24_hour_window_is_logged_and_not_retried(client, graph, rasa, caplog):
    graph.fail_next(1, "131047")
    post_webhook(client, "whatsapp", fixture("whatsapp/text.json"))
    with caplog.at_level(logging.WARNING):
        assert drain(client.application) == ["refused:131047"]
    assert drain(client.application) == []
    assert len([r for r in graph.requests if r.is_message]) == 1
    assert "24 hours" in caplog.text and "16505551234" not in caplog.text


def test_restarted_bridge_answers_what_the_previous_one_stored(tmp_path, graph, rasa):
    first = make_app(tmp_path, graph, rasa)
    post_webhook(first.test_client(), "whatsapp", fixture("whatsapp/batched.json"))
    first.extensions["inbox"].close()
    second = make_app(tmp_path, graph, rasa)
    assert drain(second) == ["answered"] * 3
    assert [call[1] for call in rasa.calls] == ["first", "second", "third"]
    second.extensions["inbox"].close()


def test_worker_threads_answer_without_help_and_stop_cleanly(tmp_path, graph, rasa):
    app = make_app(tmp_path, graph, rasa, start_workers=True, workers=2)
    post_webhook(app.test_client(), "whatsapp", fixture("whatsapp/text.json"))
    assert len(graph.wait_for_messages(1, timeout=10)) == 1
    app.extensions["workers"].stop()
    assert not app.extensions["workers"].running
    app.extensions["inbox"].close()


def test_rate_limited_sender_gets_one_notice_and_rasa_is_spared(tmp_path, graph, rasa):
    app = make_app(tmp_path, graph, rasa, rate_limit_per_minute=2)
    client = app.test_client()
    for n in range(5):
        payload = fixture("whatsapp/text.json")
        message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
        message["id"], message["text"]["body"] = f"wamid.rate{n}", f"message {n}"
        post_webhook(client, "whatsapp", payload)
    assert drain(app) == ["answered", "answered", "answered", "rate_limited", "rate_limited"]
    assert len(rasa.calls) == 2
    assert [m.body["text"]["body"] for m in graph.messages()][-1].startswith("You're sending messages faster")
    app.extensions["inbox"].close()


def test_disabled_channel_has_no_webhook(tmp_path, graph, rasa):
    from api.config import WhatsAppSettings

    app = make_app(tmp_path, graph, rasa, whatsapp=WhatsAppSettings())
    assert app.test_client().get("/webhooks/whatsapp?hub.mode=subscribe").status_code == 404
    app.extensions["inbox"].close()
