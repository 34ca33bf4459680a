"""Passages that say what to do: an instruction ("Limit data access to…", "Most importantly, choose…"), and, with
MEANS, a means ("By clearly defining…, firms can…"). A question asking how to do something (analysis.Analysis.how_to)
is answered by them more often than by the passages stating the problem or the goal in its words (see
composing.DIRECTIVE_BOOST)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from .corpus import Chunk
from .index import PerBuild, Snapshot, centre, centre_question
from .language import parse
from .retrieval import ScoredChunk
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
# Switch: a sentence saying by what doing something is achieved ("By clearly defining duties upfront, firms can better
# determine if partners can provide suitable talent.") answers a how-to question asking for what it achieves ("how can
# we tell whether a provider can supply the right people?"), though the question shares the meaning of its goal
# clause only: read whole, the means clause pulls its vector away (MiniLM, centred: whole sentence 0.20-0.25 to such
# questions, its goal clause alone 0.59-0.65, the best other sentence 0.49). Each such sentence's goal clause (the
# sentence less its "by <doing>" phrase, read from spaCy's parse) is embedded alone (see Goals.of); for a how-to
# question it ranks the sentence when nearer than the sentence itself (composing.select), and a chunk holding a goal
# clause nearer the question than every unit of the build joins the search's hits (Goals.missed). The support the
# decline decision reads is left as it was. Only "by <doing>" counts: a doing as the subject ("Coordinating across
# regions can lead to slower response times…") states a consequence as often as a means (measured: such subjects'
# clauses come no nearer the dev how-to questions they would answer than the sentences already quoted). Dev (771):
# focused 467 -> 469/556 (+d11-088, d13-038; none lost), declined 177/210, false refusals 17, invalid 0, precision
# 0.3344 -> 0.3359 (4 answers change); real-history follow-ups 94/122, 1 false refusal, unchanged. With the heading
# prefixed as at ingest, d13-038 is not gained (its clause falls below the best unit; checked on the item alone).
MEANS_GOALS = True
# What a sentence must hold for spaCy to read "by <doing>" in it: only such sentences are parsed, so Goals.missed can
# read every chunk of a build (a chunk's whole vector ranks the chunk it joins 13th-19th of the article's 25).
BY_DOING_RE = re.compile(r"\bby\b.*\w+ing\b", re.I | re.S)
GOAL_MIN_WORDS = 3  # a guard (fewer words say too little); no goal clause of the article is so short: not tuned


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
    return any(t.dep_ == "csubj" and t.tag_ == "VBG" for t in doc) or _by_doing(doc) is not None


def _by_doing(doc: Any) -> Any:
    """The "by <doing>" preposition qualifying a verb of the text (see _means), or None."""
    for t in doc:
        if (
            t.lower_ == "by"
            and t.dep_ == "prep"
            and t.head.pos_ in ("VERB", "AUX")
            and any(c.tag_ == "VBG" and c.dep_ in ("pcomp", "pobj") for c in t.children)
        ):
            return t
    return None


def goal(doc: Any) -> str | None:
    """What a sentence saying by what doing something is achieved says is achieved: the sentence less its "by
    <doing>" phrase ("firms can reduce their overhead" of "By leveraging…, firms can reduce their overhead."), or None
    when it names no means that way or too little is left."""
    by = _by_doing(doc)
    if by is None:
        return None
    dropped = {t.i for t in by.subtree}
    kept = [t for t in doc if t.i not in dropped]
    while kept and kept[0].is_punct:
        kept.pop(0)
    if sum(not t.is_punct for t in kept) < GOAL_MIN_WORDS:
        return None
    return "".join(t.text_with_ws for t in kept).strip()


def directive(units: list[Unit]) -> list[bool]:
    """For each unit, does it say what to do (an instruction or a means)?"""
    bodies = [_body(u) for u in units]
    plain = parse(bodies)
    led = parse([IMPERATIVE_LEAD + b[:1].lower() + b[1:] for b in bodies])
    return [_instructs(q) or _commands(p) or (MEANS and _means(p)) for p, q in zip(plain, led)]


class Directives:
    """The directive units of each chunk, read the first time a question's pool holds the chunk and kept per build."""

    def __init__(self) -> None:
        self._kept: PerBuild[str, frozenset[int]] = PerBuild(CHUNKS_KEPT)

    def starts(self, snapshot: Snapshot, chunk_id: str) -> frozenset[int]:
        """The starts of the chunk's units that say what to do."""
        return self._kept.get(snapshot, [chunk_id], partial(self._read, snapshot))[chunk_id]

    @staticmethod
    def _read(snapshot: Snapshot, chunk_ids: list[str]) -> dict[str, frozenset[int]]:
        out = {}
        for chunk_id in chunk_ids:
            units = snapshot.units.get(chunk_id, [])
            out[chunk_id] = frozenset(u.start for u, d in zip(units, directive(units)) if d) if units else frozenset()
        return out


class Goals:
    """The goal clauses of each chunk's means sentences (see MEANS_GOALS), embedded and centred once per build."""

    def __init__(self, embeddings: Embeddings) -> None:
        self.embeddings = embeddings
        self._kept: PerBuild[str, dict[int, np.ndarray]] = PerBuild(CHUNKS_KEPT)

    def of(self, snapshot: Snapshot, chunk: Chunk) -> Mapping[int, np.ndarray]:
        """The chunk's means sentences (by start) and their goal clauses' vectors, centred as its units are."""
        return self._kept.get(snapshot, [chunk.id], partial(self._read, snapshot))[chunk.id]

    def _read(self, snapshot: Snapshot, chunk_ids: list[str]) -> dict[str, dict[int, np.ndarray]]:
        out: dict[str, dict[int, np.ndarray]] = {}
        for chunk_id in chunk_ids:
            units = snapshot.units.get(chunk_id, [])
            means = [u for u in units if BY_DOING_RE.search(u.text)]
            texts = {u.start: g for u, d in zip(means, parse([u.text for u in means])) if (g := goal(d))}
            found: dict[int, np.ndarray] = {}
            if texts:
                # Embedded alone, not after its heading as ingest embeds a unit (ingestion._unit_records): the heading
                # names the means' topic, not what it achieves ("Core Competencies: …" 0.59 -> 0.44 to a question
                # asking for that goal, the best other unit 0.49).
                vecs = self.embeddings.embed_documents(list(texts.values()))
                found = {s: centre(np.asarray(v, dtype=np.float32), snapshot) for s, v in zip(texts, vecs)}
            out[chunk_id] = found
        return out

    def missed(self, vector: np.ndarray, hits: list[ScoredChunk], snapshot: Snapshot) -> list[ScoredChunk]:
        """The chunk holding the goal clause nearest a how-to question (its vector `vector`), as a hit, when that
        clause is nearer the question than every unit of the build and the search did not reach the chunk; [] else.
        Read over a build held in memory only (a large build's units stay in its store)."""
        if snapshot.remote is not None or not len(snapshot.unit_centred):
            return []
        q = centre_question(np.asarray(vector, dtype=np.float32), snapshot.centroid)
        best_unit = float((snapshot.unit_centred @ q).max())
        best, at = best_unit, None
        for i, c in enumerate(snapshot.chunks):
            for v in self.of(snapshot, c).values():
                if (s := float(v @ q)) > best:
                    best, at = s, i
        if at is None or snapshot.chunks[at].id in {h.chunk.id for h in hits}:
            return []
        return [ScoredChunk(snapshot.chunks[at], 0.0, snapshot.closeness(at, np.asarray(vector)), 0.0)]


__all__ = ["MEANS", "MEANS_GOALS", "Directives", "Goals", "directive", "goal"]
