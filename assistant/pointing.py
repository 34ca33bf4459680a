"""Sentences that point back ("This allows…", "Such … leads to…", "…outweigh these challenges"), read together with
the sentence they point at: what such a sentence says is only said by the two together."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
from langchain_core.embeddings import Embeddings

from .corpus import Chunk
from .index import PerBuild, Snapshot
from .text import Unit

# Pair readings whose vectors are kept per build: a cache bound, not tuned (the bundled article has about 20).
PAIRS_KEPT = 20_000
CONTINUES_RE = re.compile(r"(These|This|They|Such|It)\b")
# A demonstrative noun phrase anywhere in a sentence ("these support functions", "this approach") points back too
# (composing: dev focused 150 -> 151/178, precision 0.3718 -> 0.3722).
POINTS_BACK_RE = re.compile(r"\b(?:these|this|such)\s+(?!as\b)[a-z]+", re.I)

PairKey = tuple[str, int]  # (chunk id, start of the pointing sentence)


def points_back(text: str) -> bool:
    """Does a sentence refer to what comes before it: opening with "It", "This", "They"…, or naming "these …"?"""
    return bool(CONTINUES_RE.match(text) or POINTS_BACK_RE.search(text))


def antecedents(units: list[Unit]) -> dict[int, Unit]:
    """For each sentence of a chunk that points back and follows another sentence of its paragraph, that sentence
    (by the pointing sentence's start)."""
    out: dict[int, Unit] = {}
    for before, u in zip(units, units[1:]):
        if (
            u.kind == "sentence"
            and not u.intro
            and before.kind == "sentence"
            and before.block == u.block
            and points_back(u.text)
        ):
            out[u.start] = before
    return out


def pair_text(chunk: Chunk, before: Unit, unit: Unit) -> str:
    """The two sentences as one text, with the chunk's heading, as ingest embeds a sentence (see ingestion)."""
    heading = chunk.heading
    return f"{heading + ':' if heading else ''} {before.text} {unit.text}".strip()


class PairReader:
    """Vectors of each pointing sentence read with the sentence it points at (unit length, not centred), computed the
    first time a question's pool holds its chunk and kept for the build."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._kept: PerBuild[PairKey, np.ndarray] = PerBuild(PAIRS_KEPT)

    def vectors(self, snapshot: Snapshot, chunks: Iterable[Chunk]) -> Mapping[PairKey, np.ndarray]:
        """The pair reading of every pointing sentence of the chunks, by (chunk id, start)."""
        wanted: dict[PairKey, str] = {}
        for chunk in chunks:
            units = snapshot.units.get(chunk.id, [])
            for start, before in antecedents(units).items():
                unit = next(u for u in units if u.start == start)
                wanted[(chunk.id, start)] = pair_text(chunk, before, unit)

        def embed(missing: list[PairKey]) -> dict[PairKey, np.ndarray]:
            rows = np.asarray(self.embeddings.embed_documents([wanted[k] for k in missing]), dtype=np.float32)
            rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
            return dict(zip(missing, rows))

        return self._kept.get(snapshot, list(wanted), embed)
