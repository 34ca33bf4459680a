"""Things a document names as examples of a kind ("providers like Legal Buddies", "databases like Westlaw"), and a
question about the document asking after one of that kind ("does the write-up push a particular vendor?")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from .analysis import Analysis
from .index import PerDocument, Snapshot, unit_rows
from .language import parse, parsed, stem
from .retrieval import specific
from .selfdescription import TOPIC_DF, AboutDocument
from .text import split_units

# Switch: a question about the document (see selfdescription) whose one topic noun is a kind of thing the document
# gives named examples of ("partners like Legal Buddies") is answered with the sentences naming those examples, in
# source order. The examples' names share no word with such a question ("company", "vendor"), and the document's own
# account of itself, which the question's word for the document reaches, says nothing of them. Only a noun the
# document is asked to act on ("does the piece plug a company?"), not one the reader acts on ("the article says you
# need the right vendor", which lost d11-066 to the examples without that check). The examples' units are the answer
# whatever the support (as a part of the document asked for by what it does is). Dev (671): focused 391 -> 393/481
# with DOCUMENT_ALONE_FLOOR at its first setting (d3-004, d12-063, d13-063 gained; dp-003 lost at INSTANCE_MATCH
# 0.45, kept at 0.5), declined 160/185 and false refusals unchanged, precision 0.3226 -> 0.3298 (d2-001, which asks
# which countries the article points to, now quotes just the countries' sentences).
NAMED_INSTANCES = True
# The prepositions by which English introduces examples of a kind: a proper name after one of them, with the kind's
# noun before ("countries like Colombia and Peru", "tools such as Slack", "vendors including Acme"), is an instance
# of that kind. A closed grammatical class, not fitted to any question; only sentences holding one are parsed.
EXAMPLE_RE = re.compile(r"\b(?:like|such\s+as|including)\s+(?:the\s+)?[A-Z]")
EXAMPLE_HEADS = frozenset({"like", "as", "including"})
# A question noun names a kind of the document's examples when its cosine (each word embedded alone) to the kind's
# noun is at least this. Probes on the bundled article's kinds (partners, providers, databases, regions, countries):
# "company" 0.53 to partners (0.38 to countries, 0.31 to databases), "vendor" 0.54, "business" 0.52, "service" 0.54
# to providers; below it "section" 0.45 and "place" 0.44 (to regions: at 0.45 dev lost dp-003, a question on the
# guide's closing section, to the South America sentence), "agency" 0.43, "organization" 0.42, "author" 0.41;
# "studies", "audience", "goal", "verdict" at most 0.38.
INSTANCE_MATCH = 0.5


@dataclass(frozen=True)
class _Document:
    """One document's named examples: each kind noun (with its vector) and the sentences naming its examples."""

    kinds: tuple[str, ...]  # the kind nouns, lower-case
    vectors: np.ndarray  # each embedded alone, unit length, one row each
    naming: tuple[dict[str, frozenset[int]], ...]  # per kind: chunk id -> starts of the units naming its examples
    positions: dict[str, int]  # those chunks' positions in the snapshot


class Instances:
    """Which named examples of a kind a question about a document asks after, read per index build and only for the
    documents a question's search reached (as selfdescription reads them)."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._documents = PerDocument(self._read)
        self._vectors: dict[str, np.ndarray] = {}  # question noun -> its vector; nouns recur across questions

    def asked(self, a: Analysis, about: AboutDocument | None, snapshot: Snapshot) -> AboutDocument | None:
        """`about` with the units naming the examples the question asks after (its `instances`), or unchanged.

        The question must be about a document and name nothing the sources use as a topic besides their subject
        words ("outsourcing", which name nothing): its other nouns are no topic of theirs (used in at most TOPIC_DF of
        their passages, so "what does the article advise firms?" stays a question about firms). One of those must be
        close to a kind the document gives named examples of."""
        if not NAMED_INSTANCES or about is None or not about.positions or a.names:
            return about
        nouns = [n for n in dict.fromkeys(a.nouns) if stem(n) not in about.words]
        if any(specific(stem(n), snapshot) and snapshot.doc_freq.get(stem(n), 0) > TOPIC_DF for n in nouns):
            return about
        asked = [n for n in nouns if snapshot.doc_freq.get(stem(n), 0) <= TOPIC_DF]
        if asked:
            # Only a thing the document is asked to do something with ("does the piece plug a company?", "a company
            # the piece recommends"): "the article says you need the right vendor" asks what the reader needs.
            words = set(about.words)
            typed = {t.lower_: t for t in parsed(a.text) if t.pos_ in ("NOUN", "PROPN")}
            asked = [n for n in asked if n in typed and _acted_on_by(typed[n], words)]
        if not asked:
            return about
        vectors = np.vstack([self._vector(n) for n in asked])
        sources = list(dict.fromkeys(snapshot.chunks[i].source for i in about.positions.values()))
        units: dict[str, set[int]] = {}
        positions: dict[str, int] = {}
        for doc in self._documents.of(snapshot, sources):
            if not doc.kinds:
                continue
            for k in np.flatnonzero((doc.vectors @ vectors.T).max(axis=1) >= INSTANCE_MATCH):
                for cid, starts in doc.naming[k].items():
                    units.setdefault(cid, set()).update(starts)
                    positions[cid] = doc.positions[cid]
        if not units:
            return about
        instances = {cid: frozenset(s) for cid, s in units.items()}
        return replace(about, instances=instances, instance_positions=positions)

    def _vector(self, noun: str) -> np.ndarray:
        found = self._vectors.get(noun)
        if found is None:
            found = self._vectors[noun] = unit_rows(self.embeddings.embed_documents([noun]))[0]
        return found

    def _read(self, snapshot: Snapshot, positions: Sequence[int]) -> _Document:
        """One document's kinds with named examples; `positions`: its chunks in the snapshot."""
        chunks = sorted(((snapshot.chunks[i], i) for i in positions), key=lambda ci: ci[0].start)
        units = [(c.id, u) for c, _ in chunks for u in split_units(c.text, c.start)]
        candidates = [u.text for _, u in units if EXAMPLE_RE.search(u.text)]
        named: dict[str, set[str]] = {}  # kind noun -> names of its examples
        for doc in parse(candidates):
            for t in doc:
                if t.pos_ != "PROPN" or t.dep_ == "compound":
                    continue
                head = t
                while head.dep_ == "conj":  # "Colombia and Peru": both examples
                    head = head.head
                prep = head.head
                if head.dep_ != "pobj" or prep.lower_ not in EXAMPLE_HEADS or prep.head.pos_ != "NOUN":
                    continue
                first = min([t.i, *(c.i for c in t.children if c.dep_ == "compound")])
                named.setdefault(prep.head.lower_, set()).add(doc[first : t.i + 1].text)
        kinds = tuple(named)
        naming: list[dict[str, frozenset[int]]] = []
        for kind in kinds:
            pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in sorted(named[kind])))
            found: dict[str, set[int]] = {}
            for cid, u in units:
                if pattern.search(u.text):
                    found.setdefault(cid, set()).add(u.start)
            naming.append({cid: frozenset(s) for cid, s in found.items()})
        vectors = (
            unit_rows(self.embeddings.embed_documents(list(kinds))) if kinds else np.zeros((0, 1), dtype=np.float32)
        )
        at = {c.id: i for c, i in chunks}
        return _Document(kinds, vectors, tuple(naming), {cid: at[cid] for n in naming for cid in n})


def _acted_on_by(noun: Any, document: set[str]) -> bool:
    """Is the noun (a spaCy token) what a verb whose subject is the document acts on: its object, the object of a
    preposition under it, its complement, or the noun a relative clause with the document as subject qualifies?
    `document`: stems of the question's words for the document."""

    def by_document(verb: Any) -> bool:
        while True:
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return any(stem(c.text) in document for c in subjects)
            # "Is the article pitching…" is often parsed with the verb qualifying the document ("acl"), or as a clause
            # of the auxiliary ("advcl"), whose subject is then the verb's.
            if verb.dep_ in ("acl", "relcl"):
                return stem(verb.head.text) in document
            # (spaCy makes a new Token on each access: tokens are compared by position.)
            if verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head.i == verb.i:
                return False
            verb = verb.head

    if any(c.dep_ == "relcl" and by_document(c) for c in noun.children):
        return True
    verb = noun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb.pos_ in ("VERB", "AUX") and by_document(verb)


__all__ = ["Instances"]
