"""Late interaction: a passage read token by token against the question's words (ColBERT's MaxSim), from the same
MiniLM pass that gives the sentence vectors. Each topic word of the question finds its closest token of the passage
(both read in their own context), and the passage scores the mean of those closest cosines, each word weighted by its
rarity in the corpus. A sentence that says the question's thing in other words keeps the tokens that say it, where its
pooled vector mixes them with everything else it says."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from .corpus import Chunk
from .index import PerBuild, Snapshot
from .language import WORD_RE, stem
from .retrieval import idf
from .text import Unit

# Chunks whose token states are kept per build: a cache bound. Kept as float32 (the bundled article's 25 chunks hold
# 2,663 tokens: 4 MB; 256 chunks of up to 256 tokens at most 100 MB): float16 halves that but converting back cost
# 1.4 ms a question against 0.8 ms. A large build's chunks are read by a model pass when a question's pool first holds
# them (about 5-15 ms a chunk here), not stored at ingest: an 18 MB corpus's states (about 4.5 M tokens x 384) would
# take 3.5 GB even as float16.
TOKENS_KEPT = 256

ChunkStates = tuple[np.ndarray, np.ndarray]  # (unit-length token states; their offsets in the source, start/end)
ChunkWords = tuple[np.ndarray, np.ndarray, np.ndarray]  # (each word's stem, its start in the source, its reading)


def _heading_lead(chunk: Chunk) -> int:
    """Where the chunk's text starts in the text embedded for it (its heading path and a blank line first)."""
    return len(chunk.section) + 2 if chunk.section else 0


class TokenReader:
    """Each chunk's tokens read in the chunk's context (as ingest embeds the chunk), computed the first time a
    question's pool holds the chunk and kept for the build; and a question's topic words read in its own context."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._kept: PerBuild[str, ChunkStates] = PerBuild(TOKENS_KEPT)
        self._words: PerBuild[str, ChunkWords] = PerBuild(TOKENS_KEPT)

    def available(self) -> bool:
        """Can the embedding backend give token states (the ONNX one can; the torch reference backend cannot)?"""
        return hasattr(self.embeddings, "token_states")

    def chunks(self, snapshot: Snapshot, chunks: Iterable[Chunk]) -> dict[str, ChunkStates]:
        """Token states of the chunks, by chunk id, with offsets in the source file."""
        wanted = {c.id: c for c in chunks}

        def read(missing: list[str]) -> dict[str, ChunkStates]:
            got = self.embeddings.token_states([wanted[k].embedding_text() for k in missing])  # type: ignore[attr-defined]
            out = {}
            for k, (states, offsets) in zip(missing, got):
                c = wanted[k]
                shift = c.start - _heading_lead(c)
                out[k] = (states, offsets + shift)
            return out

        return self._kept.get(snapshot, list(wanted), read)

    def words(self, snapshot: Snapshot, chunks: Iterable[Chunk]) -> dict[str, ChunkWords]:
        """Each word of each chunk read in the chunk's context (see chunk_words), by chunk id, kept for the build."""
        wanted = {c.id: c for c in chunks}

        def read(missing: list[str]) -> dict[str, ChunkWords]:
            states = self.chunks(snapshot, [wanted[k] for k in missing])
            return {k: chunk_words(wanted[k], *states[k]) for k in missing if k in states}

        return self._words.get(snapshot, list(wanted), read)

    def question_words(self, texts: Sequence[str], terms: Sequence[str]) -> dict[str, np.ndarray]:
        """Each topic word of the question (stems in `terms`) as the question uses it: its tokens' states read in the
        question's context, averaged (see word_states)."""
        text = next((t for t in texts if t and self.embeddings.has_states(t)), texts[0])  # type: ignore[attr-defined]
        states, offsets = self.embeddings.token_states([text])[0]  # type: ignore[attr-defined]
        return word_states(text, states, offsets, frozenset(terms))

    def question(
        self, texts: Sequence[str], terms: Sequence[str], snapshot: Snapshot
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The tokens of the question's topic words (stems in `terms`), read in the question's context, with each
        word's corpus idf as its weight (a word the sources never use weighs as one in no chunk); None without any."""
        # The first of the texts whose states its embedding kept (a part's or a follow-up's own text may not be the
        # one embedded), else the first: a model pass of its own.
        text = next((t for t in texts if t and self.embeddings.has_states(t)), texts[0])  # type: ignore[attr-defined]
        wanted = set(terms)
        spans, weights = [], []
        n = len(snapshot.chunks)
        for m in WORD_RE.finditer(text):
            s = stem(m.group(0).lower().replace("’", "'"))
            if s in wanted:
                spans.append((m.start(), m.end()))
                weights.append(idf(snapshot.doc_freq.get(s, 0), n))
        if not spans:
            return None
        states, offsets = self.embeddings.token_states([text])[0]  # type: ignore[attr-defined]
        rows, w = [], []
        for (start, end), weight in zip(spans, weights):
            inside = (offsets[:, 0] < end) & (offsets[:, 1] > start)
            for r in np.flatnonzero(inside):
                rows.append(states[r])
                w.append(weight)
        if not rows:
            return None
        return np.asarray(rows, dtype=np.float32), np.asarray(w, dtype=np.float32)


def maxsim(
    question: tuple[np.ndarray, np.ndarray], states: Mapping[str, ChunkStates], chunk_id: str, spans: Sequence[tuple]
) -> np.ndarray:
    """Per unit span (start, end in the source; in order, not overlapping) of one chunk, the idf-weighted mean over
    the question's tokens of the closest token of the span; a span with no token read (past the model window) gets
    the chunk's lowest."""
    q, w = question
    toks, offsets = states[chunk_id]
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    # Each token's unit: the last span starting before the token ends, if the token starts before that span ends.
    owner = np.searchsorted(bounds[:, 0], offsets[:, 1], side="left") - 1
    inside = (owner >= 0) & (offsets[:, 0] < bounds[np.maximum(owner, 0), 1])
    out = np.full(len(bounds), np.nan, dtype=np.float32)
    if not inside.any():
        return np.zeros(len(bounds), dtype=np.float32)
    kept, units = toks[inside], owner[inside]
    sims = q @ kept.T  # question tokens x the chunk's unit tokens: a few dozen by a few hundred
    starts = np.flatnonzero(np.r_[True, units[1:] != units[:-1]])  # tokens are in source order, so units run together
    best = np.maximum.reduceat(sims, starts, axis=1)  # question tokens x units read
    out[units[starts]] = (w @ best) / w.sum()
    return np.where(np.isnan(out), np.nanmin(out), out)


def _word_reads(
    text: str, states: np.ndarray, offsets: np.ndarray, at: int = 0
) -> Iterator[tuple[str, int, np.ndarray]]:
    """Each word of `text` that the model read: its stem, where it starts, and the mean of its tokens' states, from
    `states` whose `offsets` are in the coordinates where `text` starts at `at`."""
    for m in WORD_RE.finditer(text):
        start, end = at + m.start(), at + m.end()
        inside = (offsets[:, 0] < end) & (offsets[:, 1] > start)
        if inside.any():
            yield stem(m.group(0).lower().replace("’", "'")), start, states[inside].mean(axis=0)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def word_states(text: str, states: np.ndarray, offsets: np.ndarray, terms: frozenset[str]) -> dict[str, np.ndarray]:
    """Per stem of `terms` that a word of `text` has, the unit-length mean of the states of that word's tokens (all of
    its occurrences in the text), read from `states` with their `offsets` in the text."""
    found: dict[str, list[np.ndarray]] = {}
    for s, _, v in _word_reads(text, states, offsets):
        if s in terms:
            found.setdefault(s, []).append(v)
    return {s: _unit(np.mean(rows, axis=0)) for s, rows in found.items()}


def chunk_words(chunk: Chunk, states: np.ndarray, offsets: np.ndarray) -> ChunkWords:
    """Every word of a chunk's text that the model read (within its window): its stem, where it starts in the source,
    and its reading (the unit-length mean of its tokens' states)."""
    read = list(_word_reads(chunk.text, states, offsets, chunk.start))
    dim = states.shape[1] if states.ndim == 2 else 0
    vectors = np.asarray([_unit(v) for _, _, v in read], dtype=np.float32).reshape(-1, dim)
    return (
        np.asarray([s for s, _, _ in read], dtype=object),
        np.asarray([b for _, b, _ in read], dtype=np.int64),
        vectors,
    )


def senses(question: Mapping[str, np.ndarray], read: ChunkWords, units: Sequence[Unit]) -> list[dict[str, float]]:
    """Per unit of one chunk (its words `read` by chunk_words), for each question word it uses itself (by stem), the
    cosine of the word as the unit uses it to the word as the question uses it, each read in its own context (the
    best of its uses in the unit; see composing.WORD_SENSE)."""
    word_stems, starts, vectors = read
    out: list[dict[str, float]] = [{} for _ in units]
    if not len(starts):
        return out
    bounds = np.asarray([(u.start, u.end) for u in units], dtype=np.int64).reshape(-1, 2)
    owner = np.searchsorted(bounds[:, 0], starts, side="right") - 1
    for s, q in question.items():
        at = np.flatnonzero(word_stems == s)
        if not len(at):
            continue
        sims = vectors[at] @ q
        for i, sim in zip(at, sims):
            u = int(owner[i])
            if u >= 0 and starts[i] < bounds[u, 1]:
                out[u][s] = max(out[u].get(s, -1.0), float(sim))
    return out
