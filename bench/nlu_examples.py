"""The examples of Rasa NLU YAML files as plain texts (entity annotations removed), with their intents."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "nlu_data" / "nlu"
HELD_OUT = ROOT / "tests" / "nlu" / "test_nlu.yml"
ANNOTATION = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


def examples(paths: list[Path]) -> list[tuple[str, str]]:
    """(text, intent) for every intent example in `paths`; lookup tables, synonyms and regexes are skipped."""
    found = []
    for path in paths:
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "intent" not in block:
                continue
            for line in block.get("examples", "").splitlines():
                line = line.strip().removeprefix("-").strip()
                if line:
                    found.append((ANNOTATION.sub(r"\1", line), block["intent"]))
    return found


def training_examples() -> list[tuple[str, str]]:
    """Everything `rasa train` reads from nlu_data/nlu."""
    return examples(sorted(TRAINING.glob("*.yml")))


def held_out_examples() -> list[tuple[str, str]]:
    """The held-out test set, never trained on."""
    return examples([HELD_OUT])
