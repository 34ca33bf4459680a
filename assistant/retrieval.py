"""Hybrid retrieval (dense search over the vectors stored in Chroma, fused with BM25) and standalone follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .corpus import Chunk
from .index import BM25, IndexHandle, Snapshot
from .text import ANAPHORA, asked_terms, content_words, expand, stems, words

# Small k: with a few dozen chunks, first place in one ranking should count for more than a long tail.
RRF_K = 10
# A synonym of a heading word ("disadvantages" for "Cons") counts half, as in body text: a stronger weight
# was tried and lost more eval items than it gained.
SYNONYM_HEADING_WEIGHT = 0.5
NAMED_HEADING = 1.0  # fit at which a section counts as named by the question
SYNONYM_LEXICAL_WEIGHT = 0.5  # a synonym standing in for a word the corpus lacks counts half, as in body text


@dataclass(frozen=True)
class ScoredChunk:
    """A retrieved chunk with the evidence for its rank."""

    chunk: Chunk
    score: float  # fused reciprocal-rank score
    dense: float  # cosine similarity to the query of the chunk or its closest sentence
    lexical: float  # BM25 score
    heading: float = 0.0  # share of the chunk's own heading the question names (see heading_fit)


def heading_fit(
    chunk: Chunk, wanted: set[str], exact: set[str] | None = None, heading: list[str] | None = None
) -> float:
    """Share of the chunk's own (innermost) heading words that the question asks for; a word met only
    through a synonym counts half."""
    if heading is None:
        heading = stems(chunk.heading)
    if not heading:
        return 0.0
    exact = wanted if exact is None else exact
    return sum(1.0 if h in exact else SYNONYM_HEADING_WEIGHT if h in wanted else 0.0 for h in heading) / len(heading)


def to_document(hit: ScoredChunk) -> Document:
    """A LangChain Document carrying the chunk and its scores in metadata."""
    c = hit.chunk
    return Document(
        id=c.id,
        page_content=c.text,
        metadata={**c.metadata(), "id": c.id, "score": hit.score, "dense": hit.dense, "lexical": hit.lexical},
    )


class HybridRetriever(BaseRetriever):
    """Dense search over chunks and sentences plus BM25 and section titles, merged by reciprocal rank fusion.

    The vectors are the ones ingest stored in Chroma, read once per build into the snapshot: an exact search
    over a few hundred in-memory vectors takes microseconds, where a query through Chroma took about 1 ms.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: IndexHandle
    embeddings: Embeddings
    k: int = 5

    def search(self, query: str, snapshot: Snapshot, vector: Sequence[float] | None = None) -> list[ScoredChunk]:
        """Fused ranking of chunks for the query within one snapshot."""
        vector = vector if vector is not None else self.embeddings.embed_query(query)
        n = len(snapshot.chunks)
        depth = min(n, max(self.k * 4, 20))
        query_vector = np.asarray(vector, dtype=np.float32)
        # Exact cosine search over the chunk vectors read from Chroma with the snapshot.
        chunk_sims = snapshot.chunk_matrix @ query_vector
        dense = {int(i): float(chunk_sims[i]) for i in np.argsort(-chunk_sims)[:depth]}
        # Sentences are scored too, in memory (they are loaded with the snapshot): a one-line answer inside a
        # long chunk is found by its own vector.
        unit_best: dict[int, float] = {}
        if len(snapshot.unit_owner):
            sims = snapshot.unit_matrix @ query_vector
            best = np.full(n, -1.0)
            np.maximum.at(best, snapshot.unit_owner, sims)
            unit_best = {int(i): float(best[i]) for i in np.argsort(-best)[: min(depth, n)] if best[i] > -1.0}
        lex = snapshot.bm25.scores(*_lexical_terms(stems(query), snapshot.bm25))
        fused = np.zeros(n)
        for ranking in (dense, unit_best):
            for rank, i in enumerate(sorted(ranking, key=ranking.get, reverse=True)):
                fused[i] += 1.0 / (RRF_K + rank + 1)
        for rank, i in enumerate(np.argsort(-lex)[:depth]):
            if lex[i] > 0:
                fused[i] += 1.0 / (RRF_K + rank + 1)
        # Section titles the question names outright form a third ranking (a field boost, as in BM25F).
        exact, wanted = asked_terms(query)
        fits = {i: heading_fit(c, wanted, exact, snapshot.heading_stems[c.id]) for i, c in enumerate(snapshot.chunks)}
        ranked = sorted((i for i in fits if fits[i] > 0), key=lambda i: (-fits[i], -dense.get(i, 0.0)))
        for rank, i in enumerate(ranked[:depth]):
            # A section title named in full ("pros", "cons") is the strongest hint a question gives.
            fused[i] += fits[i] * (2.0 if fits[i] >= NAMED_HEADING else 1.0) / (RRF_K + rank + 1)
        order = [i for i in np.argsort(-fused) if fused[i] > 0][: self.k]
        # A chunk is as close to the question as its closest part, whole chunk or single sentence.
        return [
            ScoredChunk(
                snapshot.chunks[i],
                float(fused[i]),
                max(dense.get(i, 0.0), unit_best.get(i, 0.0)),
                float(lex[i]),
                fits[i],
            )
            for i in order
        ]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [to_document(h) for h in self.search(query, self.index.current())]


def _lexical_terms(query: list[str], bm25: BM25) -> tuple[list[str], dict[str, float]]:
    """The query's terms for BM25; a word the corpus never uses is searched by its synonyms that it does use.

    "Disadvantages" occurs nowhere, "cons" and "risks" do: without this the word that says what is wanted adds
    nothing, and the other words of the question ("offshore", "paralegals") alone decide the ranking.
    """
    terms, weights = [], {}
    for t in query:
        if t in bm25.postings:
            terms.append(t)
            weights[t] = 1.0
            continue
        for alt in expand(t) - {t}:
            if alt in bm25.postings:
                terms.append(alt)
                weights[alt] = max(weights.get(alt, 0.0), SYNONYM_LEXICAL_WEIGHT)
    return terms, weights


def make_retriever(index: IndexHandle, embeddings: Embeddings, k: int = 5) -> HybridRetriever:
    """The one way the package builds its retriever."""
    return HybridRetriever(index=index, embeddings=embeddings, k=k)


MAX_FOLLOW_UP_TOPIC = 3  # topic words a pronoun-bearing question may have and still lean on the conversation
FOLLOW_UP_OPENERS = ("and ", "what about", "how about", "but ", "also ", "so ", "then ", "why ", "how so")


def is_follow_up(question: str) -> bool:
    """Does the question lean on the conversation (pronouns, 'what about…', or no topic of its own)?"""
    q = question.lower().strip()
    toks = words(q)
    if q.startswith(FOLLOW_UP_OPENERS):
        return True
    own_topic = len(content_words(q))
    # "their first assignment" in a question with a topic of its own points inside the question, not back.
    if any(t in ANAPHORA for t in toks) and own_topic <= MAX_FOLLOW_UP_TOPIC:
        return True
    # "why?", "how so?", "tell me more": nothing of its own to search for.
    return own_topic == 0


def standalone_query(question: str, history: Sequence[dict[str, Any]] | None, max_turns: int = 6) -> str:
    """Rewrite a follow-up as a self-contained retrieval query using the earlier user questions."""
    previous: list[str] = []
    for msg in list(history or [])[-max_turns:]:
        if msg.get("role") != "user":
            continue
        text = str(msg.get("content") or "").strip()
        if not text:
            continue
        # Earlier follow-ups are resolved in turn, so a chain of them keeps the original topic.
        previous.append(f"{text} {previous[-1]}" if previous and is_follow_up(text) else text)
    if not previous or not is_follow_up(question):
        return question
    return f"{question} {previous[-1]}"
