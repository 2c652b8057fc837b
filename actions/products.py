"""Product actions: search with remembered constraints, answer product questions, compare."""

from __future__ import annotations

import logging
from dataclasses import replace
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.cards import format_price, product_carousel, product_lines
from actions.conversation import entity_values, first_entity, shopper_text
from assistant.catalog.model import Product
from assistant.index.search import SearchHit
from assistant.shopping.answers import answer, detect_aspect
from assistant.shopping.references import mentioned_position, names_product
from assistant.shopping.request import ProductRequest

log = logging.getLogger(__name__)
RESULTS_SHOWN = 3
NAMED_PRODUCT_MIN_SCORE = 0.03  # fused score of a top hit that a named product must reach
CHEAPER_WORDS = ("cheap", "less expensive", "lower price", "budget", "affordable", "inexpensive")
PRICIER_WORDS = ("expensive", "premium", "higher end", "better quality", "pricier")


def _catalog(action) -> Any:
    return (action._catalog or services.catalog()).get()


def _covers(product: Product, request: ProductRequest) -> bool:
    """Whether a product is the kind of thing asked for (every word of the product type appears in it)."""
    if not request.product_type:
        return True
    haystack = " ".join([product.title, *product.category, *product.tags]).lower()
    return all(word.rstrip("s")[:5] in haystack for word in request.product_type.lower().split() if len(word) > 2)


class ActionSearchProducts(Action):
    """Search the live catalog with the shopper's words and remembered constraints; show the best."""

    def __init__(self, catalog=None) -> None:
        self._catalog = catalog

    def name(self) -> str:
        return "action_search_products"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        previous = ProductRequest.from_slot(tracker.get_slot("product_request"))
        text = shopper_text(tracker)
        newer = ProductRequest.from_entities(text, tracker.latest_message.get("entities") or [])
        offset = 0
        if intent == "show_more" and previous.query():
            request, offset = self._more(previous, newer, text, tracker)
        elif intent == "search_product" and (newer.product_type or not newer.has_constraints()):
            request = replace(newer, gender=newer.gender or previous.gender)  # a new search
        else:
            request = previous.refine(newer)
        if not request.query():
            dispatcher.utter_message(response="utter_ask_what_product")
            return []
        try:
            index = _catalog(self)
            hits, dropped = self._search(index, request, offset)
        except Exception:
            log.exception("product search failed")
            dispatcher.utter_message(response="utter_search_unavailable")
            return []
        events = [SlotSet("product_request", request.to_slot()), SlotSet("result_offset", float(offset))]
        if not hits:
            dispatcher.utter_message(
                text=f"Sorry, I couldn't find any {request.describe()}." if offset == 0
                else "That's everything I have for that search. Want to try something else?"
            )
            return events + [SlotSet("shown_products", [])]
        products = [hit.product for hit in hits]
        dispatcher.utter_message(text=self._lead(request, dropped, products, offset) + "\n" + product_lines(products))
        dispatcher.utter_message(json_message=product_carousel(products))
        focused = products[0].id if len(products) == 1 else None
        return events + [SlotSet("shown_products", [p.id for p in products]), SlotSet("focused_product", focused)]

    def _more(self, previous: ProductRequest, newer: ProductRequest, text: str, tracker: Tracker):
        lowered = text.lower()
        shown = tracker.get_slot("shown_products") or []
        if any(word in lowered for word in CHEAPER_WORDS):
            prices = [p.price for p in products_by_id(_catalog(self), shown) if p.price is not None]
            ceiling = min(prices) - Decimal("0.01") if prices else previous.max_price
            return replace(previous, max_price=ceiling), 0
        if any(word in lowered for word in PRICIER_WORDS):
            prices = [p.price for p in products_by_id(_catalog(self), shown) if p.price is not None]
            floor = max(prices) + Decimal("0.01") if prices else previous.min_price
            return replace(previous, min_price=floor, max_price=None), 0
        if newer.has_constraints():
            return previous.refine(replace(newer, product_type=None)), 0
        return previous, int(tracker.get_slot("result_offset") or 0) + RESULTS_SHOWN

    def _search(self, index, request: ProductRequest, offset: int) -> tuple[list[SearchHit], list[str]]:
        """Hits for the request; when none are the kind asked for, relax constraints one by one and say which."""
        hits = index.search(request.query(), request.filters(), k=offset + RESULTS_SHOWN)[offset:]
        if offset or any(_covers(hit.product, request) for hit in hits):
            return hits, []
        dropped: list[str] = []
        for name, looser in request.relaxations():
            dropped.append(name)
            relaxed = index.search(looser.query(), looser.filters(), k=RESULTS_SHOWN)
            if any(_covers(hit.product, request) for hit in relaxed):
                return relaxed, dropped
        return hits, []

    @staticmethod
    def _lead(request: ProductRequest, dropped: list[str], products: list[Product], offset: int) -> str:
        if dropped:
            names = {"min_price": "price", "max_price": "price"}
            unmet = sorted({names.get(name, name) for name in dropped})
            return (
                f"I couldn't find {request.describe()}; nothing matches that {' and '.join(unmet)}. "
                "Here are the closest alternatives:"
            )
        if offset:
            return "Here are more:"
        if not any(_covers(p, request) for p in products):
            return f"I don't have {request.product_type} exactly, but these are the closest matches:"
        return "Here's what I found:"


class ActionAnswerProductQuestion(Action):
    """Answer price, stock, size, colour, material and care questions from catalog fields only."""

    def __init__(self, catalog=None) -> None:
        self._catalog = catalog

    def name(self) -> str:
        return "action_answer_product_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        try:
            index = _catalog(self)
            product = resolve_product(index, tracker)
        except Exception:
            log.exception("product lookup failed")
            dispatcher.utter_message(response="utter_search_unavailable")
            return []
        if product is None:
            return ask_which_product(dispatcher, tracker, index)
        size = first_entity(tracker, "size")
        color = first_entity(tracker, "color")
        aspect = detect_aspect(shopper_text(tracker), size=size, color=color)
        dispatcher.utter_message(text=answer(product, aspect, size=size, color=color))
        return [SlotSet("focused_product", product.id)]


class ActionCompareProducts(Action):
    """Compare two shown products side by side on price, colours, sizes and stock."""

    def __init__(self, catalog=None) -> None:
        self._catalog = catalog

    def name(self) -> str:
        return "action_compare_products"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        shown = tracker.get_slot("shown_products") or []
        mentions = entity_values(tracker, "mention")
        ids = [mentioned_position(m, shown) for m in mentions]
        ids = [i for i in ids if i] or shown[:2]
        if len(ids) < 2:
            dispatcher.utter_message(text="Which two products should I compare? Search first, then say e.g. \"compare the first and the second\".")
            return []
        products = products_by_id(_catalog(self), ids[:2])
        lines = [
            f"{p.title}: {format_price(p)}; colours {', '.join(p.colors) or 'one'}; "
            f"sizes {', '.join(p.sizes) or 'one size'}; {'in stock' if p.in_stock else 'out of stock'}"
            for p in products
        ]
        if len(products) == 2 and products[0].price is not None and products[1].price is not None:
            cheaper = min(products, key=lambda p: p.price)
            if products[0].price != products[1].price:
                lines.append(f"The {cheaper.title} is cheaper.")
        dispatcher.utter_message(text="\n".join(lines))
        return []


def products_by_id(index, ids: list[str]) -> list[Product]:
    """The products with these ids that the live catalog still has, in order."""
    return [p for p in (index.get(i) for i in ids) if p is not None]


def resolve_product(index, tracker: Tracker) -> Product | None:
    """The product the shopper's message refers to, or None when it is unclear."""
    product_id = first_entity(tracker, "product_id")
    shown = tracker.get_slot("shown_products") or []
    focused = tracker.get_slot("focused_product")
    mention = first_entity(tracker, "mention")
    if not product_id and mention:
        product_id = focused if mention == "last" and focused else mentioned_position(mention, shown)
    if product_id:
        return index.get(product_id)
    text = shopper_text(tracker)
    hits = index.search(text, k=1)
    if hits and hits[0].score >= NAMED_PRODUCT_MIN_SCORE and names_product(text, hits[0].product.title):
        return hits[0].product
    if focused:
        return index.get(focused)
    if len(shown) == 1:
        return index.get(shown[0])
    return None


def ask_which_product(dispatcher: CollectingDispatcher, tracker: Tracker, index) -> list:
    """Ask which product is meant, with the shown ones as buttons."""
    shown = products_by_id(index, tracker.get_slot("shown_products") or [])
    if not shown:
        dispatcher.utter_message(text="Which product do you mean? Tell me its name, or search first and pick one.")
        return []
    buttons = [
        {"title": p.title[:20], "payload": f'/product_question{{"product_id":"{p.id}"}}'} for p in shown[:3]
    ]
    dispatcher.utter_message(text="Which one do you mean?", buttons=buttons)
    return []
