"""Render replies as Messenger Send API messages within the documented limits."""

from __future__ import annotations

from api.replies import Button, ProductCard, Reply
from api.text_limits import clip, split_text

TEXT_MAX = 2000
BUTTON_TEMPLATE_TEXT_MAX, TEMPLATE_BUTTONS_MAX = 640, 3
QUICK_REPLIES_MAX, QUICK_REPLY_TITLE_MAX = 13, 20
BUTTON_TITLE_MAX, PAYLOAD_MAX = 20, 1000
GENERIC_ELEMENTS_MAX, ELEMENT_TITLE_MAX, ELEMENT_SUBTITLE_MAX = 10, 80, 80


def render_messenger(replies: list[Reply]) -> list[dict]:
    """`message` objects for `POST /me/messages` (without the recipient fields)."""
    out: list[dict] = []
    for reply in replies:
        if reply.products:
            out += [{"text": chunk} for chunk in split_text(reply.text, TEXT_MAX)]
            out.append(_carousel(reply.products))
        elif reply.buttons:
            out += _choices(reply.text, reply.buttons)
        elif reply.text:
            out += [{"text": chunk} for chunk in split_text(reply.text, TEXT_MAX)]
        if reply.image_url:
            out.append({"attachment": {"type": "image", "payload": {"url": reply.image_url, "is_reusable": True}}})
    return out


def _choices(text: str, buttons: tuple[Button, ...]) -> list[dict]:
    """A button template for up to 3 choices with short text, quick replies (up to 13) otherwise."""
    text = text or "Please choose:"
    if len(buttons) <= TEMPLATE_BUTTONS_MAX and len(text) <= BUTTON_TEMPLATE_TEXT_MAX:
        return [{"attachment": {"type": "template", "payload": {
            "template_type": "button", "text": text,
            "buttons": [{"type": "postback", "title": clip(b.title, BUTTON_TITLE_MAX), "payload": _payload(b)}
                        for b in buttons],
        }}}]
    chunks = split_text(text, TEXT_MAX)
    out: list[dict] = [{"text": chunk} for chunk in chunks[:-1]]
    out.append({"text": chunks[-1], "quick_replies": [
        {"content_type": "text", "title": clip(b.title, QUICK_REPLY_TITLE_MAX), "payload": _payload(b)}
        for b in buttons[:QUICK_REPLIES_MAX]
    ]})
    return out


def _payload(button: Button) -> str:
    return button.payload if 0 < len(button.payload) <= PAYLOAD_MAX else clip(button.title, PAYLOAD_MAX)


def _carousel(products: tuple[ProductCard, ...]) -> dict:
    return {"attachment": {"type": "template", "payload": {
        "template_type": "generic", "elements": [_element(p) for p in products[:GENERIC_ELEMENTS_MAX]],
    }}}


def _element(product: ProductCard) -> dict:
    element: dict = {"title": clip(product.title, ELEMENT_TITLE_MAX),
                     "subtitle": clip(product.summary, ELEMENT_SUBTITLE_MAX)}
    buttons = [{"type": "postback", "title": "Ask about this",
                "payload": product.payload if len(product.payload) <= PAYLOAD_MAX else clip(product.title, 80)}]
    if product.image_url:
        element["image_url"] = product.image_url
    if product.product_url:
        element["default_action"] = {"type": "web_url", "url": product.product_url}
        buttons.append({"type": "web_url", "url": product.product_url, "title": "View"})
    element["buttons"] = buttons
    return element
