"""Lists read by their introduction and by their items: each reading embedded once per build, to judge which answers."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from .corpus import Chunk
from .index import Snapshot
from .text import Unit

# List readings whose vectors are kept per build: a cache bound, not tuned (the bundled article has 12 lists).
LISTS_KEPT = 20_000

ListKey = tuple[str, int]  # (chunk id, block)
# How a list is read: by its introduction alone (what the source says the list is), or by its items alone (what it
# holds).
READINGS = ("introduction", "items")


def reading(units: Sequence[Unit], block: int, part: str) -> str:
    """The text of one reading of a list (the units of `block`; see READINGS); empty for an introduction the list
    does not have."""
    own = [u for u in units if u.block == block]
    if part == "introduction":
        return " ".join(u.text for u in own if u.intro)
    return "; ".join(u.text for u in own if u.kind == "item")


class ListReader:
    """Vectors of list readings (unit length), computed the first time a question's pool holds the list and kept for
    the build: a build of many documents is never embedded whole for them, and each reading is embedded at most once."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._lock = threading.Lock()
        self._build = ""
        self._vectors: dict[tuple[ListKey, str], np.ndarray] = {}

    def vectors(self, snapshot: Snapshot, chunks: Iterable[Chunk], part: str) -> Mapping[ListKey, np.ndarray]:
        """One reading (see READINGS) of every list in the chunks, by (chunk id, block); a list without an
        introduction has no "introduction" reading."""
        wanted: dict[tuple[ListKey, str], str] = {}
        for chunk in chunks:
            units = snapshot.units.get(chunk.id, [])
            for block in dict.fromkeys(u.block for u in units if u.kind == "item"):
                text = reading(units, block, part)
                if text:
                    wanted[((chunk.id, block), part)] = text
        with self._lock:
            if self._build != snapshot.info.build or len(self._vectors) > LISTS_KEPT:
                self._build, self._vectors = snapshot.info.build, {}
            missing = [k for k in wanted if k not in self._vectors]
        found: dict[tuple[ListKey, str], np.ndarray] = {}
        if missing:
            rows = np.asarray(self.embeddings.embed_documents([wanted[k] for k in missing]), dtype=np.float32)
            rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
            found = dict(zip(missing, rows))
            with self._lock:
                if self._build == snapshot.info.build:
                    self._vectors.update(found)
        with self._lock:
            known = {k[0]: v for k in wanted if (v := found.get(k, self._vectors.get(k))) is not None}
        return known
