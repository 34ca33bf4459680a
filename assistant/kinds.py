"""Sections named by their kind: a bare-kind heading ("Pros", "Cons") asked for by a synonym ("the upsides")."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from .analysis import Analysis
from .corpus import SECTION_SEP, Chunk
from .index import Snapshot
from .language import parsed, stem, stems
from .overview import concept_of, concept_roles, concept_vectors
from .retrieval import SUBJECT_DF, ScoredChunk

WORD_KINDS_KEPT = 10_000  # question words whose kind of passage is remembered (a cache bound, not tuned)
# Switch: in `general`, a noun the sources never use right after "the <word for their subject>" ("the drawbacks of
# the outsourcing option", "the upsides of taking the outsourcing path") is the subject in other words, not a
# narrower topic ("tax advantages", "the risks of outsourcing marketing campaigns" still narrow). Round 14, dev 471:
# focused 270 -> 271/331 (d11-051 gained, none lost), declined 122/135 and false refusals 5 unchanged, precision
# 0.3393 -> 0.3416, swap 0.0453 unchanged; one answer changes, none of the 371 items before d11. Measured against it:
# every absent noun inside an "of" phrase, or outside the question's other terms, exempt -> 271/331 too, but a
# question about gains "from having assistants on call" then opened with the Pros list (3 answers change).
SUBJECT_RENAMED = True
# Switch: in `general`, the nouns of a verbless fragment set off from the question's clause by a colon or a sentence's
# end ("Brief answer please: which gains come from …?") frame the request, not its topic, when the kind word has
# its own "of" complement saying what the kind is of: the clause names its topic whole. A bare kind word ("Data
# security: what are the risks?") may take its topic from the fragment, which then still narrows. Round 16, dev 571:
# focused 329 -> 330/406 (d12-016 gained, none lost; one answer changes), declined 141/160, false refusals 6, invalid
# 0, precision 0.3266 -> 0.3274, swap 0.044 unchanged; real-history follow-ups 77/98 unchanged. (Kind words read in a
# carrier phrase, "the <word> of it", were measured for words below the single-word match and not kept: MiniLM
# scores "negatives" 0.69 to the pro words and 0.68 to the con words there, as near as unrelated nouns do.)
FRAMES_APART = True
# Switch: in `general`, a noun qualified by a past participle of a word for the sources' subject ("the gains from
# outsourced clerks") is the subject in other words: the thing the subject's action is done to. Round 16,
# dev 571 with FRAMES_APART: focused 330 -> 331/406 (d6-005 gained, none lost; one answer changes), declined 141/160,
# false refusals 6, invalid 0, precision 0.3274 -> 0.3277, swap 0.044; real-history follow-ups 77/98 unchanged. (A
# noun near a subject phrase by MiniLM was measured instead: "paralegals" scores 0.53 to "legal assistants", below
# "lawyers" at 0.68.)
SUBJECT_PARTICIPLE = True
# Switch: in `general`, a noun the sources use, but never in a section of the kind asked for ("the drawbacks of
# hiring paralegals", where no risk section speaks of paralegals), narrows the kind to nothing the sources say of
# it: the kind is asked of their subject, so its sections answer. A noun some section of that kind uses ("data
# security risks") still narrows, and one the sources never use ("tax advantages") too; so does a noun outside the
# kind word's phrase, doing something else in the question (see _under_kind).
ASKED_OF_SUBJECT = True
DEFINITE = frozenset(["the", "this", "that"])


class Kinds:
    """Which kind of passage (pro, con, mitigation) a question word or a section heading names; the words are
    remembered across questions and the headings per index build."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._concepts: dict[str, np.ndarray] = {}  # see named
        self._heading_kinds: dict[str, str | None] = {}
        self._heading_kinds_build = ""
        self._kinded: list[tuple[Chunk, str]] = []  # the build's chunks under a bare-kind heading, with that kind
        self._word_kinds: dict[str, str | None] = {}  # a question word -> the kind of passage it names, if any
        self._roles: dict[str, str | None] = {}  # every heading's kind, whole or not (see section_role)
        self._roles_build = ""
        self._kind_terms_of: tuple[str, dict[str, frozenset[str]]] = ("", {})  # see _kind_terms

    def named(self, a: Analysis, hits: list[ScoredChunk], snapshot: Snapshot) -> dict[str, tuple[str, ...]]:
        """The retrieved chunks the question names in other words: a heading that is nothing but a kind of passage
        ("Pros", "Cons") named by a synonym ("the upsides", "any drawbacks?").

        Kinds are the Overview's generic pro, con and mitigation vocabulary, matched word by word as the Overview
        matches headings. Only nouns the user typed count, and not one pointing back ("those risks" is the last
        turn's topic, "do we risk…" no request for risks). A longer heading ("Benefits of Outsourcing …") is named
        only by its own words (see answering._names_a_section). Each named chunk comes with the stems of the nouns
        that name it: its heading says them in other words.
        """
        nouns = a.nouns
        if not nouns or not hits:
            return {}
        self._refresh(snapshot)
        kinded = {h.chunk.id: k for h in hits if (k := self._heading_kinds.get(h.chunk.heading or ""))}
        if not kinded:
            # Nothing retrieved sits under such a heading: no need to embed the nouns (one more model call).
            return {}
        naming = self._naming(nouns)
        named = {cid: naming.get(k, ()) for cid, k in kinded.items()}
        return {
            cid: words if general(a, words, snapshot, self._kind_terms(snapshot, kinded[cid])) else ()
            for cid, words in named.items()
            if words
        }

    def missed(self, a: Analysis, hits: list[ScoredChunk], snapshot: Snapshot) -> list[ScoredChunk]:
        """Bare-kind sections the question asks for by a synonym that the search did not reach ("the benefits of
        outsourcing" when "Pros" ranks below the prose that uses the word "benefit"), as hits named outright."""
        nouns = a.nouns
        if not nouns:
            return []
        self._refresh(snapshot)
        reached = {h.chunk.id for h in hits}
        kinded = [(c, k) for c, k in self._kinded if c.id not in reached]
        if not kinded:
            return []
        naming = self._naming(nouns)
        out = []
        for c, k in kinded:
            words = naming.get(k, ())
            if words and general(a, words, snapshot, self._kind_terms(snapshot, k)):
                out.append(ScoredChunk(c, 0.0, 0.0, 0.0, 1.0, True, words))
        return out

    def _naming(self, nouns: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """For each kind of passage, the stems of the nouns that name it."""
        kinds = self.of(nouns)
        out: dict[str, tuple[str, ...]] = {}
        for w in nouns:
            if (k := kinds[w]) is not None:
                out[k] = (*out.get(k, ()), stem(w))
        return out

    def _refresh(self, snapshot: Snapshot) -> None:
        build = snapshot.info.build
        if self._heading_kinds_build != build:
            headings = sorted({c.heading for c in snapshot.chunks if c.heading})
            emb = self.embeddings
            self._heading_kinds, self._heading_kinds_build = concept_roles(headings, emb, every_word=True), build
            # Read by every question asking for a kind: listed once per build, not per question.
            self._kinded = [(c, k) for c in snapshot.chunks if (k := self._heading_kinds.get(c.heading or ""))]

    def section_role(self, snapshot: Snapshot, chunk: Chunk) -> str | None:
        """The kind of passage (pro, con, mitigation) a chunk's section is, by its deepest heading naming one (a
        heading naming none takes its parent's, as the Overview reads sections)."""
        build = snapshot.info.build
        if self._roles_build != build:
            headings = sorted({h for c in snapshot.chunks for h in c.section.split(SECTION_SEP) if h})
            self._roles, self._roles_build = concept_roles(headings, self.embeddings), build
        path = [h for h in chunk.section.split(SECTION_SEP) if h]
        return next((r for h in reversed(path) if (r := self._roles.get(h))), None)

    def _kind_terms(self, snapshot: Snapshot, kind: str) -> frozenset[str]:
        """The stems the chunks of every section of one kind use (see ASKED_OF_SUBJECT), listed once per build."""
        build = snapshot.info.build
        if self._kind_terms_of[0] != build:
            terms: dict[str, set[str]] = {}
            for c in snapshot.chunks:
                if role := self.section_role(snapshot, c):
                    terms.setdefault(role, set()).update(stems(c.text))
            self._kind_terms_of = (build, {k: frozenset(v) for k, v in terms.items()})
        return self._kind_terms_of[1].get(kind, frozenset())

    def of(self, words: Sequence[str]) -> dict[str, str | None]:
        """The kind of passage (pro, con, mitigation) each word names, if any; each word is embedded once."""
        emb = self.embeddings
        if not self._concepts:
            self._concepts = concept_vectors(emb)
        known = self._word_kinds
        new = sorted({w for w in words if w not in known})
        if new:
            vecs = np.asarray(emb.embed_documents(new), dtype=np.float32)
            # A copy is filled and swapped in whole, so questions answered at the same time (the UI serves
            # several) never read a dict mid-update.
            known = dict(known) if len(known) <= WORD_KINDS_KEPT else {}
            known.update((w, concept_of(v[None, :], self._concepts)) for w, v in zip(new, vecs))
            self._word_kinds = known
        return {w: known[w] for w in words}


@lru_cache(maxsize=64)  # read for each noun of the question and each section named: one walk of the parse serves
def _under_kind(text: str, kind_words: frozenset[str]) -> frozenset[str]:
    """The nouns (lower-case) inside the phrase of a kind word ("the drawbacks of hiring paralegals"): what the kind
    is asked of. A noun elsewhere ("does the opening state the problem?") does something else in the question."""
    return frozenset(
        t.lower_
        for t in parsed(text)
        if t.pos_ in ("NOUN", "PROPN") and any(stem(h.lower_) in kind_words for h in t.ancestors)
    )


def general(
    a: Analysis, kind_words: Sequence[str], snapshot: Snapshot, kind_terms: frozenset[str] | None = None
) -> bool:
    """Does the question ask for the items of a kind in general ("the benefits of outsourcing"): every other noun
    it uses is the sources' subject, so no one passage about a narrower topic ("data security risks") is meant?
    A noun the sources never use counts as narrower ("tax advantages"); verbs and adjectives narrow nothing.
    `kind_terms`, the stems the sections of the kind use, makes a noun none of them uses the subject's (see
    ASKED_OF_SUBJECT)."""
    n = len(snapshot.chunks)

    def subject(w: str) -> bool:
        return snapshot.doc_freq.get(stem(w), 0) > SUBJECT_DF * n

    def unsaid(w: str) -> bool:
        said = not kind_terms or not snapshot.doc_freq.get(stem(w), 0) or stem(w) in kind_terms
        return not said and w in _under_kind(a.text, frozenset(kind_words))

    typed = a.words
    # "the outsourcing path": a noun the sources lack, made definite by a word for their subject, names that subject.
    renamed = {
        w for i, w in enumerate(typed)
        if SUBJECT_RENAMED and i >= 2 and typed[i - 2] in DEFINITE and subject(typed[i - 1])
    }  # fmt: skip
    # The kind word followed by "of": its complement names what the kind is of, so a set-off fragment only frames.
    complete = any(stem(w) in kind_words and typed[i + 1] == "of" for i, w in enumerate(typed[:-1]))
    framing = set(a.set_off) if FRAMES_APART and complete else set()
    return all(
        stem(w) in kind_words
        or subject(w)
        or (w in renamed and not snapshot.doc_freq.get(stem(w)))
        or (w in framing)
        or (SUBJECT_PARTICIPLE and any(n == w and subject(m) for n, m in a.participled))
        or (ASKED_OF_SUBJECT and kind_terms is not None and unsaid(w))
        for w in a.nouns
    )
