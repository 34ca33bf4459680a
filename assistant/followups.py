"""Follow-up questions offered after an answer: one checked question per section, nearest the cited sections."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from . import prompts
from .answering import Answerer, Reply, topic_phrase
from .index import Snapshot

FOLLOW_UPS = 3  # questions offered after an answer


@dataclass(frozen=True)
class _Topic:
    section: str  # the section's heading path (Chunk.section)
    question: str
    vector: np.ndarray  # mean of the section's chunk vectors, unit length


class FollowUps:
    """Per index build: every section's suggested question, kept only when the build answers it (each run through
    the pipeline once), with the section's vector. Choosing for a reply is then a few dot products."""

    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer
        self._build = ""
        self._topics: list[_Topic] = []
        self._vectors: dict[str, np.ndarray] = {}  # every section's vector, answerable or not
        self._lock = threading.Lock()

    def topics(self, snapshot: Snapshot) -> list[_Topic]:
        """The answerable section questions of this build (computed on first use, then cached)."""
        with self._lock:
            if self._build != snapshot.info.build:
                self._compute(snapshot)
                self._build = snapshot.info.build
            return self._topics

    def _compute(self, snapshot: Snapshot) -> None:
        if snapshot.remote is not None:
            # A build past `memory_chunks` keeps its vectors in Chroma: checking a question for each of its many
            # sections would cost minutes on the first answer, so none is offered there (a known limit).
            self._topics, self._vectors = [], {}
            return
        rows: dict[str, list[int]] = {}
        heading: dict[str, str] = {}
        for i, c in enumerate(snapshot.chunks):
            topic = c.heading or c.title
            if topic:
                rows.setdefault(c.section, []).append(i)
                heading.setdefault(c.section, topic)
        questions = {s: prompts.SUGGESTION.format(topic=topic_phrase(h)) for s, h in heading.items()}
        # Two sections with the same heading ("Conclusion" under two parents) ask the same question: keep the first.
        unique = list(dict.fromkeys(questions.values()))
        answered = set(self.answerer.answerable(unique, snapshot))
        vectors = {}
        for section, idx in rows.items():
            v = snapshot.chunk_matrix[idx].mean(axis=0)
            vectors[section] = v / (np.linalg.norm(v) or 1.0)
        out, seen = [], set()
        for section, q in questions.items():
            if q in answered and q not in seen:
                seen.add(q)
                out.append(_Topic(section, q, vectors[section]))
        self._topics, self._vectors = out, vectors

    def choose(self, reply: Reply, snapshot: Snapshot, asked: list[str], n: int = FOLLOW_UPS) -> list[str]:
        """Up to n questions about the sections nearest those the reply cites, leaving out the cited sections
        themselves and questions already asked in the conversation."""
        if reply.abstained or not reply.citations:
            return []
        topics = self.topics(snapshot)
        cited = {c.section for c in reply.citations}
        anchors = [self._vectors[s] for s in cited if s in self._vectors]
        if not anchors:
            return []
        here = np.mean(anchors, axis=0)
        said = {" ".join(q.lower().split()) for q in asked}
        ranked = sorted(
            (t for t in topics if t.section not in cited and t.question.lower() not in said),
            key=lambda t: -float(t.vector @ here),
        )
        return [t.question for t in ranked[:n]]
