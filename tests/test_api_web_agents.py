"""The web chat page and `/chat`, and the agents' handoff endpoints with their bearer token."""

from __future__ import annotations

import pytest

from tests.channel_harness import AGENT_TOKEN, drain, fixture, make_app, post_webhook
from tests.fakes.graph_server import FakeGraph
from tests.fakes.rasa_stub import StubRasa

AUTH = {"Authorization": f"Bearer {AGENT_TOKEN}"}
HANDOFF = [{"text": "I'm handing you over to a colleague."}, {"custom": {"type": "handoff", "reason": "human_handoff"}}]


@pytest.fixture
def graph():
    with FakeGraph() as fake:
        yield fake


@pytest.fixture
def rasa():
    return StubRasa({"I want a person": HANDOFF})


@pytest.fixture
def app(tmp_path, graph, rasa):
    made = make_app(tmp_path, graph, rasa)
    yield made
    made.extensions["inbox"].close()


def whatsapp_text(text: str, n: int) -> dict:
    payload = fixture("whatsapp/text.json")
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message["id"], message["text"]["body"] = f"wamid.handoff{n}", text
    return payload


def test_chat_page_is_served_at_the_root(app):
    response = app.test_client().get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert b"chat.js" in response.data
    script = app.test_client().get("/static/chat.js")
    assert script.status_code == 200 and b"/chat" in script.data


def test_chat_endpoint_keeps_its_contract(app, rasa):
    response = app.test_client().post("/chat", json={"sender": "s1", "message": "hello"})
    assert response.json == {"replies": [{"recipient_id": "web:s1", "text": "echo: hello"}]}
    assert rasa.calls[0][:2] == ("web:s1", "hello")


def test_chat_endpoint_rate_limits_a_flooding_sender(tmp_path, graph, rasa):
    app = make_app(tmp_path, graph, rasa, rate_limit_per_minute=2)
    codes = [app.test_client().post("/chat", json={"sender": "s", "message": "x"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    app.extensions["inbox"].close()


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": AGENT_TOKEN}])
def test_agent_endpoints_need_the_bearer_token(app, headers):
    response = app.test_client().get("/agent/handoffs", headers=headers)
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"


def test_agent_endpoints_are_off_without_a_configured_token(tmp_path, graph, rasa):
    app = make_app(tmp_path, graph, rasa, agent_token="")
    assert app.test_client().get("/agent/handoffs", headers=AUTH).status_code == 404
    app.extensions["inbox"].close()


def test_handoff_pauses_the_bot_until_an_agent_releases_it(app, graph, rasa):
    client = app.test_client()
    post_webhook(client, "whatsapp", whatsapp_text("I want a person", 1))
    assert drain(app) == ["answered"]
    assert [m.body["text"]["body"] for m in graph.messages()] == ["I'm handing you over to a colleague."]
    listed = client.get("/agent/handoffs", headers=AUTH).json["handoffs"]
    assert [(h["conversation"], h["channel"], h["reason"]) for h in listed] == [
        ("whatsapp:16505551234", "whatsapp", "human_handoff")]

    post_webhook(client, "whatsapp", whatsapp_text("hello? anyone?", 2))
    assert drain(app) == ["handoff"]
    assert len(rasa.calls) == 1 and len(graph.messages()) == 1

    released = client.post("/agent/handoffs/whatsapp:16505551234/release", headers=AUTH)
    assert released.status_code == 200 and released.json["paused"] is False
    assert client.get("/agent/handoffs", headers=AUTH).json["handoffs"] == []
    post_webhook(client, "whatsapp", whatsapp_text("thanks", 3))
    assert drain(app) == ["answered"] and rasa.calls[-1][1] == "thanks"


def test_agent_can_take_over_and_unknown_release_is_not_found(app):
    client = app.test_client()
    opened = client.post("/agent/handoffs", json={"conversation": "messenger:42"}, headers=AUTH)
    assert opened.status_code == 201 and app.extensions["inbox"].in_handoff("messenger:42")
    assert client.post("/agent/handoffs", json={"conversation": 5}, headers=AUTH).status_code == 400
    assert client.post("/agent/handoffs/messenger:99/release", headers=AUTH).status_code == 404
