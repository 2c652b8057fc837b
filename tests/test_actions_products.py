"""Product actions against the real demo catalog index (real FAISS, real model)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from actions.products import ActionAnswerProductQuestion, ActionCompareProducts, ActionSearchProducts
from assistant.catalog.importers import read_catalog
from assistant.index.build import build_index
from assistant.index.live import LiveIndex
from assistant.shopping.request import ProductRequest
from tests.actions_support import entity, run, slots_set, text_of, tracker
from tests.integration_stack import DEMO_CATALOG


@pytest.fixture(scope="module")
def catalog(tmp_path_factory, embedder):
    data_dir = tmp_path_factory.mktemp("catalog")
    build_index(read_catalog(DEMO_CATALOG).products, data_dir, embedder)
    return LiveIndex(data_dir, embedder)


def search(catalog, text, intent="search_product", entities=(), slots=None):
    return run(ActionSearchProducts(catalog), tracker(text=text, intent=intent, entities=list(entities), slots=slots))


def test_search_shows_products_with_prices_and_remembers_them(catalog):
    messages, events = search(catalog, "show me jackets", entities=[entity("product_type", "jackets")])
    cards = next(m["custom"] for m in messages if m.get("custom"))
    assert len(cards["products"]) == 3
    assert all("Jacket" in p["title"] for p in cards["products"])
    assert slots_set(events)["shown_products"] == [p["id"] for p in cards["products"]]
    assert slots_set(events)["product_request"]["product_type"] == "jackets"


def test_a_colour_refines_the_remembered_search(catalog):
    _, first = search(catalog, "show me jackets", entities=[entity("product_type", "jackets")])
    slots = slots_set(first)
    messages, events = search(catalog, "in black", intent="inform", entities=[entity("color", "Black")], slots=slots)
    shown = slots_set(events)["shown_products"]
    products = [catalog.get().get(i) for i in shown]
    assert all("Jacket" in p.title and "Black" in p.colors for p in products)


def test_cheaper_lowers_the_price_ceiling_below_what_was_shown(catalog):
    _, first = search(catalog, "show me jackets", entities=[entity("product_type", "jackets")])
    slots = slots_set(first)
    cheapest_shown = min(catalog.get().get(i).price for i in slots["shown_products"])
    _, events = search(catalog, "anything cheaper?", intent="show_more", slots=slots)
    request = ProductRequest.from_slot(slots_set(events)["product_request"])
    assert request.max_price < cheapest_shown
    assert all(catalog.get().get(i).price <= request.max_price for i in slots_set(events)["shown_products"])


def test_price_ceiling_is_exact(catalog):
    _, events = search(catalog, "hoodie under 40", entities=[entity("product_type", "hoodie"), entity("price", "40", "max")])
    shown = slots_set(events)["shown_products"]
    assert shown and all(catalog.get().get(i).price <= Decimal("40") for i in shown)


def test_impossible_constraint_is_said_honestly_with_alternatives(catalog):
    messages, events = search(
        catalog, "jackets under 5 dollars", entities=[entity("product_type", "jackets"), entity("price", "5", "max")]
    )
    assert "couldn't find" in text_of(messages) and "closest alternatives" in text_of(messages)
    assert slots_set(events)["shown_products"]


def test_product_the_catalog_does_not_carry_is_called_closest_match(catalog):
    messages, _ = search(catalog, "do you have running shoes?", entities=[entity("product_type", "running shoes")])
    assert "closest matches" in text_of(messages)


def test_question_about_the_second_shown_product_uses_its_variants(catalog):
    _, first = search(catalog, "show me jackets", entities=[entity("product_type", "jackets")])
    slots = slots_set(first)
    second = catalog.get().get(slots["shown_products"][1])
    size = second.sizes[0]
    messages, events = run(
        ActionAnswerProductQuestion(catalog),
        tracker(text=f"the second one, does it come in {size}?", intent="product_question",
                entities=[entity("mention", "2"), entity("size", size)], slots=slots),
    )
    assert second.title in text_of(messages) and "in stock" in text_of(messages)
    assert slots_set(events)["focused_product"] == second.id


def test_price_question_answers_from_the_catalog(catalog):
    product = catalog.get().get("chaz-kangeroo-hoodie")
    messages, _ = run(
        ActionAnswerProductQuestion(catalog),
        tracker(text="how much is it?", intent="product_question", slots={"focused_product": product.id}),
    )
    assert f"${product.price:.2f}" in text_of(messages)


def test_unknown_size_is_not_invented(catalog):
    product = catalog.get().get("chaz-kangeroo-hoodie")
    messages, _ = run(
        ActionAnswerProductQuestion(catalog),
        tracker(text="do you have it in size 3XL", intent="product_question",
                entities=[entity("size", "3XL")], slots={"focused_product": product.id}),
    )
    assert "doesn't come in size 3XL" in text_of(messages)


def test_question_without_a_product_asks_which_one(catalog):
    messages, _ = run(
        ActionAnswerProductQuestion(catalog),
        tracker(text="is it in stock?", intent="product_question",
                slots={"shown_products": ["chaz-kangeroo-hoodie", "hero-hoodie"]}),
    )
    assert messages[0]["text"] == "Which one do you mean?" and len(messages[0]["buttons"]) == 2


def test_compare_names_the_cheaper_product(catalog):
    messages, _ = run(
        ActionCompareProducts(catalog),
        tracker(text="compare them", intent="compare_products", slots={"shown_products": ["chaz-kangeroo-hoodie", "hero-hoodie"]}),
    )
    cheaper = min((catalog.get().get(i) for i in ("chaz-kangeroo-hoodie", "hero-hoodie")), key=lambda p: p.price)
    assert f"The {cheaper.title} is cheaper." in text_of(messages)


def test_alert_is_recorded_for_an_out_of_stock_variant(catalog, tmp_path, monkeypatch):
    from actions import services
    from actions.alerts import ActionSubscribeAlert
    from assistant.notifications import NotificationStore, Subscriptions

    store = NotificationStore(f"sqlite:///{tmp_path / 'notes.sqlite'}")
    monkeypatch.setattr(services, "subscriptions", lambda: Subscriptions(store))
    messages, _ = run(
        ActionSubscribeAlert(catalog),
        tracker(sender="whatsapp:15550009999", text="tell me when it's back in size 3XL", intent="subscribe_alert",
                entities=[entity("size", "3XL")], slots={"focused_product": "chaz-kangeroo-hoodie"}),
    )
    assert "once when the Chaz Kangeroo Hoodie in size 3XL is back in stock" in text_of(messages)
    alerts = store.open_alerts(["chaz-kangeroo-hoodie"])
    assert [(a.product_id, a.size) for a in alerts] == [("chaz-kangeroo-hoodie", "3XL")]


def test_alert_for_an_in_stock_variant_says_so_instead(catalog, tmp_path, monkeypatch):
    from actions import services
    from actions.alerts import ActionSubscribeAlert
    from assistant.notifications import NotificationStore, Subscriptions

    store = NotificationStore(f"sqlite:///{tmp_path / 'notes.sqlite'}")
    monkeypatch.setattr(services, "subscriptions", lambda: Subscriptions(store))
    messages, _ = run(
        ActionSubscribeAlert(catalog),
        tracker(text="let me know when it's back", intent="subscribe_alert", slots={"focused_product": "chaz-kangeroo-hoodie"}),
    )
    assert "in stock right now" in text_of(messages) and store.open_alerts(["chaz-kangeroo-hoodie"]) == []
