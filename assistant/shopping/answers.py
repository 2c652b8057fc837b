"""Answers to product questions, built only from catalog fields (never invented)."""

from __future__ import annotations

import re
from enum import Enum

from assistant.catalog.model import Product, Variant


class Aspect(str, Enum):
    """What a product question is about."""

    PRICE = "price"
    STOCK = "stock"
    SIZE = "size"
    COLOR = "color"
    MATERIAL = "material"
    CARE = "care"
    GENERAL = "general"


_CUES: list[tuple[Aspect, re.Pattern]] = [
    (Aspect.CARE, re.compile(r"\b(wash|washing|washable|dry ?clean|dryer|iron|care|clean)\w*", re.I)),
    (Aspect.MATERIAL, re.compile(r"\b(material|made of|made from|fabric|cotton|wool|polyester|leather|what'?s it made)\b", re.I)),
    (Aspect.STOCK, re.compile(r"\b(in stock|stock|available|availability|sold out|left|have any)\b", re.I)),
    (Aspect.PRICE, re.compile(r"\b(how much|price|cost|costs|expensive|cheap|\$|dollars|bucks|on sale|discount)\b", re.I)),
    (Aspect.COLOR, re.compile(r"\b(colou?rs?|shades?)\b", re.I)),
    (Aspect.SIZE, re.compile(r"\b(sizes?|fit|fits|sizing)\b", re.I)),
]
_SENTENCE = re.compile(r"(?<=[.!?•])\s+")


def detect_aspect(text: str, size: str | None = None, color: str | None = None) -> Aspect:
    """The aspect a question asks about; a size or colour mentioned means that variant's availability."""
    for aspect, cue in _CUES:
        if cue.search(text):
            if aspect in (Aspect.PRICE, Aspect.STOCK, Aspect.CARE, Aspect.MATERIAL):
                return aspect
            if aspect is Aspect.COLOR and not size:
                return aspect
            if aspect is Aspect.SIZE and not color:
                return aspect
    if size or color:
        return Aspect.STOCK
    return Aspect.GENERAL


def answer(product: Product, aspect: Aspect, size: str | None = None, color: str | None = None) -> str:
    """A reply about one product, from its fields only."""
    if size or color:
        return _variant_answer(product, aspect, size, color)
    return _ANSWERS[aspect](product)


def _money(product: Product, amount) -> str:
    return f"${amount:.2f}" if product.currency == "USD" else f"{amount:.2f} {product.currency}"


def _price(product: Product) -> str:
    prices = sorted({v.effective_price for v in product.variants})
    if not prices:
        return f"I don't have a price for the {product.title}; a colleague can check it for you."
    on_sale = [v for v in product.variants if v.sale_price is not None and v.sale_price < v.price]
    text = (
        f"The {product.title} is {_money(product, prices[0])}."
        if len(prices) == 1
        else f"The {product.title} costs from {_money(product, prices[0])} to {_money(product, prices[-1])}, depending on the option."
    )
    if on_sale:
        text += f" It's on sale (was {_money(product, on_sale[0].price)})."
    return text


def _stock(product: Product) -> str:
    available = [v for v in product.variants if v.in_stock]
    if not available:
        return f"Sorry, the {product.title} is out of stock right now."
    if len(available) == len(product.variants):
        return f"Yes, the {product.title} is in stock" + _options(available) + "."
    return f"The {product.title} is in stock in" + _options(available, lead="") + "."


def _options(variants: list[Variant], lead: str = " in") -> str:
    sizes = _distinct(v.size for v in variants)
    colors = _distinct(v.color for v in variants)
    parts = []
    if sizes:
        parts.append(("sizes " if len(sizes) > 1 else "size ") + ", ".join(sizes))
    if colors:
        parts.append(", ".join(colors))
    return (lead + " " + " and ".join(parts)) if parts else ""


def _sizes(product: Product) -> str:
    sizes = product.sizes
    if not sizes:
        return f"The {product.title} comes in one size."
    in_stock = _distinct(v.size for v in product.variants if v.in_stock)
    text = f"The {product.title} comes in sizes {', '.join(sizes)}."
    missing = [s for s in sizes if s not in in_stock]
    if missing:
        text += f" Sold out right now: {', '.join(missing)}."
    return text


def _colors(product: Product) -> str:
    colors = product.colors
    if not colors:
        return f"The {product.title} comes in one colour only; the product page shows it."
    return f"The {product.title} comes in {', '.join(colors)}."


def _material(product: Product) -> str:
    material = product.attributes.get("material") or product.attributes.get("Material")
    if material:
        return f"The {product.title} is made of {material}."
    found = _sentences_with(product.description, r"\b(cotton|wool|polyester|nylon|spandex|leather|fabric|fleece|mesh|material|made (of|from)|lycra|\d+%)\b")
    if found:
        return f"From the product description of the {product.title}: {found}"
    return f"The product details of the {product.title} don't say what it's made of. I can ask a colleague if you like."


def _care(product: Product) -> str:
    found = _sentences_with(product.description, r"\b(wash|dry|iron|bleach|clean|care)\w*")
    if found:
        return f"Care for the {product.title}: {found}"
    return f"The product details of the {product.title} don't include care instructions. I can ask a colleague if you like."


def _general(product: Product) -> str:
    summary = _SENTENCE.split(product.description.strip())[0] if product.description else ""
    text = f"{product.title}: {_money(product, product.price) if product.price is not None else 'price on request'}."
    if summary:
        text += f" {summary}"
    return text + (" In stock." if product.in_stock else " Out of stock right now.")


_ANSWERS = {
    Aspect.PRICE: _price, Aspect.STOCK: _stock, Aspect.SIZE: _sizes, Aspect.COLOR: _colors,
    Aspect.MATERIAL: _material, Aspect.CARE: _care, Aspect.GENERAL: _general,
}


def _variant_answer(product: Product, aspect: Aspect, size: str | None, color: str | None) -> str:
    wanted = " ".join(filter(None, [color, f"size {size}" if size else None]))
    matching = [
        v for v in product.variants
        if (not size or (v.size or "").lower() == size.lower()) and (not color or (v.color or "").lower() == color.lower())
    ]
    if not matching:
        options = _options(list(product.variants), lead=" It comes in")
        return f"Sorry, the {product.title} doesn't come in {wanted}." + (f"{options}." if options else "")
    available = [v for v in matching if v.in_stock]
    if aspect is Aspect.PRICE:
        return f"The {product.title} in {wanted} is {_money(product, min(v.effective_price for v in matching))}."
    if available:
        return f"Yes, the {product.title} is in stock in {wanted} ({_money(product, min(v.effective_price for v in available))})."
    return f"The {product.title} does come in {wanted}, but it's sold out right now."


def _sentences_with(text: str, pattern: str) -> str:
    cue = re.compile(pattern, re.I)
    return " ".join(s.strip() for s in _SENTENCE.split(text) if cue.search(s))[:400]


def _distinct(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
