"""A question asking how a document is laid out ("what sections does the piece have?"), answered with its headings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from .analysis import Analysis
from .corpus import Chunk
from .index import PerDocument, Snapshot, unit_rows
from .language import is_stop, parsed, stem
from .retrieval import ScoredChunk
from .selfdescription import AboutDocument

# Switch: a question about the document alone (see selfdescription._alone) whose own words name its layout is
# answered with the headings of its main sections, each cited as itself (see corpus.Chunk.opens). Without it the
# search ranks passages by topic, and such a question names none: it got the document's account of itself, or was
# declined for want of support. Dev (671): focused 386 -> 388/481 (d12-061, d13-061), false refusals 13 -> 12,
# declined 158/185 unchanged, precision 0.3226 -> 0.3233; test 114/140 unchanged; sealed h7, h8, h9 each +1 focused.
LAYOUT = True
# Generic words for the parts a document is divided into; a question word is matched to these by embedding each, so
# inflections and spellings the list lacks ("organized", "section") still match.
CONCEPTS = ("sections", "parts", "structure", "outline", "headings", "chapters", "contents", "organised", "topics")
# A question word this close to a concept word names the layout. Probes with this model: "organized" 0.86, the
# concept words themselves 1.0; the nearest other words a question about the document uses stay at or below 0.53
# ("subjects" 0.50, "summary" 0.50, "layout" 0.49, "company" 0.47, "broken" 0.47, "main" 0.44, "intro" 0.42).
# The same bar as overview.HEADING_MATCH, which matches heading words to concept words the same way.
LAYOUT_MATCH = 0.75


@dataclass(frozen=True)
class _Document:
    """One document's main sections: the chunk opening each, the heading's depth and where its name starts."""

    openings: tuple[tuple[Chunk, int, int], ...]


class Layout:
    """Whether a question asks for a document's layout, and the openings of the document's main sections."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._documents = PerDocument(_read)
        self._concepts: np.ndarray | None = None
        self._matched: dict[str, bool] = {}  # word -> names the layout; words recur across questions

    def asked(self, a: Analysis, about: AboutDocument | None, snapshot: Snapshot) -> list[tuple[ScoredChunk, int, int]]:
        """Each main section of the document the question is about (the chunk opening each, as a hit named
        outright, with the heading's depth and where its name starts), or [] when the question does not ask how
        that document is laid out."""
        if not LAYOUT or about is None or not about.alone or not about.frame_positions:
            return []
        own = [w for w in dict.fromkeys(a.words) if not is_stop(w) and stem(w) not in about.words]
        matched = {w for w in own if self._names_layout(w)}
        if not matched or not any(_whole(t) for t in parsed(a.text) if t.lower_ in matched):
            return []
        # The document whose frame was found: the one the question's search reached and calls by its own word.
        source = min((snapshot.chunks[i].start, snapshot.chunks[i].source) for i in about.frame_positions.values())[1]
        (doc,) = self._documents.of(snapshot, [source])
        return [(ScoredChunk(c, 0.0, 0.0, 0.0, 1.0, True), depth, at) for c, depth, at in doc.openings]

    def _names_layout(self, word: str) -> bool:
        known = self._matched.get(word)
        if known is None:
            if self._concepts is None:
                self._concepts = unit_rows(self.embeddings.embed_documents(list(CONCEPTS)))
            vector = unit_rows(self.embeddings.embed_documents([word]))[0]
            known = self._matched[word] = bool((self._concepts @ vector).max() >= LAYOUT_MATCH)
        return known


def _whole(token: Any) -> bool:
    """Does a word naming the layout name all of it: not one section picked out ("its final section", "the first
    part"), a singular noun with an adjective or ordinal before it, which asks for that part (see parts)."""
    if token.pos_ != "NOUN" or "Sing" not in token.morph.get("Number"):
        return True
    return not any(c.dep_ in ("amod", "nummod") or c.tag_ in ("JJ", "JJS", "CD") for c in token.children)


def _read(snapshot: Snapshot, positions: Sequence[int]) -> _Document:
    """The headings at the document's top level (the first level holding two or more sections, so a document wrapped
    in one heading is read one level down), each with the chunk that opens it. None when a heading there has no
    verbatim name to cite (a reader tidied its spacing, or the build predates Chunk.opens)."""
    chunks = sorted((snapshot.chunks[i] for i in positions if snapshot.chunks[i].section), key=lambda c: c.start)
    depth = max((len(c.sections) for c in chunks), default=0)
    for level in range(depth):
        named = {c.sections[level] for c in chunks if len(c.sections) > level}
        if len(named) < 2:
            continue
        openings = tuple((c, d, at) for c in chunks for d, at, _ in c.opens if d == level)
        return _Document(openings if len(openings) == len(named) else ())
    return _Document(())
