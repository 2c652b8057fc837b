"""A shopper's message through the real bridge, Rasa server, action server and FAISS index."""

from __future__ import annotations

import pytest
import requests


pytestmark = pytest.mark.integration



def chat(demo_stack, sender: str, message: str) -> list[dict]:
    response = requests.post(
        f"http://127.0.0.1:{demo_stack.ports.bridge}/chat", json={"sender": sender, "message": message}, timeout=60
    )
    assert response.status_code == 200, response.text
    return response.json()["replies"]


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_product_question_is_answered_with_real_catalog_products(demo_stack):
    replies = chat(demo_stack, "e2e-shoes", "do you have running shoes?")
    cards = [r["custom"] for r in replies if r.get("custom", {}).get("type") == "product_carousel"]
    assert cards, replies
    titles = [p["title"] for p in cards[0]["products"]]
    assert titles and all(title in texts(replies) for title in titles)
    assert any("Running" in title for title in titles)
    assert all(p["price"].startswith("$") for p in cards[0]["products"])


def test_greeting_gets_the_greeting_response(demo_stack):
    assert "find products" in texts(chat(demo_stack, "e2e-hi", "hi there"))


def test_health_reports_rasa_ready(demo_stack):
    health = requests.get(f"http://127.0.0.1:{demo_stack.ports.bridge}/healthz", timeout=5).json()
    assert health == {"status": "ok", "rasa": "ready"}


@pytest.mark.parametrize("body", [b"not json", b'{"sender": "x"}', b'{"sender": "", "message": "hi"}', b"[1, 2]"])
def test_malformed_chat_request_is_a_client_error(demo_stack, body):
    response = requests.post(
        f"http://127.0.0.1:{demo_stack.ports.bridge}/chat", data=body, headers={"content-type": "application/json"}, timeout=10
    )
    assert response.status_code == 400 and "error" in response.json()


def test_order_status_after_proving_ownership(demo_stack):
    asked = texts(chat(demo_stack, "e2e-order", "where is my order 100102?"))
    assert "email address or the delivery postcode" in asked
    status = texts(chat(demo_stack, "e2e-order", "alice.martin@example.com"))
    assert "#100102" in status and "FedEx" in status and "Track it:" in status


def test_stranger_learns_nothing_about_someone_elses_order(demo_stack):
    chat(demo_stack, "e2e-stranger", "where is my order 100102?")
    reply = texts(chat(demo_stack, "e2e-stranger", "mallory@example.com"))
    assert "couldn't match that order number" in reply and "FedEx" not in reply and "#100102 (" not in reply
