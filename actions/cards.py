"""Channel-neutral product cards: the `custom` payload every channel renders natively."""

from __future__ import annotations

import json

from assistant.catalog.model import Product


def format_price(product: Product) -> str:
    """The lowest current price with its currency, e.g. '$52.00' or '52.00 EUR'."""
    price = product.price
    if price is None:
        return "price on request"
    return f"${price:.2f}" if product.currency == "USD" else f"{price:.2f} {product.currency}"


def product_card(product: Product) -> dict:
    """One card: what a shopper needs to recognize the product and ask about it."""
    return {
        "id": product.id,
        "title": product.title,
        "price": format_price(product),
        "in_stock": product.in_stock,
        "image_url": product.image_url,
        "product_url": product.product_url,
        "payload": "/product_question" + json.dumps({"product_id": product.id}, separators=(",", ":")),
    }


def product_carousel(products: list[Product]) -> dict:
    """The custom payload for a list of products."""
    return {"type": "product_carousel", "products": [product_card(p) for p in products]}


def product_lines(products: list[Product]) -> str:
    """Plain-text list of the products, for channels and shells without cards."""
    return "\n".join(f"{n}. {p.title}: {format_price(p)}" for n, p in enumerate(products, start=1))
