"""Render replies as WeChat customer service messages: text, numbered choices, one-article news cards."""

from __future__ import annotations

from api.replies import Button, ProductCard, Reply
from api.text_limits import clip, split_text

#: Content is limited to 2048 bytes; CJK characters take 3 bytes in UTF-8.
TEXT_MAX = 680
#: Since 2018 a news message carries exactly one article (errcode 45008 otherwise).
ARTICLES_PER_NEWS = 1
NEWS_CARDS_MAX = 3
CHOICES_MAX = 10
TITLE_MAX, DESCRIPTION_MAX = 64, 120
#: Key of the private list of choice payloads the sender stores before sending (never sent to WeChat).
CHOICES_KEY = "_choices"


def render_wechat(replies: list[Reply]) -> list[dict]:
    """Message bodies for `POST /cgi-bin/message/custom/send` (without `touser`)."""
    out: list[dict] = []
    for reply in replies:
        if reply.products:
            out += [_text(chunk) for chunk in split_text(reply.text, TEXT_MAX)]
            out += [_news(p) for p in reply.products[:NEWS_CARDS_MAX]]
            buttons = tuple(Button(p.title, p.payload) for p in reply.products[:CHOICES_MAX])
            out.append(_choices("Reply with a number to ask about one of these:", buttons))
        elif reply.buttons:
            chunks = split_text(reply.text, TEXT_MAX)
            out += [_text(chunk) for chunk in chunks[:-1]]
            out.append(_choices(chunks[-1] if chunks else "Please choose:", reply.buttons))
        elif reply.text:
            out += [_text(chunk) for chunk in split_text(reply.text, TEXT_MAX)]
        if reply.image_url:
            out.append({"msgtype": "news", "news": {"articles": [{"title": "Image", "url": reply.image_url,
                                                                   "picurl": reply.image_url}]}})
    return out


def _text(content: str) -> dict:
    return {"msgtype": "text", "text": {"content": content}}


def _choices(intro: str, buttons: tuple[Button, ...]) -> dict:
    """The intro and "1. title" lines; the payloads ride along for the sender to remember."""
    shown = buttons[:CHOICES_MAX]
    lines = [f"{n}. {clip(b.title, TITLE_MAX)}" for n, b in enumerate(shown, start=1)]
    body = clip(intro, TEXT_MAX - sum(len(line) + 1 for line in lines) - 1)
    message = _text("\n".join([body, *lines]))
    message[CHOICES_KEY] = [b.payload or b.title for b in shown]
    return message


def _news(product: ProductCard) -> dict:
    article = {"title": clip(product.title, TITLE_MAX), "description": clip(product.summary, DESCRIPTION_MAX)}
    if product.product_url:
        article["url"] = product.product_url
    if product.image_url:
        article["picurl"] = product.image_url
    return {"msgtype": "news", "news": {"articles": [article][:ARTICLES_PER_NEWS]}}
