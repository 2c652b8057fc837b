"""Rasa's replies rendered natively per channel, inside each documented limit."""

from __future__ import annotations

import json

from api.messenger_render import render_messenger
from api.replies import read_replies
from api.whatsapp_render import render_whatsapp


def carousel(count: int, long_title: bool = False) -> dict:
    title = "Ultraboost Lightweight Running Shoe for Long Distances " * (3 if long_title else 1)
    return {"custom": {"type": "product_carousel", "products": [
        {"id": f"P{n}", "title": f"{title.strip()} {n}", "price": "$52.00", "in_stock": n % 2 == 0,
         "image_url": f"https://shop.example/img/{n}.jpg", "product_url": f"https://shop.example/p/{n}",
         "payload": "/product_question" + json.dumps({"product_id": f"P{n}"}, separators=(",", ":"))}
        for n in range(count)]}}


def buttons(count: int) -> dict:
    return {"text": "What would you like to do?",
            "buttons": [{"title": f"Option number {n} with a long title", "payload": f"/choice{{\"n\":{n}}}"}
                        for n in range(count)]}


def test_whatsapp_text_is_split_under_4096_characters():
    messages = render_whatsapp(read_replies([{"text": "This is a sentence. " * 500}]))
    assert len(messages) == 3 and all(m["type"] == "text" for m in messages)
    assert all(len(m["text"]["body"]) <= 4096 for m in messages)


def test_whatsapp_up_to_three_buttons_become_reply_buttons():
    [message] = render_whatsapp(read_replies([buttons(3)]))
    interactive = message["interactive"]
    assert interactive["type"] == "button"
    reply_buttons = interactive["action"]["buttons"]
    assert [b["reply"]["id"] for b in reply_buttons] == ['/choice{"n":0}', '/choice{"n":1}', '/choice{"n":2}']
    assert all(len(b["reply"]["title"]) <= 20 for b in reply_buttons)


def test_whatsapp_more_buttons_become_lists_of_at_most_ten_rows():
    messages = render_whatsapp(read_replies([buttons(12)]))
    assert [m["interactive"]["type"] for m in messages] == ["list", "list"]
    rows = [row for m in messages for row in m["interactive"]["action"]["sections"][0]["rows"]]
    assert len(rows) == 12 and all(len(r["title"]) <= 24 for r in rows)
    assert all(len(m["interactive"]["action"]["sections"][0]["rows"]) <= 10 for m in messages)
    assert all(len(m["interactive"]["action"]["button"]) <= 20 for m in messages)


def test_whatsapp_products_without_catalog_are_image_cards_and_a_list():
    messages = render_whatsapp(read_replies([{"text": "Here are some shoes:", **carousel(12, long_title=True)}]))
    assert messages[0] == {"type": "text", "text": {"body": "Here are some shoes:", "preview_url": False}}
    images = [m for m in messages if m["type"] == "image"]
    assert len(images) == 3 and all(len(m["image"]["caption"]) <= 1024 for m in images)
    assert images[0]["image"]["link"] == "https://shop.example/img/0.jpg"
    rows = messages[-1]["interactive"]["action"]["sections"][0]["rows"]
    assert len(rows) == 10 and rows[0]["id"] == '/product_question{"product_id":"P0"}'
    assert all(len(r["title"]) <= 24 and len(r["description"]) <= 72 for r in rows)


def test_whatsapp_products_with_a_catalog_are_a_product_list_message():
    [message] = render_whatsapp(read_replies([carousel(40)]), catalog_id="194836987003835")
    interactive = message["interactive"]
    assert interactive["type"] == "product_list"
    assert interactive["action"]["catalog_id"] == "194836987003835"
    items = interactive["action"]["sections"][0]["product_items"]
    assert len(items) == 30 and items[0] == {"product_retailer_id": "P0"}


def test_messenger_three_buttons_with_short_text_are_a_button_template():
    [message] = render_messenger(read_replies([buttons(3)]))
    payload = message["attachment"]["payload"]
    assert payload["template_type"] == "button" and len(payload["buttons"]) == 3
    assert payload["buttons"][0] == {"type": "postback", "title": "Option number 0 wit…", "payload": '/choice{"n":0}'}


def test_messenger_many_buttons_become_at_most_thirteen_quick_replies():
    [message] = render_messenger(read_replies([buttons(20)]))
    assert message["text"] == "What would you like to do?"
    assert len(message["quick_replies"]) == 13
    assert all(len(q["title"]) <= 20 and q["content_type"] == "text" for q in message["quick_replies"])


def test_messenger_products_are_a_generic_template_of_at_most_ten_elements():
    messages = render_messenger(read_replies([{"text": "Found these:", **carousel(12, long_title=True)}]))
    assert messages[0] == {"text": "Found these:"}
    elements = messages[1]["attachment"]["payload"]["elements"]
    assert messages[1]["attachment"]["payload"]["template_type"] == "generic"
    assert len(elements) == 10
    assert all(len(e["title"]) <= 80 and len(e["subtitle"]) <= 80 and len(e["buttons"]) <= 3 for e in elements)
    assert elements[0]["buttons"][0]["payload"] == '/product_question{"product_id":"P0"}'
    assert elements[0]["default_action"] == {"type": "web_url", "url": "https://shop.example/p/0"}
    assert elements[1]["subtitle"] == "$52.00 · out of stock"


def test_messenger_text_is_split_under_2000_characters():
    messages = render_messenger(read_replies([{"text": "Another sentence here. " * 200}]))
    assert len(messages) == 3 and all(len(m["text"]) <= 2000 for m in messages)


def test_handoff_payload_is_read_and_unknown_custom_payloads_are_dropped():
    replies = read_replies([{"custom": {"type": "handoff", "reason": "asked for a person"}},
                            {"custom": {"type": "something_else"}}, {"text": "ok"}])
    assert [r.handoff_reason for r in replies] == ["asked for a person", None]
    assert render_whatsapp(replies) == [{"type": "text", "text": {"body": "ok", "preview_url": False}}]
