"""Messenger webhook to Send API call through the real Flask app, the SQLite inbox and the fake Graph API."""

from __future__ import annotations

import json

import pytest

from api.processing import CANNOT_READ
from tests.channel_harness import FB_TOKEN, drain, fixture, make_app, post_webhook
from tests.fakes.graph_server import FakeGraph
from tests.fakes.rasa_stub import StubRasa
from tests.test_api_inbound import MESSENGER_CASES

PSID = "6843928398322617"
CAROUSEL = [{"text": "Here is what I found:"}, {"custom": {"type": "product_carousel", "products": [
    {"id": "MJ01", "title": "Beaumont Summit Kit", "price": "$42.00", "in_stock": True,
     "image_url": "https://shop.example/mj01.jpg", "product_url": "https://shop.example/p/mj01",
     "payload": '/product_question{"product_id":"MJ01"}'}]}}]


@pytest.fixture
def graph():
    with FakeGraph(token=FB_TOKEN) as fake:
        yield fake


@pytest.fixture
def rasa():
    return StubRasa({"Do you have running shoes?": CAROUSEL})


@pytest.fixture
def client(tmp_path, graph, rasa):
    app = make_app(tmp_path, graph, rasa)
    yield app.test_client()
    app.extensions["inbox"].close()


def test_verification_handshake_echoes_the_challenge(client):
    response = client.get("/webhooks/messenger?hub.mode=subscribe&hub.verify_token=fb-verify&hub.challenge=CHALLENGE")
    assert response.status_code == 200 and response.data == b"CHALLENGE"


def test_whatsapp_secret_does_not_sign_messenger_webhooks(client, rasa):
    response = post_webhook(client, "messenger", fixture("messenger/text.json"), secret="wa-app-secret")
    assert response.status_code == 403


def test_product_question_is_answered_with_a_generic_template(client, graph, rasa):
    assert post_webhook(client, "messenger", fixture("messenger/text.json")).status_code == 200
    assert drain(client.application) == ["answered"]
    assert rasa.calls[0][:2] == (f"messenger:{PSID}", "Do you have running shoes?")
    text, carousel = graph.messages()
    assert text.path == "/v21.0/me/messages" and text.token == FB_TOKEN
    assert text.body == {"recipient": {"id": PSID}, "messaging_type": "RESPONSE",
                         "message": {"text": "Here is what I found:"}}
    [element] = carousel.body["message"]["attachment"]["payload"]["elements"]
    assert element["title"] == "Beaumont Summit Kit" and element["subtitle"] == "$42.00 · in stock"
    assert [a.body["sender_action"] for a in graph.acknowledgements()] == ["mark_seen", "typing_on"]


def test_postback_payload_goes_to_rasa_as_is(client, rasa):
    post_webhook(client, "messenger", fixture("messenger/postback.json"))
    drain(client.application)
    assert json.loads(rasa.calls[0][1].removeprefix("/product_question")) == {"product_id": "MJ01"}


@pytest.mark.parametrize("name", [n for n, (_, _, readable) in MESSENGER_CASES.items() if not readable])
def test_attachments_get_the_polite_reply(client, graph, rasa, name):
    post_webhook(client, "messenger", fixture(f"messenger/{name}.json"))
    drain(client.application)
    assert rasa.calls == [] and [m.body["message"]["text"] for m in graph.messages()] == [CANNOT_READ]


@pytest.mark.parametrize("name", ["echo", "delivery", "read"])
def test_echoes_deliveries_and_reads_are_acknowledged_and_dropped(client, graph, rasa, name):
    response = post_webhook(client, "messenger", fixture(f"messenger/{name}.json"))
    assert response.status_code == 200 and response.json["received"] == 0
    assert drain(client.application) == [] and graph.requests == []


def test_batched_entries_are_all_answered(client, graph, rasa):
    post_webhook(client, "messenger", fixture("messenger/batched.json"))
    assert drain(client.application) == ["answered", "answered"]
    assert sorted(m.body["recipient"]["id"] for m in graph.messages()) == ["5923154177792213", PSID]


def test_outside_the_messaging_window_is_refused_once(client, graph):
    graph.fail_next(1, "outside_window")
    post_webhook(client, "messenger", fixture("messenger/quick_reply.json"))
    assert drain(client.application) == ["refused:10"]
    assert len([r for r in graph.requests if r.is_message]) == 1


def test_rate_limit_613_then_success_sends_once(client, graph):
    graph.fail_next(1, "613", retry_after="0")
    post_webhook(client, "messenger", fixture("messenger/quick_reply.json"))
    assert drain(client.application) == ["answered"] and len(graph.messages()) == 1
