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
