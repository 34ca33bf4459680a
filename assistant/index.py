"""The read side of the index: an immutable in-memory snapshot of one build, reloaded when ingest switches."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np

from .configuration import Settings
from .corpus import Chunk
from .errors import AssistantError, IndexCorruptError, IndexMissingError
from .language import stem, stems, words
from .store import BuildInfo, IndexStore, read_all, unpack_units
from .text import Unit

logger = logging.getLogger(__name__)

FIX = "Run `python ingest.py` (or `make run`, which ingests first) to build it."
REBUILD = "Rebuild it with `python ingest.py`."
CANDIDATES = 3  # a "chroma" build's dense search returns this many times the ranking depth, for centred re-ranking
# A question names the sources' shared subject less than their passages do (it is implied): centred on the corpus
# mean, a question's vector points away from the mean's direction (component -0.19 on average for the build's own
# suggested questions, "What do the sources say about <heading>?", and -0.20 for dev's, against -0.02 for the
# passages), so the centred cosine also ranks passages by how little of the subject they carry: short generic lines
# ("Potential cultural disconnects", "Firms save significantly while ensuring optimal productivity.") come near every
# question, and a sentence spelling the subject out ("…legal assistant outsourcing allows law firms to … delegating
# more routine work…") falls behind them. The retrieval's chunk ranking and the composer's sentence scores read a
# question (not a follow-up) on its centred vector with only SUBJECT_AXIS_KEPT of that component.
QUESTION_SUBJECT_AXIS = True
# dev (471; switch off: 274/331 focused, 122/135 declined, 5 false refusals, precision 0.3440, MRR 0.7625): 0.5 ->
# 277 (+d2-023, d2-040, d10-007, d11-059, d11-066, d11-100; -d2-005, d11-054, d11-062), declined 122, 4 false
# refusals, precision 0.3446, MRR 0.7683; real-history follow-ups 64/86 unchanged. Kept share, measured with list items
# ranked on it too: 0 -> 272 (9 false refusals), 0.3 -> 274, 0.4 -> 277, 0.5 -> 277, 0.6 -> 275, 0.7 -> 274. The chunk
# ranking alone -> 275 (+d11-059, d11-066; -d11-062). On 40 questions written apart from dev, the expected passage
# leads 27 answers against 26 switched off (two leads gained, one lost): a small effect, not a cure for the hubs.
# (Not kept: the same for follow-ups too -> dev 277, but real-history follow-ups 64 -> 63 and a false refusal; the
# retrieval's sentence ranking too -> 276; the composer's support read on the same vector -> 13 false refusals, so the
# support keeps the plain centred cosine min_support was calibrated on; the question centred on the mean of the
# suggested questions instead of the corpus mean (a question-side centroid) -> 271, or only the offset between those
# questions and their headings -> 272.) Round 15 held-out check, on main with follow3 merged (switch off -> on): dev
# 571 326 -> 330/406, false refusals 7 -> 6; test 112 -> 114/140 (real-history follow-ups 27 -> 29/34), precision
# 0.3728 -> 0.3765; sealed h6 54 -> 53/75 (precision 0.281 -> 0.293), h7 46/75 unchanged (precision 0.319 -> 0.314).
# Merged with the analysis.PART_* switches, whose gains make up h6's loss (see the closing note's table).
SUBJECT_AXIS_KEPT = 0.5
UNIT_CACHE = 2048  # chunks whose sentences a "chroma" build keeps in memory (about 35 MB; least recently used go first)


class BM25:
    """Okapi BM25 over pre-tokenised documents, kept as a sparse matrix by `bm25s` (Lucene's idf and length norm)."""

    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        import bm25s

        self.n = len(docs)
        self.k1 = k1
        self._bm25 = bm25s.BM25(k1=k1, b=b, method="lucene")
        if docs:
            self._bm25.index(docs, show_progress=False)

    def scores(self, query: list[str]) -> np.ndarray:
        """Score of every document for the distinct query terms (terms the corpus lacks score nothing)."""
        known = [t for t in dict.fromkeys(query) if t in self._bm25.vocab_dict] if self.n else []
        if not known:
            return np.zeros(self.n)
        # Lucene's form leaves out the constant (k1 + 1) of Robertson's; put it back so scores keep their old scale.
        return np.asarray(self._bm25.get_scores(known), dtype=np.float64) * (self.k1 + 1)


@dataclass(frozen=True)
class Snapshot:
    """Everything a query needs from one build, loaded once and never mutated.

    A build of mode "memory" (small corpora) holds every vector here, for exact search in microseconds. A build of
    mode "chroma" (past `Settings.memory_chunks`) leaves its vectors in Chroma: dense search runs in Chroma's HNSW
    index and a chunk's sentence vectors are fetched when the chunk is retrieved, so a process's memory does not
    grow with the number of vectors.
    """

    info: BuildInfo
    chunks: list[Chunk]
    units: Mapping[str, list[Unit]]  # chunk id -> its units in order
    unit_vectors: Mapping[str, np.ndarray]  # chunk id -> its unit vectors, centred on the corpus mean, unit length
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
    unit_stems: Mapping[str, list[list[str]]]  # chunk id -> stems of each of its units
    heading_index: dict[str, list[int]] = field(default_factory=dict)  # heading stem -> chunks (positions) using it
    remote: ChromaVectors | None = None  # set for a "chroma" build: where its vectors are searched

    def chunk_scores(self, query: np.ndarray, depth: int, question: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(plain cosine, centred cosine) of the query with every chunk; -1 where a "chroma" build's search did not
        reach (it returns at least the best `depth` chunks by plain cosine). `question`: the query is a question to
        rank passages for, centred as one (see centre_question)."""
        if self.remote is None:
            centred = centre_question(query, self.chunk_centroid) if question else unit(query - self.chunk_centroid)
            return self.chunk_matrix @ query, self.chunk_centred @ centred
        return self.remote.chunk_scores(query, depth, self.chunk_centroid, question)

    def unit_scores(self, query: np.ndarray, candidates: Sequence[int] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Per chunk, the (centred, plain) cosine of its closest unit; -1 for chunks with no unit scored. A
        "memory" build scores every unit; a "chroma" build scores the units of the given candidate chunks."""
        n = len(self.chunks)
        best, raw = np.full(n, -1.0), np.full(n, -1.0)
        if self.remote is not None:
            return self.remote.unit_scores(query, candidates, self.centroid)
        if len(self.unit_owner):
            np.maximum.at(best, self.unit_owner, self.unit_centred @ unit(query - self.centroid))
            np.maximum.at(raw, self.unit_owner, self.unit_matrix @ query)
        return best, raw

    def complete(
        self, query: np.ndarray, positions: Sequence[int], chunk_raw: np.ndarray, unit_raw: np.ndarray
    ) -> None:
        """Fill in the plain similarities of the given chunks where an approximate search left them unscored."""
        if self.remote is not None:
            self.remote.complete(query, positions, chunk_raw, unit_raw)

    def closeness(self, position: int, query: np.ndarray) -> float:
        """Plain cosine of one chunk (by position) to the query; 0.0 in a "chroma" build, which keeps its chunk
        vectors in Chroma: a chunk joined from outside the search there counts as not close at all."""
        return float(self.chunk_matrix[position] @ query) if self.remote is None else 0.0

    def heading_candidates(self, asked: set[str]) -> list[int]:
        """Positions of the chunks whose heading uses at least one of the asked stems (the only ones it can fit)."""
        found: set[int] = set()
        for term in asked:
            found.update(self.heading_index.get(term, ()))
        return sorted(found)


T = TypeVar("T")


class PerDocument(Generic[T]):
    """What `read(snapshot, positions)` finds in one document (its chunks' positions in the snapshot), read once per
    index build and only for the documents asked for: those a question's search reached, never the whole build."""

    def __init__(self, read: Callable[[Snapshot, Sequence[int]], T]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._build = ""
        self._documents: dict[str, T] = {}
        self._by_source: dict[str, list[int]] = {}  # source -> positions of its chunks in the snapshot

    def of(self, snapshot: Snapshot, sources: Sequence[str]) -> list[T]:
        """What was read from each of the sources, in their order."""
        with self._lock:
            if self._build != snapshot.info.build:
                self._build, self._documents, self._by_source = snapshot.info.build, {}, {}
                for i, c in enumerate(snapshot.chunks):
                    self._by_source.setdefault(c.source, []).append(i)
            # Read under the lock: two questions reaching a new document read it once.
            for source in sources:
                if source not in self._documents:
                    self._documents[source] = self._read(snapshot, self._by_source.get(source, []))
            return [self._documents[s] for s in sources]


K = TypeVar("K")
V = TypeVar("V")


class PerBuild(Generic[K, V]):
    """Values read from one index build, kept by key (a chunk id, a list) until the build changes or more than `limit`
    are held: what a question's pool needs is read the first time a question reaches it, never the whole build."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._build = ""
        self._kept: dict[K, V] = {}

    def get(self, snapshot: Snapshot, keys: Sequence[K], read: Callable[[list[K]], Mapping[K, V]]) -> dict[K, V]:
        """The values of `keys`, those not kept yet read together by `read` (outside the lock: a parse or a model
        pass must not hold up questions that find theirs kept)."""
        build = snapshot.info.build
        with self._lock:
            if self._build != build or len(self._kept) > self._limit:
                self._build, self._kept = build, {}
            found = {k: self._kept[k] for k in keys if k in self._kept}
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        if missing:
            fresh = read(missing)
            with self._lock:
                if self._build == build:
                    self._kept.update(fresh)
            found.update(fresh)
        return found


class ChromaVectors:
    """The vectors of a "chroma" build, searched and fetched in Chroma instead of held in memory.

    Chunk vectors are searched in Chroma's HNSW index. Sentence vectors are packed one record per chunk (see
    `store.pack_units`) and fetched by id only for the chunks a question's searches found, so no process loads an
    index of every sentence: that index would be ten times the chunks' and grow with the corpus.
    """

    def __init__(self, chunks_col: Any, packs_col: Any, chunks: list[Chunk], unit_centroid: np.ndarray) -> None:
        self.chunks_col, self.packs_col = chunks_col, packs_col
        self.chunks = chunks
        self.position = {c.id: i for i, c in enumerate(chunks)}
        self.unit_centroid = unit_centroid
        # One LRU of chunk id -> [units, plain vectors, stems or None]; stems are filled in on first use.
        self._cache: OrderedDict[str, list[Any]] = OrderedDict()
        self._lock = threading.Lock()

    def chunk_scores(
        self, query: np.ndarray, depth: int, centroid: np.ndarray, question: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """(plain, centred) cosine per chunk for the HNSW candidates; -1 elsewhere."""
        n = len(self.chunks)
        raw, rank = np.full(n, -1.0), np.full(n, -1.0)
        # HNSW ranks by plain cosine: over-fetch, then rank the candidates on centred vectors as the memory path does.
        got = self.chunks_col.query(
            query_embeddings=[query.tolist()], n_results=min(n, depth * CANDIDATES), include=["embeddings"]
        )
        ids, vecs = got["ids"][0], np.asarray(got["embeddings"][0], dtype=np.float32)
        if ids:
            at = np.array([self.position[i] for i in ids])
            raw[at] = vecs @ query
            centred = centre_question(query, centroid) if question else unit(query - centroid)
            rank[at] = _centre(vecs, centroid) @ centred
        return raw, rank

    def unit_scores(
        self, query: np.ndarray, candidates: Sequence[int], centroid: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate chunk, (centred, plain) cosine of its closest unit; -1 elsewhere."""
        n = len(self.chunks)
        best, raw = np.full(n, -1.0), np.full(n, -1.0)
        entries = self._entries([self.chunks[i].id for i in candidates])
        rows = [(i, entries[self.chunks[i].id][1]) for i in candidates]
        rows = [(i, v) for i, v in rows if len(v)]
        if rows:
            vecs = np.concatenate([v for _, v in rows])
            owner = np.repeat([i for i, _ in rows], [len(v) for _, v in rows])
            np.maximum.at(best, owner, _centre(vecs, centroid) @ unit(query - centroid))
            np.maximum.at(raw, owner, vecs @ query)
        return best, raw

    def complete(
        self, query: np.ndarray, positions: Sequence[int], chunk_raw: np.ndarray, unit_raw: np.ndarray
    ) -> None:
        """Exact plain similarities for chunks the approximate searches did not reach."""
        missing = [i for i in positions if chunk_raw[i] <= -1.0]
        if missing:
            got = self.chunks_col.get(ids=[self.chunks[i].id for i in missing], include=["embeddings"])
            for cid, vec in zip(got["ids"], got["embeddings"]):
                chunk_raw[self.position[cid]] = float(np.asarray(vec, dtype=np.float32) @ query)
        for i in positions:
            if unit_raw[i] <= -1.0:
                raw = self.units_of(self.chunks[i].id)[1]
                if len(raw):
                    unit_raw[i] = float((raw @ query).max())

    def _entries(self, chunk_ids: Sequence[str]) -> dict[str, list[Any]]:
        """[units in order, plain vectors, stems or None] of each chunk, from a small LRU or, for the rest, one
        fetch by id."""
        out: dict[str, list[Any]] = {}
        with self._lock:
            for cid in chunk_ids:
                hit = self._cache.get(cid)
                if hit is not None:
                    self._cache.move_to_end(cid)
                    out[cid] = hit
        wanted = [cid for cid in dict.fromkeys(chunk_ids) if cid not in out]
        if wanted:
            got = self.packs_col.get(ids=wanted, include=["metadatas"])
            fetched = {}
            for cid, meta in zip(got["ids"], got["metadatas"]):
                chunk = self.chunks[self.position[cid]]
                spans, vecs = unpack_units(meta)
                units = [
                    Unit(chunk.text[s:e], chunk.start + s, chunk.start + e, kind, block, intro)
                    for s, e, kind, block, intro in spans
                ]
                fetched[cid] = [units, vecs, None]
            for cid in wanted:
                # A chunk without a packed record (none should lack one) is a chunk without sentences.
                out[cid] = fetched.get(cid) or [[], np.zeros((0, len(self.unit_centroid)), dtype=np.float32), None]
            with self._lock:
                for cid in wanted:
                    self._cache[cid] = out[cid]
                while len(self._cache) > UNIT_CACHE:
                    self._cache.popitem(last=False)
        return out

    def units_of(self, chunk_id: str) -> tuple[list[Unit], np.ndarray, np.ndarray, list[list[str]]]:
        """(units in order, plain vectors, centred vectors, stems) of one chunk."""
        entry = self._entries([chunk_id])[chunk_id]
        units, raw, unit_stems = entry
        if unit_stems is None:
            # Stems are only needed for the few chunks an answer is chosen from, not for every candidate.
            unit_stems = entry[2] = [stems(u.text) for u in units]
        return units, raw, _centre(raw, self.unit_centroid) if len(raw) else raw, unit_stems


class _LazyUnits(Mapping):
    """A read-only chunk id -> value view over ChromaVectors.units_of (one field of its tuple)."""

    def __init__(self, vectors: ChromaVectors, field_no: int) -> None:
        self._vectors, self._field = vectors, field_no

    def __getitem__(self, chunk_id: str) -> Any:
        if chunk_id not in self._vectors.position:
            raise KeyError(chunk_id)
        return self._vectors.units_of(chunk_id)[self._field]

    def __iter__(self) -> Iterator[str]:
        return iter(self._vectors.position)

    def __len__(self) -> int:
        return len(self._vectors.position)


def load_snapshot(store: IndexStore) -> Snapshot:
    """Open the current build; typed errors say what is wrong and how to fix it."""
    info = store.current()
    if info is None:
        raise IndexMissingError(f"No index found in {store.describe()}. {FIX}")
    if not store.build_exists(info.build):
        raise IndexCorruptError(
            f"The index in {store.describe()} names build {info.build}, which is missing. {REBUILD}"
        )
    chroma_mode = info.mode == "chroma"
    try:
        chunks_col, units_col = store.collections(info.build)
        got = read_all(chunks_col, ["documents", "metadatas"] + ([] if chroma_mode else ["embeddings"]))
        got_u = None if chroma_mode else read_all(units_col, ["documents", "metadatas", "embeddings"])
    except AssistantError:
        raise
    except Exception as exc:
        store.release(info.build)
        raise IndexCorruptError(
            f"The index build {info.build} in {store.describe()} cannot be read ({type(exc).__name__}). {REBUILD}"
        ) from exc
    if not chroma_mode:
        # Everything is in memory now; the build's files need not stay open in this process.
        store.release(info.build)
    chunks: list[Chunk] = []
    chunk_vectors: dict[str, np.ndarray] = {}
    vectors_in = got["embeddings"] if not chroma_mode else [None] * len(got["ids"])
    for cid, doc, m, vec in zip(got["ids"], got["documents"], got["metadatas"], vectors_in):
        if vec is not None:
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
                Chunk.opens_from_metadata(m),
            )
        )
    if not chunks:
        raise IndexCorruptError(f"The index in {store.describe()} is empty. {REBUILD}")
    chunks.sort(key=lambda c: (c.source, c.start))
    tokenised = [stems(c.embedding_text()) for c in chunks]
    surface = {w for c in chunks for w in words(c.embedding_text())}
    vocab = surface | {stem(w) for w in surface}
    doc_freq = Counter(t for toks in tokenised for t in set(toks))
    heading_stems = {c.id: stems(c.heading) for c in chunks}
    heading_index: dict[str, list[int]] = {}
    for i, c in enumerate(chunks):
        for term in set(heading_stems[c.id]):
            heading_index.setdefault(term, []).append(i)
    common = {
        "info": info,
        "chunks": chunks,
        "bm25": BM25(tokenised),
        "vocabulary": frozenset(vocab),
        "corpus_words": tuple(sorted(surface)),
        "doc_freq": dict(doc_freq),
        "heading_stems": heading_stems,
        "heading_index": heading_index,
    }
    if chroma_mode:
        if not info.chunk_centroid or not info.unit_centroid:
            raise IndexCorruptError(f"The index build {info.build} lacks its centroids. {REBUILD}")
        if info.units_layout != "packed":
            raise IndexCorruptError(
                f"The index build {info.build} was written by an earlier version (one record per sentence). {REBUILD}"
            )
        centroid = np.asarray(info.unit_centroid, dtype=np.float32)
        remote = ChromaVectors(chunks_col, units_col, chunks, centroid)
        empty = np.zeros((0, len(centroid)), dtype=np.float32)
        return Snapshot(
            **common,
            units=_LazyUnits(remote, 0),
            unit_vectors=_LazyUnits(remote, 2),
            unit_stems=_LazyUnits(remote, 3),
            centroid=centroid,
            chunk_matrix=empty,
            unit_matrix=empty,
            unit_owner=np.zeros(0, dtype=np.int64),
            chunk_centred=empty,
            unit_centred=empty,
            chunk_centroid=np.asarray(info.chunk_centroid, dtype=np.float32),
            remote=remote,
        )
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
    return Snapshot(
        **common,
        units=units,
        unit_vectors=unit_vectors,
        centroid=centroid,
        chunk_matrix=chunk_matrix,
        unit_matrix=unit_matrix,
        chunk_centred=_centre(chunk_matrix, chunk_centroid),
        unit_centred=_centre(unit_matrix, centroid) if len(unit_matrix) else unit_matrix,
        chunk_centroid=chunk_centroid,
        unit_owner=unit_owner,
        unit_stems={cid: [stems(u.text) for u in us] for cid, us in units.items()},
    )


def unit(v: np.ndarray) -> np.ndarray:
    """The vector scaled to unit length (a zero vector stays zero)."""
    return v / max(float(np.linalg.norm(v)), 1e-9)


def unit_rows(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    """Each row scaled to unit length (float32), as embeddings come from the model."""
    m = np.asarray(vectors, dtype=np.float32)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def _centre(vectors: np.ndarray, centroid: np.ndarray) -> np.ndarray:
    centred = vectors - centroid
    norms = np.linalg.norm(centred, axis=-1, keepdims=True)
    return centred / np.maximum(norms, 1e-9)


def centre(vector: np.ndarray, snapshot: Snapshot) -> np.ndarray:
    """A query vector in the same centred space as the snapshot's unit vectors."""
    return _centre(vector, snapshot.centroid)


def centre_question(vector: np.ndarray, centroid: np.ndarray) -> np.ndarray:
    """A question's vector centred on the corpus mean for ranking passages, with only SUBJECT_AXIS_KEPT of its
    component along the mean's direction: what a question leaves implicit (the sources' shared subject) should not
    rank the passages that leave it out too above those that spell it out (see QUESTION_SUBJECT_AXIS)."""
    centred = unit(vector - centroid)
    if not QUESTION_SUBJECT_AXIS:
        return centred
    axis = unit(centroid)
    return unit(centred - (1.0 - SUBJECT_AXIS_KEPT) * float(centred @ axis) * axis)


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
