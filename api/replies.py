"""Rasa's REST replies read once into channel-neutral pieces: text, buttons, image, product cards, handoff."""

from __future__ import annotations

from dataclasses import dataclass

from api.inbound import as_dict, as_list, as_str


@dataclass(frozen=True, slots=True)
class Button:
    """A choice the shopper can tap; `payload` goes back to Rasa."""

    title: str
    payload: str


@dataclass(frozen=True, slots=True)
class ProductCard:
    """One product of a `product_carousel` custom payload (see actions/cards.py)."""

    id: str
    title: str
    price: str
    in_stock: bool
    image_url: str | None
    product_url: str | None
    payload: str

    @property
    def summary(self) -> str:
        """Price and availability in one short line."""
        return f"{self.price} · {'in stock' if self.in_stock else 'out of stock'}"


@dataclass(frozen=True, slots=True)
class Reply:
    """One message of the assistant, whatever the channel."""

    text: str = ""
    buttons: tuple[Button, ...] = ()
    image_url: str | None = None
    products: tuple[ProductCard, ...] = ()
    handoff_reason: str | None = None


def read_replies(messages: list[dict]) -> list[Reply]:
    """Rasa's reply dicts as `Reply` values; unknown custom payloads keep only their text."""
    replies = []
    for raw in messages:
        raw = as_dict(raw)
        custom = as_dict(raw.get("custom"))
        buttons = tuple(
            Button(title=as_str(b.get("title")) or as_str(b.get("payload")) or "",
                   payload=as_str(b.get("payload")) or as_str(b.get("title")) or "")
            for b in map(as_dict, as_list(raw.get("buttons")))
            if as_str(b.get("title")) or as_str(b.get("payload"))
        )
        reply = Reply(
            text=as_str(raw.get("text")) or as_str(custom.get("text")) or "",
            buttons=buttons,
            image_url=as_str(raw.get("image")),
            products=_products(custom) if custom.get("type") == "product_carousel" else (),
            handoff_reason=(as_str(custom.get("reason")) or "requested") if custom.get("type") == "handoff" else None,
        )
        if reply.text or reply.buttons or reply.image_url or reply.products or reply.handoff_reason:
            replies.append(reply)
    return replies


def _products(custom: dict) -> tuple[ProductCard, ...]:
    cards = []
    for raw in map(as_dict, as_list(custom.get("products"))):
        product_id, title = as_str(raw.get("id")), as_str(raw.get("title"))
        if not product_id or not title:
            continue
        cards.append(ProductCard(
            id=product_id, title=title, price=as_str(raw.get("price")) or "", in_stock=bool(raw.get("in_stock")),
            image_url=as_str(raw.get("image_url")), product_url=as_str(raw.get("product_url")),
            payload=as_str(raw.get("payload")) or title,
        ))
    return tuple(cards)
