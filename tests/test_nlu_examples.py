"""Reading Rasa NLU YAML into plain (text, intent) pairs for the NLU benchmarks."""

from __future__ import annotations

from bench.nlu_examples import examples, held_out_examples, training_examples


def test_annotations_are_removed_and_other_blocks_skipped(tmp_path):
    path = tmp_path / "nlu.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n'
        "- intent: search_product\n  examples: |\n"
        "    - do you have [jackets](product_type) in [black]{\"entity\": \"color\", \"value\": \"black\"}\n"
        "    -   \n"
        "- lookup: brand\n  examples: |\n    - Luma\n"
        "- synonym: gray\n  examples: |\n    - grey\n"
    )
    assert examples([path]) == [("do you have jackets in black", "search_product")]


def test_project_sets_are_read_whole():
    held_out = held_out_examples()
    assert len(held_out) == 325 and len({intent for _, intent in held_out}) == 29
    training = training_examples()
    assert len(training) > 2500 and not any("](" in text for text, _ in training)
