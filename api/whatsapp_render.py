"""Render replies as WhatsApp Cloud API messages within the documented limits."""

from __future__ import annotations

from api.replies import Button, ProductCard, Reply
from api.text_limits import clip, split_text

TEXT_MAX = 4096
CAPTION_MAX = 1024
INTERACTIVE_BODY_MAX = 1024
REPLY_BUTTONS_MAX, BUTTON_TITLE_MAX, BUTTON_ID_MAX = 3, 20, 256
LIST_ROWS_MAX, ROW_TITLE_MAX, ROW_DESCRIPTION_MAX, ROW_ID_MAX = 10, 24, 72, 200
LIST_BUTTON_MAX, SECTION_TITLE_MAX, HEADER_TEXT_MAX = 20, 24, 60
PRODUCT_LIST_MAX = 30
IMAGE_CARDS_MAX = 3


def render_whatsapp(replies: list[Reply], catalog_id: str = "") -> list[dict]:
    """Message objects for `POST /{phone-number-id}/messages` (without the recipient fields)."""
    out: list[dict] = []
    for reply in replies:
        if reply.products:
            out += _products(reply, catalog_id)
        elif reply.buttons:
            out += _choices(reply.text, reply.buttons)
        elif reply.text:
            out += [_text(chunk) for chunk in split_text(reply.text, TEXT_MAX)]
        if reply.image_url:
            out.append({"type": "image", "image": {"link": reply.image_url}})
    return out


def _text(body: str) -> dict:
    return {"type": "text", "text": {"body": body, "preview_url": False}}


def _choices(text: str, buttons: tuple[Button, ...], list_label: str = "Choose") -> list[dict]:
    """Reply buttons for up to 3 choices, list messages of up to 10 rows beyond that."""
    out: list[dict] = []
    chunks = split_text(text, INTERACTIVE_BODY_MAX) or ["Please choose:"]
    out += [_text(chunk) for chunk in chunks[:-1]]
    body = chunks[-1]
    if len(buttons) <= REPLY_BUTTONS_MAX:
        out.append({"type": "interactive", "interactive": {
            "type": "button", "body": {"text": body},
            "action": {"buttons": [{"type": "reply", "reply": {"id": _id(b, BUTTON_ID_MAX),
                                                                "title": clip(b.title, BUTTON_TITLE_MAX)}}
                                   for b in buttons]},
        }})
        return out
    for start in range(0, len(buttons), LIST_ROWS_MAX):
        rows = [{"id": _id(b, ROW_ID_MAX), "title": clip(b.title, ROW_TITLE_MAX)}
                for b in buttons[start:start + LIST_ROWS_MAX]]
        out.append(_list(body if start == 0 else "More options:", list_label, "Options", rows))
    return out


def _list(body: str, label: str, section: str, rows: list[dict]) -> dict:
    return {"type": "interactive", "interactive": {
        "type": "list", "body": {"text": clip(body, INTERACTIVE_BODY_MAX)},
        "action": {"button": clip(label, LIST_BUTTON_MAX),
                   "sections": [{"title": clip(section, SECTION_TITLE_MAX), "rows": rows}]},
    }}


def _id(button: Button, limit: int) -> str:
    """The payload when it fits the id field, else the title (Rasa's NLU reads it instead)."""
    return button.payload if 0 < len(button.payload) <= limit else clip(button.title, limit)


def _products(reply: Reply, catalog_id: str) -> list[dict]:
    """A catalog product list when a catalog is configured, else image cards and a list to ask about one."""
    products = reply.products
    intro = reply.text or "Here is what I found:"
    if catalog_id:
        header = clip("Products", HEADER_TEXT_MAX)
        items = [{"product_retailer_id": p.id} for p in products[:PRODUCT_LIST_MAX]]
        return [{"type": "interactive", "interactive": {
            "type": "product_list", "header": {"type": "text", "text": header},
            "body": {"text": clip(intro, INTERACTIVE_BODY_MAX)},
            "action": {"catalog_id": catalog_id, "sections": [{"title": clip("Results", SECTION_TITLE_MAX),
                                                                "product_items": items}]},
        }}]
    out = [_text(chunk) for chunk in split_text(intro, TEXT_MAX)]
    for product in products[:IMAGE_CARDS_MAX]:
        out.append(_card(product))
    rows = [{"id": p.payload if len(p.payload) <= ROW_ID_MAX else clip(p.title, ROW_ID_MAX),
             "title": clip(p.title, ROW_TITLE_MAX), "description": clip(p.summary, ROW_DESCRIPTION_MAX)}
            for p in products[:LIST_ROWS_MAX]]
    out.append(_list("Tap to ask about one of these products.", "See products", "Products", rows))
    return out


def _card(product: ProductCard) -> dict:
    caption = clip("\n".join(filter(None, [product.title, product.summary, product.product_url])), CAPTION_MAX)
    if product.image_url:
        return {"type": "image", "image": {"link": product.image_url, "caption": caption}}
    return _text(caption)
