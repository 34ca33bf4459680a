"""Passages that say what to do: an instruction ("Limit data access to…", "Most importantly, choose…"), and, with
MEANS, a means ("By clearly defining…, firms can…"). A question asking how to do something (analysis.Analysis.how_to)
is answered by them more often than by the passages stating the problem or the goal in its words (see
composing.DIRECTIVE_BOOST)."""

from __future__ import annotations

import re
import threading
from typing import Any

from .index import Snapshot
from .language import parse
from .text import Unit

# Switch: a means ("by <doing>" qualifying a verb, a doing as a verb's subject) counts as saying what to do, as an
# instruction does. Off: with composing.DIRECTIVE_BOOST, dev 404 -> 403/481 (-d2-006), precision 0.3355 -> 0.3347. The
# parse reads a consequence as a means ("Coordinating across regions can lead to slower response times…") and misses
# the article's strategies sentence ("Strategies like setting clear expectations…", parsed as a verbless noun phrase).
MEANS = False
# A list item opening with a label ("Access controls - Limit external access…") gives its instruction after it: the
# Overview's label pattern (overview.ITEM_LABEL_RE), kept here so that this module reads no Overview code.
LABEL_RE = re.compile(r"^(.{3,60}?)\s+[-–—:]\s+(?=\S)")
# The small model tags a capitalised verb opening a text as a noun as often as not ("Limit data access…" -> NNP,
# "Track access logs…" -> NN): read once more after a word that only a verb in its base form can follow, with the first
# letter lower-cased, its tag and its object say whether the text opens with an instruction. A noun phrase read that
# way ("Please proficiency with databases") is tagged a verb too, but has no object. Bundled article: every
# instruction item of the two remedy lists and both instruction sentences, and two other units ("Focus in-house
# efforts…" of the Pros, "Primarily cost savings and access specialized skills."), are read as instructions.
IMPERATIVE_LEAD = "Please "
OBJECT_DEPS = frozenset(["dobj", "xcomp", "ccomp", "oprd", "prt", "dative"])
SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass", "expl", "aux", "auxpass"])
CHUNKS_KEPT = 10_000  # chunks whose directive units are kept per build: a cache bound, not tuned


def _body(unit: Unit) -> str:
    """The text of a unit less an item's label."""
    m = LABEL_RE.match(unit.text) if unit.kind == "item" else None
    return unit.text[m.end() :] if m else unit.text


def _instructs(doc: Any) -> bool:
    """Does a text read after IMPERATIVE_LEAD open with a verb in its base form that takes an object (an instruction
    given to the reader), past any adverbs ("Only provide…", "Formally contract…")?"""
    toks = [t for t in doc][1:]
    for t in toks:
        if t.pos_ in ("ADV", "PUNCT"):
            continue
        return t.tag_ == "VB" and t.dep_ == "ROOT" and any(c.dep_ in OBJECT_DEPS for c in t.children)
    return False


def _commands(doc: Any) -> bool:
    """Does a text (read as it stands) give an instruction past a fronted adverbial ("Most importantly, choose…"): its
    root a verb in its base form with an object and with no subject or auxiliary of its own?"""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return (
        root is not None
        and root.tag_ == "VB"
        and not any(c.dep_ in SUBJECT_DEPS for c in root.children)
        and any(c.dep_ in OBJECT_DEPS for c in root.children)
    )


def _means(doc: Any) -> bool:
    """Does a text say by what doing something is achieved: "by <doing>" qualifying a verb ("By clearly defining …,
    firms can better determine…"), or a doing as the subject of a verb ("Carefully delineating the scope creates…")?"""
    for t in doc:
        if t.dep_ == "csubj" and t.tag_ == "VBG":
            return True
        if (
            t.lower_ == "by"
            and t.dep_ == "prep"
            and t.head.pos_ in ("VERB", "AUX")
            and any(c.tag_ == "VBG" and c.dep_ in ("pcomp", "pobj") for c in t.children)
        ):
            return True
    return False


def directive(units: list[Unit]) -> list[bool]:
    """For each unit, does it say what to do (an instruction or a means)?"""
    bodies = [_body(u) for u in units]
    plain = parse(bodies)
    led = parse([IMPERATIVE_LEAD + b[:1].lower() + b[1:] for b in bodies])
    return [_instructs(q) or _commands(p) or (MEANS and _means(p)) for p, q in zip(plain, led)]


class Directives:
    """The directive units of each chunk, read the first time a question's pool holds the chunk and kept per build."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._build = ""
        self._starts: dict[str, frozenset[int]] = {}

    def starts(self, snapshot: Snapshot, chunk_id: str) -> frozenset[int]:
        """The starts of the chunk's units that say what to do."""
        with self._lock:
            if self._build != snapshot.info.build or len(self._starts) > CHUNKS_KEPT:
                self._build, self._starts = snapshot.info.build, {}
            found = self._starts.get(chunk_id)
        if found is not None:
            return found
        units = snapshot.units.get(chunk_id, [])
        found = frozenset(u.start for u, d in zip(units, directive(units)) if d) if units else frozenset()
        with self._lock:
            if self._build == snapshot.info.build:
                self._starts[chunk_id] = found
        return found


__all__ = ["MEANS", "Directives", "directive"]
