"""The read side of the index: an immutable in-memory snapshot of one build, reloaded when ingest switches."""

from __future__ import annotations

import logging
import math
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .configuration import Settings
from .corpus import Chunk
from .errors import AssistantError, IndexCorruptError, IndexMissingError
from .language import stem, stems, words
from .store import BuildInfo, IndexStore
from .text import Unit

logger = logging.getLogger(__name__)

FIX = "Run `python ingest.py` (or `make run`, which ingests first) to build it."
REBUILD = "Rebuild it with `python ingest.py`."


class BM25:
    """Okapi BM25 over pre-tokenised documents, with each term's per-document weights computed once."""

    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.n = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=float)
        avg = float(lengths.mean()) if docs else 0.0
        df = Counter(t for d in docs for t in set(d))
        postings: dict[str, list[tuple[int, float]]] = {}
        for i, d in enumerate(docs):
            norm = k1 * (1 - b + b * lengths[i] / avg) if avg else k1
            for term, f in Counter(d).items():
                idf = math.log(1 + (self.n - df[term] + 0.5) / (df[term] + 0.5))
                postings.setdefault(term, []).append((i, idf * f * (k1 + 1) / (f + norm)))
        # Query time is then one vector add per query term.
        self.postings = {
            t: (np.array([i for i, _ in rows], dtype=np.int64), np.array([w for _, w in rows]))
            for t, rows in postings.items()
        }

    def scores(self, query: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """Score of every document for the query terms (each scaled by its weight, 1 when not given)."""
        out = np.zeros(self.n)
        for term in set(query):
            hit = self.postings.get(term)
            if hit is not None:
                out[hit[0]] += hit[1] * (weights or {}).get(term, 1.0)
        return out


@dataclass(frozen=True)
class Snapshot:
    """Everything a query needs from one build, loaded once and never mutated."""

    info: BuildInfo
    chunks: list[Chunk]
    units: dict[str, list[Unit]]  # chunk id -> its units in order
    unit_vectors: dict[str, np.ndarray]  # chunk id -> its unit vectors, centred on the corpus mean, unit length
    centroid: np.ndarray  # mean unit vector of the corpus
    bm25: BM25
    vocabulary: frozenset[str]  # every word and stem in the corpus, for spelling and name checks
    corpus_words: tuple[str, ...]  # every distinct word of the corpus as written (lower-cased)
    doc_freq: dict[str, int]  # stem -> number of chunks holding it
    chunk_matrix: np.ndarray  # every chunk vector as stored (unit length), one row per entry of `chunks`
    unit_matrix: np.ndarray  # every unit vector as stored (unit length), one row per unit
    unit_owner: np.ndarray  # for each row of unit_matrix, the index of its chunk in `chunks`
    chunk_centred: np.ndarray  # chunk_matrix with the mean chunk vector removed, rows re-normalised (for ranking)
    unit_centred: np.ndarray  # unit_matrix with the mean unit vector removed, rows re-normalised (for ranking)
    chunk_centroid: np.ndarray  # mean chunk vector
    heading_stems: dict[str, list[str]]  # chunk id -> stems of its innermost heading
    unit_stems: dict[str, list[list[str]]]  # chunk id -> stems of each of its units


def load_snapshot(store: IndexStore) -> Snapshot:
    """Open the current build; typed errors say what is wrong and how to fix it."""
    info = store.current()
    if info is None:
        raise IndexMissingError(f"No index found in {store.describe()}. {FIX}")
    if not store.build_exists(info.build):
        raise IndexCorruptError(
            f"The index in {store.describe()} names build {info.build}, which is missing. {REBUILD}"
        )
    try:
        chunks_col, units_col = store.collections(info.build)
        got = chunks_col.get(include=["documents", "metadatas", "embeddings"])
        got_u = units_col.get(include=["documents", "metadatas", "embeddings"])
    except AssistantError:
        raise
    except Exception as exc:
        store.release(info.build)
        raise IndexCorruptError(
            f"The index build {info.build} in {store.describe()} cannot be read ({type(exc).__name__}). {REBUILD}"
        ) from exc
    # Everything is in memory now; the build's files need not stay open in this process.
    store.release(info.build)
    chunks: list[Chunk] = []
    chunk_vectors: dict[str, np.ndarray] = {}
    for cid, doc, m, vec in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"]):
        chunk_vectors[cid] = np.asarray(vec, dtype=np.float32)
        section = m.get("section", "")
        text = doc[len(section) + 2 :] if section and doc.startswith(section + "\n\n") else doc
        chunks.append(
            Chunk(
                cid,
                m["source"],
                m.get("title", ""),
                section,
                text,
                int(m["start"]),
                int(m["end"]),
                int(m.get("ordinal", 0)),
                *Chunk.pages_from_metadata(m),
            )
        )
    if not chunks:
        raise IndexCorruptError(f"The index in {store.describe()} is empty. {REBUILD}")
    chunks.sort(key=lambda c: (c.source, c.start))
    grouped: dict[str, list[tuple[int, Unit, np.ndarray]]] = {}
    for doc, m, vec in zip(got_u["documents"], got_u["metadatas"], got_u["embeddings"]):
        unit = Unit(doc, int(m["start"]), int(m["end"]), m["kind"], int(m["block"]), bool(m["intro"]))
        grouped.setdefault(m["chunk_id"], []).append((int(m["n"]), unit, np.asarray(vec, dtype=np.float32)))
    units, unit_vectors = {}, {}
    by_id = {c.id: i for i, c in enumerate(chunks)}
    # Every passage here is "about outsourcing legal assistants"; removing the corpus mean vector takes that
    # shared topic out, so sentence similarity reflects what a sentence says beyond it (anisotropy correction).
    all_vecs = [r[2] for rows in grouped.values() for r in rows]
    centroid = np.mean(all_vecs, axis=0).astype(np.float32) if all_vecs else np.zeros(1, dtype=np.float32)
    for cid, rows in grouped.items():
        rows.sort(key=lambda r: r[0])
        units[cid] = [r[1] for r in rows]
        unit_vectors[cid] = _centre(np.stack([r[2] for r in rows]), centroid)
    owned = [(by_id[cid], r[2]) for cid, rows in grouped.items() if cid in by_id for r in rows]
    unit_matrix = np.stack([v for _, v in owned]) if owned else np.zeros((0, 1), dtype=np.float32)
    unit_owner = np.array([i for i, _ in owned], dtype=np.int64)
    chunk_matrix = np.stack([chunk_vectors[c.id] for c in chunks])
    chunk_centroid = chunk_matrix.mean(axis=0).astype(np.float32)
    tokenised = [stems(c.embedding_text()) for c in chunks]
    surface = {w for c in chunks for w in words(c.embedding_text())}
    vocab = surface | {stem(w) for w in surface}
    doc_freq = Counter(t for toks in tokenised for t in set(toks))
    return Snapshot(
        info=info,
        chunks=chunks,
        units=units,
        unit_vectors=unit_vectors,
        centroid=centroid,
        bm25=BM25(tokenised),
        vocabulary=frozenset(vocab),
        corpus_words=tuple(sorted(surface)),
        doc_freq=dict(doc_freq),
        chunk_matrix=chunk_matrix,
        unit_matrix=unit_matrix,
        chunk_centred=_centre(chunk_matrix, chunk_centroid),
        unit_centred=_centre(unit_matrix, centroid) if len(unit_matrix) else unit_matrix,
        chunk_centroid=chunk_centroid,
        unit_owner=unit_owner,
        heading_stems={c.id: stems(c.heading) for c in chunks},
        unit_stems={cid: [stems(u.text) for u in us] for cid, us in units.items()},
    )


def _centre(vectors: np.ndarray, centroid: np.ndarray) -> np.ndarray:
    centred = vectors - centroid
    norms = np.linalg.norm(centred, axis=-1, keepdims=True)
    return centred / np.maximum(norms, 1e-9)


def centre(vector: np.ndarray, snapshot: Snapshot) -> np.ndarray:
    """A query vector in the same centred space as the snapshot's unit vectors."""
    return _centre(vector, snapshot.centroid)


PROBE = """
import sys
from assistant.configuration import Settings
from assistant.errors import IndexMissingError, AssistantError
from assistant.index import load_snapshot
from assistant.store import make_store
try:
    load_snapshot(make_store(Settings.model_validate_json(sys.stdin.read())))
except IndexMissingError as exc:
    print(exc, file=sys.stderr); sys.exit(3)
except AssistantError as exc:
    print(exc, file=sys.stderr); sys.exit(4)
"""


def probe_index(settings: Settings, timeout: float = 120.0) -> None:
    """Open the index in a child process; raise the typed error it reports, or IndexCorruptError if it crashed."""
    payload = settings.model_dump_json(exclude={"auth_users"})
    try:
        out = subprocess.run(
            [sys.executable, "-c", PROBE], input=payload, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise IndexCorruptError(f"Opening the index in {settings.index_dir} hung. {REBUILD}") from exc
    message = (out.stderr.strip().splitlines() or [""])[-1]
    if out.returncode == 0:
        return
    if out.returncode == 3:
        raise IndexMissingError(message)
    if out.returncode == 4:
        raise IndexCorruptError(message)
    how = f"signal {-out.returncode}" if out.returncode < 0 else f"exit status {out.returncode}"
    raise IndexCorruptError(f"The index could not be opened: the store crashed ({how}). {REBUILD}")


class IndexHandle:
    """Hands out the current snapshot and swaps in a new one after a re-ingest, between questions."""

    def __init__(self, store: IndexStore, check_interval: float = 0.5) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._token = store.pointer_token()
        self._snapshot = load_snapshot(store)
        self._checked = time.monotonic()
        self._interval = check_interval

    def current(self) -> Snapshot:
        """The snapshot to answer one question with; a whole question always sees one build."""
        now = time.monotonic()
        if now - self._checked < self._interval:
            return self._snapshot
        with self._lock:
            if now - self._checked < self._interval:
                return self._snapshot
            self._checked = now
            try:
                token = self.store.pointer_token()
                if token != self._token and token is not None:
                    self._snapshot = load_snapshot(self.store)
                    self._token = token
            except AssistantError as exc:
                # A half-visible or broken new build must not take down a working app: keep serving the old.
                logger.warning("keeping the current index build; the new one could not be opened: %s", exc)
            return self._snapshot
