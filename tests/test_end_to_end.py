"""A shopper's message through the real bridge, Rasa server, action server and FAISS index."""

from __future__ import annotations

import pytest
import requests

from tests.integration_stack import import_catalog, start_stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    import_catalog(data_dir)
    running = start_stack(data_dir, tmp_path_factory.mktemp("logs"))
    yield running
    running.stop()


def chat(stack, sender: str, message: str) -> list[dict]:
    response = requests.post(
        f"http://127.0.0.1:{stack.ports.bridge}/chat", json={"sender": sender, "message": message}, timeout=60
    )
    assert response.status_code == 200, response.text
    return response.json()["replies"]


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_product_question_is_answered_with_real_catalog_products(stack):
    replies = chat(stack, "e2e-shoes", "do you have running shoes?")
    cards = [r["custom"] for r in replies if r.get("custom", {}).get("type") == "product_carousel"]
    assert cards, replies
    titles = [p["title"] for p in cards[0]["products"]]
    assert titles and all(title in texts(replies) for title in titles)
    assert any("Running" in title for title in titles)
    assert all(p["price"].startswith("$") for p in cards[0]["products"])


def test_greeting_gets_the_greeting_response(stack):
    assert "find products" in texts(chat(stack, "e2e-hi", "hi there"))


def test_health_reports_rasa_ready(stack):
    health = requests.get(f"http://127.0.0.1:{stack.ports.bridge}/healthz", timeout=5).json()
    assert health == {"status": "ok", "rasa": "ready"}


@pytest.mark.parametrize("body", [b"not json", b'{"sender": "x"}', b'{"sender": "", "message": "hi"}', b"[1, 2]"])
def test_malformed_chat_request_is_a_client_error(stack, body):
    response = requests.post(
        f"http://127.0.0.1:{stack.ports.bridge}/chat", data=body, headers={"content-type": "application/json"}, timeout=10
    )
    assert response.status_code == 400 and "error" in response.json()


def test_order_status_after_proving_ownership(stack):
    asked = texts(chat(stack, "e2e-order", "where is my order 100102?"))
    assert "email address or the delivery postcode" in asked
    status = texts(chat(stack, "e2e-order", "alice.martin@example.com"))
    assert "#100102" in status and "FedEx" in status and "Track it:" in status


def test_stranger_learns_nothing_about_someone_elses_order(stack):
    chat(stack, "e2e-stranger", "where is my order 100102?")
    reply = texts(chat(stack, "e2e-stranger", "mallory@example.com"))
    assert "couldn't match that order number" in reply and "FedEx" not in reply and "#100102 (" not in reply
