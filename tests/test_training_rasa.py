"""Rasa itself reads the generated lookup file as we meant it (runs Rasa's own loader in its venv)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.training.lookups import build_lookups, render_yaml
from tests.test_training import apparel

pytestmark = pytest.mark.integration

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
LOADER = """
import json, sys, warnings
warnings.simplefilter("error", UserWarning)
from rasa.shared.nlu.training_data.loading import load_data
data = load_data(sys.argv[1])
print(json.dumps({"lookups": data.lookup_tables, "synonyms": data.entity_synonyms}))
"""


def test_rasa_loads_the_generated_lookups_and_synonyms_without_warnings(tmp_path: Path):
    if not RASA_PYTHON.exists():
        pytest.skip("the Rasa venv is not set up (make setup)")
    lookups = build_lookups(apparel())
    path = tmp_path / "catalog_lookups.yml"
    path.write_text(render_yaml(lookups))
    done = subprocess.run([str(RASA_PYTHON), "-c", LOADER, str(path)], capture_output=True, text=True,
                          timeout=300, check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert {t["name"]: tuple(t["elements"]) for t in loaded["lookups"]} == lookups.tables
    expected = {example: value for value, examples in lookups.synonyms.items() for example in examples}
    assert loaded["synonyms"] == expected
