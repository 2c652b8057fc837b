"""Shared fixtures: the real embedding model, loaded once per test session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def embedder():
    """The packaged all-MiniLM-L6-v2 model."""
    from assistant.index.embedder import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def demo_stack(tmp_path_factory):
    """The action server, Rasa and the bridge on the demo catalog, started once for every test that only chats."""
    from tests.integration_stack import import_catalog, start_stack

    data_dir = tmp_path_factory.mktemp("data")
    import_catalog(data_dir)
    running = start_stack(data_dir, tmp_path_factory.mktemp("logs"))
    yield running
    running.stop()
