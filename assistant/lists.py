"""Lists read whole, by their introduction and by their items: each embedded once per build, to judge which answers."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from .corpus import Chunk
from .index import Snapshot
from .text import Unit

# Lists whose whole-list vectors are kept per build: a cache bound, not tuned (the bundled article has 12 lists).
LISTS_KEPT = 20_000

ListKey = tuple[str, int]  # (chunk id, block)
# How a list is read: whole (list_text), by its introduction alone (what the source says the list is), or by its
# items alone (what it holds).
READINGS = ("whole", "introduction", "items")


def list_text(chunk: Chunk, units: Sequence[Unit], block: int) -> str:
    """The text a list (the units of `block`, in a chunk whose units are `units`) is embedded as: its heading, the
    paragraph introducing it, then its items, one after the other.

    Each item is embedded alone with the heading and introduction before it (see ingestion._unit_records), which
    says what the item belongs to; the list as one text says what it is about as a whole. The introduction is the
    whole paragraph that ends in the colon ("A legal assistant typically provides more administrative support….
    Common legal assistant responsibilities include:"): its sentences before the colon often say what the list is.
    """
    own = [u for u in units if u.block == block]
    intro = [u for u in own if u.intro]
    lead = _lead(chunk, units, intro[0]) if intro else []
    items = "; ".join(u.text for u in own if u.kind == "item")
    framing = " ".join(u.text for u in (*lead, *intro))
    return " ".join(x for x in (f"{chunk.heading}:" if chunk.heading else "", framing, items) if x)


def reading(chunk: Chunk, units: Sequence[Unit], block: int, part: str) -> str:
    """The text of one reading of a list (see READINGS); empty for an introduction the list does not have."""
    if part == "whole":
        return list_text(chunk, units, block)
    own = [u for u in units if u.block == block]
    if part == "introduction":
        return " ".join(u.text for u in own if u.intro)
    return "; ".join(u.text for u in own if u.kind == "item")


def _lead(chunk: Chunk, units: Sequence[Unit], intro: Unit) -> list[Unit]:
    """The sentences of the paragraph a list's introduction ends, before it (no line break between them)."""
    lead: list[Unit] = []
    after = intro
    for u in reversed([u for u in units if u.kind == "sentence" and not u.intro and u.end <= intro.start]):
        if "\n" in chunk.text[u.end - chunk.start : after.start - chunk.start]:
            break
        lead.insert(0, u)
        after = u
    return lead


class ListReader:
    """Whole-list vectors (unit length), computed the first time a question's pool holds the list and kept for the
    build: a build of many documents is never embedded whole for them, and a list is embedded at most once."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._lock = threading.Lock()
        self._build = ""
        self._vectors: dict[tuple[ListKey, str], np.ndarray] = {}

    def vectors(self, snapshot: Snapshot, chunks: Iterable[Chunk], part: str = "whole") -> Mapping[ListKey, np.ndarray]:
        """One reading (see READINGS) of every list in the chunks, by (chunk id, block); a list without an
        introduction has no "introduction" reading."""
        wanted: dict[tuple[ListKey, str], str] = {}
        for chunk in chunks:
            units = snapshot.units.get(chunk.id, [])
            for block in dict.fromkeys(u.block for u in units if u.kind == "item"):
                text = reading(chunk, units, block, part)
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
