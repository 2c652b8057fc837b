"""Pure parts of `assistant train`: lookup generation, report parsing, promotion rule, models folder."""

from __future__ import annotations

import json
import os
import random
import time
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from assistant.catalog.model import Product, Variant
from assistant.training.inflection import number_variants, title_words
from assistant.training.lookups import (
    build_lookups,
    clean_value,
    render_yaml,
    reserved_synonym_texts,
    write_if_changed,
)
from assistant.training.promotion import decide
from assistant.training.registry import ScoreBook, current_model, fingerprint, promote
from assistant.training.report import NluScore, parse_intent_report, read_intent_report
from tests.catalog_samples import sample_products

FIXTURES = Path(__file__).parent / "fixtures" / "training"


def product(pid: str, title: str, category=(), brand=None, variants=(), attributes=None) -> Product:
    return Product(id=pid, title=title, brand=brand, category=tuple(category),
                   variants=tuple(variants), attributes=attributes or {})


def variant(sku: str, size=None, color=None, options=None) -> Variant:
    return Variant(sku=sku, price=Decimal("10"), size=size, color=color, options=options or {})


def apparel() -> list[Product]:
    return [
        product("a", "Storm Jacket", ["Jackets"], "Northpeak", [variant("a1", "XL", "Black/White")],
                {"material": "Cocona&reg; performance fabric/Cotton"}),
        product("b", "Summit Jacket", ["Jackets"], "northpeak", [variant("b1", "M", "Navy")]),
        product("c", "Ridge Hoodie", ["Hoodies & Sweatshirts"], "Northpeak", [variant("c1", "32", "Black")]),
        product("d", "Crew Sweatshirt", ["Hoodies & Sweatshirts"], "Kestrel", [variant("d1", "55 cm")]),
        product("e", "Flow Tank", ["Tanks"], "Kestrel", [], {"Fabric": "Spandex"}),
        product("f", "Sport Bra Tank", ["Bras & Tanks"], "Kestrel", [variant("f1", options={"Material": "Nylon"})]),
        product("g", "Reading Light", ["Lamps"], "Lumo", []),
    ]


# --- catalog values ---------------------------------------------------------------------------

def test_lookup_tables_hold_each_entitys_catalog_values():
    tables = build_lookups(apparel()).tables
    assert tables["brand"] == ("Kestrel", "Lumo", "Northpeak")
    assert tables["color"] == ("Black", "Navy", "White")
    assert tables["material"] == ("Cocona performance fabric", "Cotton", "Nylon", "Spandex")
    assert tables["size"] == ("55 cm", "XL")
    assert {"Jackets", "jacket", "Hoodies & Sweatshirts", "hoodies", "sweatshirt", "Lamps"} <= set(tables["product_type"])


def test_values_differing_only_in_case_keep_the_most_used_spelling():
    brands = build_lookups(apparel()).tables["brand"]
    assert "Northpeak" in brands and "northpeak" not in brands


@pytest.mark.parametrize("raw", ["S", "M", "32", "  ", None, "a very long value that nobody would ever type in chat"])
def test_values_a_shopper_would_not_type_are_left_out(raw):
    assert clean_value(raw) is None


def test_trademark_signs_and_html_entities_are_removed():
    assert clean_value("CoolTech&trade; Fleece®") == "CoolTech Fleece"


def test_each_table_is_capped_at_its_most_common_values():
    products = [product(f"p{i}", f"Thing {i}", brand=f"Brand{i % 5:02d}") for i in range(20)]
    products += [product(f"q{i}", "Popular", brand="Zeta") for i in range(10)]
    lookups = build_lookups(products, cap=2)
    assert lookups.tables["brand"] == ("Brand00", "Zeta")
    assert lookups.capped["brand"] == 4


# --- synonyms -----------------------------------------------------------------------------------

def test_singular_titles_make_a_synonym_of_the_plural_category():
    synonyms = build_lookups(apparel()).synonyms
    assert synonyms["Jackets"] == ("jacket",)


def test_no_synonym_without_the_catalogs_titles_using_the_form():
    synonyms = build_lookups(apparel()).synonyms
    assert "Lamps" not in synonyms
    assert "lamp" not in build_lookups(apparel()).tables["product_type"]


def test_parts_of_a_combined_category_are_its_synonyms():
    assert build_lookups(apparel()).synonyms["Hoodies & Sweatshirts"] == (
        "hoodie", "hoodies", "sweatshirt", "sweatshirts")


def test_a_category_owns_its_own_singular_over_a_combined_category_containing_it():
    synonyms = build_lookups(apparel()).synonyms
    assert synonyms["Tanks"] == ("tank",)
    assert "tank" not in synonyms["Bras & Tanks"]
    assert "tanks" not in synonyms["Bras & Tanks"], "another category's own name is never a synonym"


def test_hand_written_synonyms_are_never_redefined():
    synonyms = build_lookups(apparel(), reserved=frozenset({"jacket", "hoodie"})).synonyms
    assert "Jackets" not in synonyms
    assert "hoodie" not in synonyms["Hoodies & Sweatshirts"]


def test_reserved_texts_come_from_the_other_nlu_files(tmp_path):
    nlu = tmp_path / "nlu"
    nlu.mkdir()
    (nlu / "synonyms.yml").write_text('version: "3.1"\nnlu:\n- synonym: gray\n  examples: |\n    - Grey\n    - gry\n')
    (nlu / "catalog_lookups.yml").write_text('version: "3.1"\nnlu:\n- synonym: Jackets\n  examples: |\n    - jacket\n')
    reserved = reserved_synonym_texts(tmp_path, nlu / "catalog_lookups.yml")
    assert reserved == {"gray", "grey", "gry"}


@pytest.mark.parametrize(("phrase", "titles", "expected"), [
    ("Jackets", ["Storm Jacket"], ["jacket"]),
    ("Watches", ["Dash Watch"], ["watch"]),
    ("Hoodies", ["Ridge Hoodie"], ["hoodie"]),
    ("Batteries", ["AA Battery 4-pack"], ["battery"]),
    ("Dress", ["Summer Dresses Bundle"], ["dresses"]),
    ("Running Shoes", ["Trail Shoe"], ["running shoe"]),
    ("Jackets", ["Storm Coat"], []),
    ("Glass", ["Glass Vase"], []),
])
def test_number_variants_need_the_titles_to_use_them(phrase, titles, expected):
    assert number_variants(phrase, title_words(titles)) == expected


# --- the generated file -----------------------------------------------------------------------

def test_same_catalog_in_any_order_renders_the_same_bytes():
    products = apparel() + sample_products()
    shuffled = products[:]
    random.Random(7).shuffle(shuffled)
    assert render_yaml(build_lookups(products)) == render_yaml(build_lookups(shuffled))


def test_a_changed_catalog_renders_a_different_file():
    assert render_yaml(build_lookups(apparel())) != render_yaml(build_lookups(apparel()[:-1]))


def test_rendered_file_is_rasa_nlu_yaml():
    lookups = build_lookups(apparel())
    document = yaml.safe_load(render_yaml(lookups))
    assert document["version"] == "3.1"
    parsed_lookups = {item["lookup"]: item["examples"] for item in document["nlu"] if "lookup" in item}
    parsed_synonyms = {item["synonym"]: item["examples"] for item in document["nlu"] if "synonym" in item}
    assert set(parsed_lookups) == {"brand", "color", "material", "product_type", "size"}
    for name, block in parsed_lookups.items():
        assert [line.removeprefix("- ") for line in block.splitlines()] == list(lookups.tables[name])
    assert parsed_synonyms["Hoodies & Sweatshirts"].splitlines()[0] == "- hoodie"


def test_empty_catalog_renders_an_empty_nlu_list():
    document = yaml.safe_load(render_yaml(build_lookups([])))
    assert document["nlu"] == []


def test_unchanged_text_leaves_the_file_untouched(tmp_path):
    path = tmp_path / "nlu" / "catalog_lookups.yml"
    assert write_if_changed(path, "a\n") is True
    stamp = path.stat().st_mtime_ns
    time.sleep(0.01)
    assert write_if_changed(path, "a\n") is False
    assert path.stat().st_mtime_ns == stamp
    assert write_if_changed(path, "b\n") is True
    assert path.read_text() == "b\n"


# --- evaluation reports -------------------------------------------------------------------------

def test_intent_report_gives_accuracy_and_macro_f1():
    score = read_intent_report(FIXTURES / "intent_report.json")
    assert score == NluScore(accuracy=pytest.approx(0.8888888888888888), macro_f1=pytest.approx(0.8854864433811802))


@pytest.mark.parametrize("report", [
    {"accuracy": 0.9},
    {"macro avg": {"f1-score": 0.9}},
    {"accuracy": "n/a", "macro avg": {"f1-score": 0.9}},
    {"accuracy": 1.5, "macro avg": {"f1-score": 0.9}},
])
def test_incomplete_intent_report_is_refused(report):
    with pytest.raises(ValueError):
        parse_intent_report(report)


def test_missing_intent_report_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="no intent report"):
        read_intent_report(tmp_path / "intent_report.json")


# --- promotion rule -------------------------------------------------------------------------------

OLD = NluScore(accuracy=0.90, macro_f1=0.85)


@pytest.mark.parametrize(("new", "current", "force", "promoted", "reason"), [
    (NluScore(0.80, 0.80), None, False, True, "no current model"),
    (NluScore(0.90, 0.85), OLD, False, True, "no worse"),
    (NluScore(0.93, 0.88), OLD, False, True, "no worse"),
    (NluScore(0.89, 0.90), OLD, False, False, "accuracy 0.900 → 0.890"),
    (NluScore(0.95, 0.84), OLD, False, False, "macro F1 0.850 → 0.840"),
    (NluScore(0.70, 0.70), OLD, True, True, "forced"),
])
def test_promotion_rule(new, current, force, promoted, reason):
    decision = decide(new, current, force=force)
    assert decision.promote is promoted
    assert reason in decision.reason


def test_tolerance_allows_a_tiny_drop():
    assert decide(NluScore(0.899, 0.85), OLD, tolerance=0.002).promote
    assert not decide(NluScore(0.897, 0.85), OLD, tolerance=0.002).promote


# --- the models folder --------------------------------------------------------------------------

def _model(folder: Path, name: str, mtime: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(name)
    os.utime(path, (mtime, mtime))
    return path


def test_current_model_is_the_newest_archive_as_rasa_picks_it(tmp_path):
    assert current_model(tmp_path / "missing") is None
    _model(tmp_path, "a.tar.gz", 1000)
    newest = _model(tmp_path, "b.tar.gz", 3000)
    _model(tmp_path, "c.tar.gz", 2000)
    _model(tmp_path, "z.txt", 9000)
    assert current_model(tmp_path) == newest


def test_promoted_model_becomes_current_and_others_stay(tmp_path):
    models = tmp_path / "models"
    future = _model(models, "future.tar.gz", time.time() + 3600)
    trained = _model(tmp_path / "run", "new.tar.gz", time.time())
    final = promote(trained, models)
    assert final == models / "new.tar.gz" and not trained.exists()
    assert current_model(models) == final
    assert future.exists() and sorted(p.name for p in models.iterdir()) == ["future.tar.gz", "new.tar.gz"]


def test_scores_are_cached_per_model_and_test_set(tmp_path):
    book = ScoreBook(tmp_path)
    book.record("m.tar.gz", NluScore(0.9, 0.8), test_set="t1", data="d1")
    assert ScoreBook(tmp_path).score("m.tar.gz", "t1") == NluScore(0.9, 0.8)
    assert book.score("m.tar.gz", "t2") is None, "a changed test set invalidates the cached score"
    assert book.score("other.tar.gz", "t1") is None
    book.record("m.tar.gz", NluScore(0.7, 0.6), test_set="t2")
    assert book.entry("m.tar.gz")["data"] == "d1"
    assert json.loads((tmp_path / "scores.json").read_text())["m.tar.gz"]["accuracy"] == 0.7


def test_corrupt_scores_file_counts_as_empty(tmp_path):
    (tmp_path / "scores.json").write_text("{not json")
    assert ScoreBook(tmp_path).entry("m.tar.gz") is None


def test_fingerprint_follows_content_not_order(tmp_path):
    first, second = tmp_path / "a.yml", tmp_path / "b.yml"
    first.write_text("a")
    second.write_text("b")
    before = fingerprint([first, second], tmp_path)
    assert fingerprint([second, first], tmp_path) == before
    second.write_text("b2")
    assert fingerprint([first, second], tmp_path) != before
