"""IntentPriorFeaturizer in Rasa's own runtime: trained, persisted, reloaded, it ranks intents for new messages."""

from __future__ import annotations

import json
import subprocess

import pytest

from assistant.config import PROJECT_ROOT

pytestmark = pytest.mark.integration

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
PROBE = PROJECT_ROOT / "tests" / "rasa_venv" / "intent_prior_probe.py"


@pytest.fixture(scope="module")
def report() -> dict:
    if not RASA_PYTHON.exists():
        pytest.skip("the Rasa venv is not set up (make setup)")
    done = subprocess.run([str(RASA_PYTHON), str(PROBE)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_training_message_gets_one_distribution(report):
    assert report["training_feature_counts"] == [1] * 15


def test_a_reloaded_model_ranks_the_right_intent_first(report):
    expected = ["order_status", "greet", "return_item"]
    for probe, intent in zip(report["probes"], expected):
        assert probe["types"] == ["sentence"]
        distribution = probe["distribution"]
        assert len(distribution) == len(report["classes"]) == 3
        assert sum(distribution) == pytest.approx(report["scale"], rel=1e-5)  # probabilities, scaled
        assert report["classes"][distribution.index(max(distribution))] == intent


def test_with_a_single_intent_it_adds_nothing(report):
    assert report["single_intent_feature_count"] == 0
