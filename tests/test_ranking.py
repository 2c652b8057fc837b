"""Pure ranking functions: rank and score fusion, query feedback, query analysis, spelling, metrics."""

import numpy as np
import pytest

from assistant.index import candidates
from assistant.index.query import AnalyzedQuery, content_words, without_prices
from assistant.index.ranking import feedback_query, min_max, reciprocal_rank_fusion, score_fusion
from assistant.index.spelling import corrections, edit_distance, lookup_trigrams, max_edits
from bench.metrics import ndcg_at, recall_at


def test_item_ranked_well_by_both_lists_wins():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d", "a"]])
    assert [item for item, _ in fused] == ["b", "a", "d", "c"]


def test_weights_shift_the_balance():
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "a"]], weights=[2.0, 1.0])
    assert fused[0][0] == "a"


def test_one_weight_per_ranking_is_required():
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 2.0])


# Score fusion and query feedback



def test_min_max_spans_zero_to_one():
    assert min_max([("a", 0.9), ("b", 0.5), ("c", 0.7)]) == pytest.approx({"a": 1.0, "b": 0.0, "c": 0.5})
    assert min_max([("a", 0.3)]) == {"a": 1.0}


def test_score_fusion_prefers_products_both_rankers_like():
    fused = score_fusion([("a", 0.9), ("b", 0.8), ("c", 0.1)], [("b", 1.0), ("c", 0.9)])
    assert [item for item, _ in fused] == ["b", "a", "c"]


def test_partial_lexical_match_loses_to_a_confident_dense_match():
    half_matches = [("teapot", 0.5), ("glasses", 0.5)]  # each has one of two query words
    fused = score_fusion([("containers", 0.8), ("teapot", 0.3), ("glasses", 0.2)], half_matches)
    assert fused[0][0] == "containers"


def test_dense_weight_one_keeps_the_dense_order():
    fused = score_fusion([("a", 0.9), ("b", 0.5)], [("b", 1.0)], dense_weight=1.0)
    assert [item for item, _ in fused] == ["a", "b"]


def test_feedback_moves_the_query_towards_the_top_product():
    query, top = np.array([1.0, 0.0], dtype="float32"), np.array([[0.0, 1.0]], dtype="float32")
    moved = feedback_query(query, top, weight=1.0)
    assert np.allclose(moved, [2**-0.5, 2**-0.5]) and np.isclose(np.linalg.norm(moved), 1.0)


# Query analysis

@pytest.mark.parametrize(
    "text, expected",
    [
        ("hoodie under 50", "hoodie"),
        ("watch under $50", "watch"),
        ("$5 yoga brick", "yoga brick"),
        ("bag less than 40 dollars", "bag"),
        ("mens shorts size 34", "mens shorts size 34"),
        ("75 cm exercise ball", "75 cm exercise ball"),
    ],
)
def test_price_expressions_are_left_out_but_sizes_stay(text, expected):
    assert without_prices(text) == expected


def test_content_words_drop_filler_and_price_words():
    assert content_words("cheap tee for my husband under 25 please") == ["tee", "husband"]


def test_corrections_join_the_lexical_query_and_replace_the_typo_for_embedding():
    analyzed = AnalyzedQuery("wacth for men", ("wacth", "men"), {"wacth": ("watch",)})
    assert analyzed.fts() == '"wacth" OR "watch" OR "men"'
    assert analyzed.dense_text() == "watch for men"


# Lexical candidates in big catalogs

def test_big_catalog_candidates_are_every_word_then_the_rarest_within_the_budget():
    analyzed = AnalyzedQuery("kids lunch box", ("kids", "lunch", "box"))
    plan = candidates.plan(analyzed, {"kids": 10, "lunch": 30, "box": 80}, budget=50)
    assert plan.every == '("kids") AND ("lunch") AND ("box")'
    assert plan.rare == '"kids" OR "lunch"'  # 10 + 30 products; with "box", 120 > 50
    assert plan.any == '"kids" OR "lunch" OR "box"' and plan.known_share == 1.0


def test_words_no_product_has_do_not_empty_the_every_word_candidates():
    analyzed = AnalyzedQuery("cookware for my first apartment", ("cookware", "first", "apartment"))
    plan = candidates.plan(analyzed, {"cookware": 900, "first": 40, "apartment": 0}, budget=50)
    assert plan.every == '("cookware") AND ("first")' and plan.known_share == pytest.approx(2 / 3)
    assert plan.rare == '"first"'


def test_a_single_common_word_has_only_the_last_resort():
    plan = candidates.plan(AnalyzedQuery("hoodie", ("hoodie",)), {"hoodie": 70_000}, budget=5_000)
    assert (plan.every, plan.rare, plan.any) == (None, None, '"hoodie"')


# Spelling

@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("wacth", "watch", 1),
        ("backpak", "backpack", 1),
        ("jaket", "jacket", 1),
        ("hoodie", "hoodie", 0),
        ("night", "tight", 1),
    ],
)
def test_edit_distance_counts_a_swap_as_one_edit(a, b, distance):
    assert edit_distance(a, b, limit=2) == distance


def test_edit_distance_stops_above_the_limit():
    assert edit_distance("espresso", "grinder", limit=1) == 2


def test_swapped_letters_still_share_trigrams_with_the_right_word():
    assert {"wat", "atc", "tch"} <= set(lookup_trigrams("wacth"))


def test_short_words_and_numbers_are_never_corrected():
    assert max_edits("tee") == 0 and max_edits("xl2000") == 0 and max_edits("jaket") == 1


def test_the_closest_then_most_frequent_catalog_word_wins():
    found = corrections("jaket", [("jacket", 40), ("basket", 3), ("packet", 90)])
    assert found == ["jacket"]


def test_a_run_together_word_is_split_into_two_catalog_words():
    catalog = {"air", "fryer"}
    assert corrections("airfryer", [], catalog.__contains__) == ["air fryer"]


# Benchmark metrics

def test_ndcg_is_one_for_the_ideal_order_and_lower_otherwise():
    grades = {"a": 3, "b": 1}
    assert ndcg_at(["a", "b", "x"], grades, 10) == pytest.approx(1.0)
    assert ndcg_at(["b", "a"], grades, 10) < 1.0
    assert ndcg_at(["x", "y"], grades, 10) == 0.0


def test_synthetic_products_are_graded_as_the_real_product_they_come_from():
    from bench.speed import quality_at_scale

    grades = [{"chaz-hoodie": 3, "juno-jacket": 1}]
    assert quality_at_scale([["chaz-hoodie-A1", "chaz-hoodie-B7"] * 5], grades) == {"ndcg@10": 1.0, "top_hit": 1.0}
    worse = quality_at_scale([["juno-jacket-C3", "chaz-hoodie-A1"]], grades)
    assert 0 < worse["ndcg@10"] < 1 and worse["top_hit"] == 0.0


def test_recall_counts_only_products_graded_two_or_more():
    grades = {"a": 3, "b": 2, "c": 1}
    assert recall_at(["a", "c"], grades, 50) == pytest.approx(0.5)
