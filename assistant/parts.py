"""Parts of a document asked for by what they do: its opening or closing section ("Introduction", "Conclusion",
"Key Takeaways") named in other words ("how does the article begin?", "the author's final thoughts")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from .analysis import Analysis
from .corpus import SECTION_SEP, Chunk
from .index import PerDocument, Snapshot
from .language import is_stop, parsed, stem, words
from .retrieval import ScoredChunk, specific
from .selfdescription import AboutDocument

# The question's own words (the document's name for itself and the sources' subject left out), embedded as one
# phrase, name an opening or closing section when their cosine to its heading is at least this and no other heading
# of the document is closer. Probes on the bundled article (plain cosine of the phrase alone to the heading):
# "conclude" 0.81, "begin" 0.57, "verdict" phrases 0.54, "end" 0.49, "thoughts" phrases 0.45, "closing remarks"
# 0.40, "opening" 0.39; "intended reader" 0.37 and a recap of the points 0.39 are closest to "Introduction" (the
# first is answered there anyway, the second asks for the takeaways); "wrap up" (0.26) and summing up (0.38,
# "Introduction" ahead of "Key Takeaways") are beyond the model. Dev (371): focused 210 -> 211/251 (d9-011),
# declined 104/115 and false refusals 5 unchanged, precision 0.3713 -> 0.3735, swap 0.0471 -> 0.0468; d1-d5 answers
# identical. 0.45: the same dev figures (loses "closing remarks" 0.40 and "opening" 0.39 above); 0.33: 211/251 too,
# but dp-002 gained and d9-001 (asking the document's purpose, "goal" 0.34) lost to the conclusion, precision 0.3757,
# swap 0.0465.
PART_MATCH = 0.38
# Switch: when the question's own words, read as one phrase, name no opening or closing section, each of them read
# alone may: the phrase dilutes the one word saying which part is meant with the words saying what is asked of it
# (a dev question's whole phrase ending "at the end" scores 0.23 to "Conclusion", "end" alone 0.49; "end closing
# message" 0.28). The word must meet PART_MATCH, as the phrase must, with the section its nearest heading. Round 20
# (helper `doc20`), dev 771, switched off alone: focused 473 -> 471/556 (d12-060, d14-060 lost), false refusals
# 16 -> 17, precision 0.3360 -> 0.3350; declined 177/210 either way.
PART_WORDS = True
# A word read alone is nearer some heading by chance more often than a phrase ("references" 0.50 to "Introduction",
# "sentence" 0.49 to "Conclusion"): it must also lead the next heading by this much. Probes on the bundled article:
# "end" leads by 0.27, "begin" 0.22, "finish" 0.22, "final" 0.18, "verdict" 0.17; "references" 0.16, "sentence"
# 0.16, "ending" 0.16, "reader" 0.07, "studies" 0.03. Dev (771): 0.12 and 0.17 the same (see PART_WORDS), 0.25 the
# same focused count but precision 0.3360 -> 0.3355 ("final" of "final section" lost); without the margin d9-007
# and d11-095 (the document's purpose, by "reader"/"reading") were answered with the Introduction instead of the
# document's account of itself (still focused) and d9-026 (cited studies, to decline) with it too.
PART_WORD_MARGIN = 0.17
# Switch: a question naming an opening or closing section by its heading outright ("the introduction", "the intro",
# "the conclusion") and no other topic of the sources (every noun it uses that the sources use in a few passages
# only is a word of that heading) asks for that section, as one naming the part in other words does: it is quoted
# whole in source order, not cut to the sentence nearest the question's other words ("set up", "the problem").
# Round 20, dev 771, switched off alone: focused 473 -> 471/556 (d12-062, d13-062 lost: the intro's second sentence,
# on the savings and the risks, was cut), precision 0.3360 -> 0.3355; declined and false refusals unchanged.
# Ships OFF: measured on the held-out sets before merging, it gained a sealed answer (h8 52 -> 53/75) but lost a
# follow-up of the frozen test split with the assistant's own answers as history (30 -> 29/34), which CI gates on.
EDGE_NAMED = False
# Switch: EDGE_NAMED for a heading the question has act or own as a document does ("what does the intro lead with?",
# "the conclusion's advice"): the section then stands for the part of the document asked for, not a topic merely
# mentioned ("is that in the introduction?"). Narrower than EDGE_NAMED; used only while that is off. Round 23 (helper
# `doc23`), dev 771 over selfdescription.USED_OWNER: focused 487 -> 489/556 (+d12-062, d13-062: the intro's second
# sentence, on the savings and the risks, is quoted too; none lost), declined 192/210, false refusals 11, invalid 0,
# precision 0.3461 -> 0.3466; with the bot's own answers as history dev's follow-ups stay 98/122 (follow-ups are never
# read for it). Ships OFF, as EDGE_NAMED does and for the same trade: on the held-out sets it gained a sealed answer
# (h8 53 -> 54/75) but lost a follow-up of the frozen test split with the assistant's own answers as history
# (30 -> 29/34): the first turn's answer, the section quoted whole, is the history that follow-up then leans on.
EDGE_ACTING = False
# The phrase too must lead the next heading by this much (0 = off): "aimed" (0.39 to "Conclusion", 0.03 ahead of the
# next) took a question on whom the article is for to the conclusion. Dev (771): no focused count changes (one answer
# to decline, dp-012, changes and stays answered); "final section" (dp-003) leads by less and is named by "final".
PHRASE_MARGIN = 0.1

# Switch: in a message of several sentences, only the words of the sentences that ask (ending in "?") say which part
# of the document is asked for: a statement before them tells the asker's situation ("I have a meeting with the
# partners on Thursday"), and its words, the sources' topics by chance ("meeting", "partners"), would read as the topic
# asked about and keep the question from naming a part at all. Only when the message holds a sentence that does not
# ask. Round 29 (helper `doc29`), dev 971 over selfdescription.WHOLE_UNUSED_ALONE: focused 613 -> 614/706 (+d16-060,
# none lost, no other answer changes), declined 247/260, false refusals 15, invalid 0, precision 0.3408 -> 0.3414;
# real-history follow-ups 117/146 unchanged (follow-ups are never read for a part).
ASKING_SENTENCES = True


@dataclass(frozen=True)
class _Document:
    """One document's sections: each section path, its innermost heading's vector, and which open or close it."""

    sections: tuple[str, ...]  # section paths, in document order
    vectors: np.ndarray  # their innermost headings, embedded alone, unit length, one row each
    edges: frozenset[str]  # the section paths the first and the last chunk sit in, at every level
    chunks: dict[str, tuple[tuple[Chunk, int], ...]]  # section path -> its own chunks (with their positions), in order


class Parts:
    """Which opening or closing section of a document a question about the document asks for, by meaning.

    A document's opening and closing sections are the ones its first and last passages sit in, at any heading level
    ("Key Takeaways" and its last subsection "Conclusion"); their headings often say what the part does rather than
    what it is about, so a question naming the part in other words shares no word with them and the search, ranking
    by topic, finds the document's own account of itself instead. Headings are read per index build, and only for
    the documents a question's search reached."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._documents = PerDocument(self._read)

    def asked(
        self, a: Analysis, about: AboutDocument | None, hits: Sequence[ScoredChunk], snapshot: Snapshot
    ) -> list[ScoredChunk]:
        """The chunks of the opening or closing section the question asks for, as hits whose heading is named
        outright (in other words: the question's words are its aliases), or [] when it asks for none.

        Only a question about the document itself (`about`, see selfdescription) asks for one of its parts; and
        only by words that are not the sources' subject, so "what does the article say about time zones?" is a
        question about time zones (closest to no opening or closing heading)."""
        if not hits:
            return []
        if about is None:
            if a.follow_up:
                return []
            if EDGE_NAMED:
                return self._named(a, hits, snapshot)
            return self._named(a, hits, snapshot, acting=True) if EDGE_ACTING else []
        found = self._in_other_words(a, about, hits, snapshot)
        if found or not (EDGE_NAMED or EDGE_ACTING):
            return found
        return self._named(a, hits, snapshot, about.words, acting=not EDGE_NAMED)

    def _in_other_words(
        self, a: Analysis, about: AboutDocument, hits: Sequence[ScoredChunk], snapshot: Snapshot
    ) -> list[ScoredChunk]:
        """The chunks of the opening or closing section a question about the document names in other words."""
        asking = _asking_words(a.text) if ASKING_SENTENCES else None
        own = [
            w
            for w in dict.fromkeys(a.words)
            if not is_stop(w)
            and (s := stem(w)) in a.open_terms
            and s not in about.words
            and w not in a.indefinite
            and (asking is None or w in asking)
        ]
        # A word the sources use, but not everywhere, names a topic of theirs ("research", "smaller firms"): the
        # question is about that topic, wherever the document treats it. Of the rest, the sources' subject words
        # say nothing; the words the sources never use say which part is asked for.
        if any(specific(stem(w), snapshot) for w in own):
            return []
        own = [w for w in own if not snapshot.doc_freq.get(stem(w))]
        if not own:
            return []
        phrase = np.asarray(self.embeddings.embed_query(" ".join(own)), dtype=np.float32)
        aliases = tuple(dict.fromkeys(stem(w) for w in own))
        out: list[ScoredChunk] = []
        alone: np.ndarray | None = None  # each own word embedded alone (see PART_WORDS), when first needed
        for doc in self._documents.of(snapshot, list(dict.fromkeys(h.chunk.source for h in hits))):
            if not doc.sections:
                continue
            sims = doc.vectors @ phrase
            best = int(np.argmax(sims))
            section = doc.sections[best]
            named = section in doc.edges and sims[best] >= PART_MATCH and _lead(sims, best) >= PHRASE_MARGIN
            if not named and PART_WORDS and len(own) > 1:
                if alone is None:
                    alone = np.asarray(self.embeddings.embed_documents(own), dtype=np.float32)
                by_word = self._by_word(doc, alone)
                if by_word is not None:
                    section, named = by_word, True
            if not named:
                continue
            out.extend(
                ScoredChunk(c, 0.0, snapshot.closeness(i, phrase), 0.0, 1.0, True, aliases)
                for c, i in doc.chunks[section]
            )
        return out

    @staticmethod
    def _by_word(doc: _Document, alone: np.ndarray) -> str | None:
        """The opening or closing section one of the question's own words (`alone`, one row each) names by itself:
        nearest it, at PART_MATCH or above, and ahead of every other heading by PART_WORD_MARGIN (see PART_WORDS).
        Of several, the one a word is nearest."""
        found, closest = None, PART_MATCH
        for sims in alone @ doc.vectors.T:  # one row of heading cosines per word
            best = int(np.argmax(sims))
            edge = doc.sections[best] in doc.edges and _lead(sims, best) >= PART_WORD_MARGIN
            if edge and sims[best] >= closest:
                found, closest = doc.sections[best], float(sims[best])
        return found

    def _named(
        self,
        a: Analysis,
        hits: Sequence[ScoredChunk],
        snapshot: Snapshot,
        document: Sequence[str] = (),
        acting: bool = False,
    ) -> list[ScoredChunk]:
        """The chunks of an opening or closing section whose heading the question names outright and which names no
        other topic of the sources (see EDGE_NAMED), as hits named outright; [] when there is none. `document`: the
        stems of the question's words for the document itself ("the article's conclusion"); `acting`: only a heading
        word the question has act or own (see EDGE_ACTING)."""
        topics = {s for n in a.nouns if specific(s := stem(n), snapshot) and s not in document}
        if not topics:
            return []
        out: list[ScoredChunk] = []
        for doc in self._documents.of(snapshot, list(dict.fromkeys(h.chunk.source for h in hits))):
            for section in doc.sections:
                heading = {stem(w) for w in words(section.rpartition(SECTION_SEP)[2]) if not is_stop(w)}
                if acting and not heading & {stem(n) for n in a.acting}:
                    continue
                if section in doc.edges and heading and topics <= heading <= set(a.open_terms):
                    out.extend(
                        ScoredChunk(c, 0.0, 0.0, 0.0, 1.0, True, tuple(sorted(heading))) for c, _ in doc.chunks[section]
                    )
        return out

    def _read(self, snapshot: Snapshot, positions: Sequence[int]) -> _Document:
        """One document's sections and headings; `positions`: its chunks in the snapshot."""
        # Text before the first heading belongs to no section a heading could name.
        chunks = sorted(
            ((snapshot.chunks[i], i) for i in positions if snapshot.chunks[i].section), key=lambda ci: ci[0].start
        )
        by_section: dict[str, list[tuple[Chunk, int]]] = {}
        for c, i in chunks:
            by_section.setdefault(c.section, []).append((c, i))
        sections = tuple(by_section)
        edges: set[str] = set()
        for c, _ in (chunks[0], chunks[-1]) if chunks else ():
            edges.update(c.sections)
        headings = [s.rpartition(SECTION_SEP)[2] for s in sections]
        vectors = (
            np.asarray(self.embeddings.embed_documents(headings), dtype=np.float32)
            if headings
            else np.zeros((0, 1), dtype=np.float32)
        )
        return _Document(sections, vectors, frozenset(edges), {s: tuple(cs) for s, cs in by_section.items()})


def _lead(sims: np.ndarray, best: int) -> float:
    """How far the best heading's cosine (`best`) is ahead of the next one's."""
    rest = np.delete(sims, best)
    return float(sims[best] - rest.max()) if len(rest) else float(sims[best])


def _asking_words(text: str) -> set[str] | None:
    """The words of the sentences of `text` that ask (end in "?"), or None when it holds no other sentence (see
    ASKING_SENTENCES)."""
    sentences = [str(s).strip() for s in parsed(text).sents]
    asking = [s for s in sentences if s.endswith("?")]
    if not asking or len(asking) == len(sentences):
        return None
    return {w for s in asking for w in words(s)}
