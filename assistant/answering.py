"""The grounded composer: answers built only from verbatim sentences and list items, each with its [n]."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.documents import Document

from . import prompts
from .corpus import Chunk
from .grounding import correct_spelling, coverage, focus_terms, looks_like_injection, missing_answer_type
from .index import Snapshot, centre
from .retrieval import NAMED_HEADING, HybridRetriever, ScoredChunk, heading_fit, standalone_query, to_document
from .text import Unit, asked_terms, content_words

WHY_RE = re.compile(r"\bwhy\b|\breasons?\b", re.I)
CONTINUES_RE = re.compile(r"(These|This|They|Such|It)\b")
PART_SPLIT_RE = re.compile(
    r"\?\s*|\s+(?:and|also|plus)\s+(?=(?:what|how|why|which|who|where|when|is|are|do|does|can|"
    r"should|will)\b)",
    re.I,
)
MAX_PARTS = 3
WHY_LIST_PENALTY = 0.15
MIN_BLOCK_SCORE = 0.45
# A figure that names what the question asks about ("savings" for "save") belongs in the answer.
FIGURE_MIN_LEXICAL = 0.5
QUANTITY_RE = re.compile(
    r"\b(how\s+much|how\s+many|cost|costs|save|saving|savings|cheap|cheaper|price|prices|rate|rates|percent|"
    r"percentage|salary|salaries|earn|earns|pay|paid|expensive|money|figures?|numbers?)\b",
    re.I,
)
DIGIT_RE = re.compile(r"\d")
MAX_BLOCKS = 4
BLOCK_MARGIN = 0.2
HOME_MARGIN = 0.35
SENTENCE_MARGIN = 0.2
MAX_SENTENCES_PER_BLOCK = 3


@dataclass(frozen=True)
class Citation:
    """A cited passage: its text is exactly source_text[start:end]."""

    n: int
    source: str
    title: str
    section: str
    text: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON and the UI."""
        return dict(self.__dict__)


@dataclass
class Reply:
    """What the assistant says, the passages it cites, and the documents it looked at."""

    answer: str
    citations: list[Citation]
    abstained: bool
    query: str = ""  # the standalone retrieval query
    documents: list[Document] = field(default_factory=list)  # retrieved chunks, best first
    suggestions: list[str] = field(default_factory=list)
    reason: str = ""  # why it abstained, for logs
    latency_ms: float = 0.0
    corpus_version: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape the CLI and the UI API return."""
        return {
            "answer": self.answer,
            "citations": [c.as_dict() for c in self.citations],
            "abstained": self.abstained,
        }


@dataclass
class _Candidate:
    hit: ScoredChunk
    unit: Unit
    score: float
    siblings: list[Unit]  # every unit of the same chunk, for rendering whole blocks in order
    lexical: float = 0.0  # share of the question's topic the unit (with its context) mentions
    outline: bool = False  # the opening of a subsection of a section the question names (see _outline)


class Answerer:
    """Turns a question (and history) into a Reply using a retriever; holds no state between questions."""

    def __init__(self, retriever: HybridRetriever, min_dense_score: float = 0.3, max_history_turns: int = 6):
        self.retriever = retriever
        self.min_dense = min_dense_score
        self.max_turns = max_history_turns

    def __call__(self, question: str, history: Sequence[dict[str, Any]] | None = None) -> Reply:
        """Answer a cleaned question; every answer sentence is a quoted passage with its marker."""
        started = time.perf_counter()
        snapshot = self.retriever.index.current()
        query = standalone_query(question, history, self.max_turns)
        # Misspelt words are read as the corpus word they are meant to be, for search and for the checks.
        question = correct_spelling(question, snapshot.vocabulary)
        query = correct_spelling(query, snapshot.vocabulary)
        reply = self._answer(question, query, snapshot)
        reply.query = query
        reply.latency_ms = (time.perf_counter() - started) * 1000
        reply.corpus_version = snapshot.info.corpus_version
        return reply

    # -- decision -----------------------------------------------------------------------------------------
    def _answer(self, question: str, query: str, snapshot: Snapshot) -> Reply:
        if looks_like_injection(question):
            return self._abstain(prompts.INSTRUCTIONS, "instructions", [], snapshot)
        cov = coverage(query, snapshot.vocabulary)
        if not cov.focus:
            return self._abstain(prompts.NO_TOPIC, "no topic", [], snapshot)
        follow_up = query != question
        # A follow-up is answered about the earlier topic (query) but for what was just asked (question).
        parts = [(query, question)] if follow_up else [(p, p) for p in split_parts(question)]
        # In a question of several parts, a part the sources plainly don't cover (a name or figure they never
        # mention, or more than one unknown word: a short part with one odd word like "day to day" is just
        # phrasing) is named as such, and the rest is answered.
        left_out: list[str] = []
        if len(parts) > 1:
            part_cov = [coverage(p, snapshot.vocabulary) for p, _ in parts]
            outside = [not c.covered and (bool(c.missing_entities) or len(c.missing_words) > 1) for c in part_cov]
            if any(outside) and not all(outside):
                for c, out in zip(part_cov, outside):
                    if out:
                        left_out += [m for m in c.missing_entities or c.missing_words if m not in left_out]
                parts = [pair for pair, out in zip(parts, outside) if not out]
                cov = coverage(" ".join(p for p, _ in parts), snapshot.vocabulary)
        vectors = self._embed({t for pair in parts for t in pair})
        plans = []
        for part_query, part_question in parts:
            vector, asked = vectors[part_query], vectors[part_question]
            plans.append(
                (part_query, part_question, vector, asked, self.retriever.search(part_query, snapshot, vector))
            )
        hits = _interleave([plan[4] for plan in plans], self.retriever.k)
        docs = [to_document(h) for h in hits]
        if not cov.covered:
            missing = cov.missing_entities or cov.missing_words
            text = prompts.NOT_COVERED_NAMED.format(terms=", ".join(f"“{m}”" for m in missing))
            return self._abstain(text, f"not covered: {missing}", hits, snapshot, docs)
        named = _names_a_section(query, hits)
        if not hits or (max(h.dense for h in hits) < self.min_dense and not named):
            return self._abstain(prompts.NOT_COVERED, "low similarity", hits, snapshot, docs)
        selected: dict[tuple[str, int], list[_Candidate]] = {}
        unmet: list[str] = []
        for part_query, part_question, vector, asked, part_hits in plans:
            kind = missing_answer_type(part_question, [h.chunk.text for h in part_hits])
            if kind:
                unmet.append(kind)
                continue
            if part_hits and (max(h.dense for h in part_hits) >= self.min_dense or named):
                for key, members in self._select(part_question, part_query, vector, asked, part_hits, snapshot).items():
                    _merge(selected, key, members)
        answer, citations = _render(selected)
        if citations and left_out:
            answer += "\n\n" + prompts.PART_NOT_COVERED.format(terms=", ".join(f"“{m}”" for m in left_out))
        if not citations and unmet:
            return self._abstain(prompts.NOT_COVERED_KIND.format(kind=unmet[0]), f"no {unmet[0]}", hits, snapshot, docs)
        if not citations:
            return self._abstain(prompts.NOT_COVERED, "no supporting passage", hits, snapshot, docs)
        return Reply(answer=answer, citations=citations, abstained=False, documents=docs)

    def _embed(self, texts: set[str]) -> dict[str, np.ndarray]:
        """Query vectors for every text, in one model call when there are several (follow-ups, multi-part)."""
        emb = self.retriever.embeddings
        ordered = sorted(texts)
        if len(ordered) == 1:
            return {ordered[0]: np.asarray(emb.embed_query(ordered[0]), dtype=np.float32)}
        return {t: np.asarray(v, dtype=np.float32) for t, v in zip(ordered, emb.embed_documents(ordered))}

    def _abstain(
        self, text: str, reason: str, hits: list[ScoredChunk], snapshot: Snapshot, docs: list[Document] | None = None
    ) -> Reply:
        suggestions = suggest(hits, snapshot)
        body = text + "\n\n" + prompts.SUGGEST + "\n" + "\n".join(f"- {s}" for s in suggestions)
        return Reply(
            answer=body, citations=[], abstained=True, documents=docs or [], suggestions=suggestions, reason=reason
        )

    # -- selection ----------------------------------------------------------------------------------------
    def _select(
        self,
        question: str,
        query: str,
        vector: np.ndarray,
        asked: np.ndarray,
        hits: list[ScoredChunk],
        snapshot: Snapshot,
    ) -> dict[tuple[str, int], list[_Candidate]]:
        """Pick the passages that answer: whole lists, the best sentences of paragraphs, every nearby figure."""
        focus = focus_terms(query)
        weights = _idf_weights(focus, snapshot)
        # In a follow-up, the words just typed say what is wanted; the earlier turn only says about what.
        if query != question:
            for term in focus_terms(question):
                if term in weights:
                    weights[term] *= 2
        top_dense = max(h.dense for h in hits)
        centred_q, centred_a = centre(vector, snapshot), centre(asked, snapshot)
        # h.heading was computed by the search for this same query.
        pool = [h for r, h in enumerate(hits) if r < 2 or h.dense >= top_dense - 0.1 or h.heading >= 0.5][:4]
        why = bool(WHY_RE.search(question))
        candidates: list[_Candidate] = []
        for rank, hit in enumerate(pool):
            units = snapshot.units.get(hit.chunk.id, [])
            if not units:
                continue
            vecs = snapshot.unit_vectors[hit.chunk.id]
            sims = 0.5 * (vecs @ centred_q) + 0.5 * (vecs @ centred_a)
            heading_stems = snapshot.heading_stems[hit.chunk.id]
            unit_stems = snapshot.unit_stems[hit.chunk.id]
            # A heading the question names outright ("cons", "mitigating … security") marks the answer's place.
            heading = hit.heading
            intros = {u.block: us for u, us in zip(units, unit_stems) if u.intro}
            for unit, sim, own in zip(units, sims, unit_stems):
                # A list item is read with its heading and introduction, as a reader would.
                context = heading_stems + (intros.get(unit.block, []) if unit.kind == "item" else [])
                lexical = _matched(own + context, focus, weights)
                score = float(sim) + 0.35 * lexical + 0.3 * heading + 0.15 * hit.dense - 0.02 * rank
                if why and (unit.kind == "item" or unit.intro):
                    score -= WHY_LIST_PENALTY  # a "why" is answered by a reason, rarely by a list
                candidates.append(_Candidate(hit, unit, score, units, lexical))
        if not candidates:
            return {}

        # Blocks (a paragraph, or a list with its introduction) compete as wholes.
        blocks: dict[tuple[str, int], list[_Candidate]] = {}
        for c in candidates:
            blocks.setdefault((c.hit.chunk.id, c.unit.block), []).append(c)
        block_score = {k: max(c.score for c in v) for k, v in blocks.items()}
        best = max(block_score.values())
        if best < MIN_BLOCK_SCORE:
            return {}
        home = max(block_score, key=block_score.get)[0]
        # The best chunk is the answer's home: more of it is likely relevant than of the chunks around it.
        chosen = sorted(
            (k for k in blocks if block_score[k] >= best - (HOME_MARGIN if k[0] == home else BLOCK_MARGIN)),
            key=lambda k: -block_score[k],
        )[:MAX_BLOCKS]
        selected: dict[tuple[str, int], list[_Candidate]] = {}
        for key in chosen:
            members = blocks[key]
            if any(c.unit.kind == "item" for c in members):
                selected[key] = members  # a list is answered whole, introduction included
                continue
            top = max(c.score for c in members)
            keep = sorted((c for c in members if c.score >= top - SENTENCE_MARGIN), key=lambda c: -c.score)
            keep = keep[:MAX_SENTENCES_PER_BLOCK]
            ordered = sorted(members, key=lambda m: m.unit.start)
            for c in list(keep):
                i = ordered.index(c)
                nxt = ordered[i + 1] if i + 1 < len(ordered) else None
                # A question the source asks itself is quoted with its answer, and a sentence that goes on
                # with "These include…" or "This is…" is quoted with the one it continues.
                if (
                    nxt is not None
                    and nxt not in keep
                    and (c.unit.text.endswith("?") or CONTINUES_RE.match(nxt.unit.text))
                ):
                    keep.append(nxt)
            selected[key] = keep
        if QUANTITY_RE.search(query):
            # Every figure near the question is shown, each with its own citation, never just one of them.
            for c in candidates:
                related = c.score >= best - 0.3 or c.lexical >= FIGURE_MIN_LEXICAL
                if DIGIT_RE.search(c.unit.text) and related:
                    _merge(selected, (c.hit.chunk.id, c.unit.block), [c])
        for c in _outline(query, hits, snapshot):
            _merge(selected, (c.hit.chunk.id, c.unit.block), [c])
        return selected


def _merge(
    selected: dict[tuple[str, int], list[_Candidate]], key: tuple[str, int], candidates: list[_Candidate]
) -> None:
    """Add candidates to a block's selection, skipping units it already holds (from another part or rule)."""
    members = selected.setdefault(key, [])
    members.extend(c for c in candidates if all(c.unit.start != m.unit.start for m in members))


def _outline(query: str, hits: list[ScoredChunk], snapshot: Snapshot) -> list[_Candidate]:
    """The opening of each subsection of a section the question names in full.

    A section's own text often only introduces what follows ("Here are the key takeaways…"), so a question about
    the section is answered from its subsections as well: a subsection that opens with a list gives the list
    whole, any other its first sentence. When the question also names one of the subsections, that one is what
    it asks about and no outline is added.
    """
    exact, wanted = asked_terms(query)
    out: list[_Candidate] = []
    done: set[tuple[str, str]] = set()
    for hit in hits:
        parent = hit.chunk
        if hit.heading < NAMED_HEADING or not parent.section or (parent.source, parent.section) in done:
            continue
        done.add((parent.source, parent.section))
        children: dict[str, Chunk] = {}
        for c in snapshot.chunks:  # in source order, so the first chunk seen of a subsection is its opening
            if c.source == parent.source and c.parent_section == parent.section:
                children.setdefault(c.section, c)
        named = any(
            heading_fit(c, wanted, exact, snapshot.heading_stems[c.id]) >= NAMED_HEADING for c in children.values()
        )
        if named:
            continue
        for child in children.values():
            units = snapshot.units.get(child.id, [])
            if not units:
                continue
            opening = [u for u in units if u.block == units[0].block]
            if not any(u.kind == "item" for u in opening) and not units[0].intro:
                opening = opening[:1]
            hit_for_child = ScoredChunk(child, 0.0, 0.0, 0.0)
            out.extend(_Candidate(hit_for_child, u, 0.0, units, outline=True) for u in opening)
    return out


def _names_a_section(query: str, hits: list[ScoredChunk]) -> bool:
    """Does the question name a retrieved section's title outright ("give me the key takeaways")?"""
    # The whole question, not each part: a multi-part question may name a title across its parts.
    exact, wanted = asked_terms(query)
    return any(heading_fit(h.chunk, wanted, exact) >= NAMED_HEADING for h in hits)


def split_parts(question: str) -> list[str]:
    """Split a multi-part question ("what does it cost, and how is client data protected?") into its questions."""
    pieces = [p.strip() for p in PART_SPLIT_RE.split(question) if p and p.strip()]
    parts = [p for p in pieces if content_words(p)]
    if len(parts) <= 1:
        return [question]
    out = [parts[0]]
    for p in parts[1:]:
        # "…? what about larger firms" leans on the part before it, like a follow-up in a conversation.
        out.append(standalone_query(p, [{"role": "user", "content": out[-1]}]))
    return out[:MAX_PARTS]


def _interleave(rankings: list[list[ScoredChunk]], k: int) -> list[ScoredChunk]:
    """Merge the rankings of a question's parts, taking turns, without duplicates."""
    out: list[ScoredChunk] = []
    seen: set[str] = set()
    for i in range(max((len(r) for r in rankings), default=0)):
        for r in rankings:
            if i < len(r) and r[i].chunk.id not in seen:
                seen.add(r[i].chunk.id)
                out.append(r[i])
    # A multi-part question keeps a few more documents, so each part's best chunk stays in the list.
    return out[: k if len(rankings) == 1 else k + len(rankings)]


def _idf_weights(focus: dict[str, frozenset[str]], snapshot: Snapshot) -> dict[str, float]:
    n = len(snapshot.chunks)
    out = {}
    for term, alts in focus.items():
        # Rarity is the word's own; a common synonym must not make a pointed word ("pros") look generic.
        df = snapshot.doc_freq.get(term) or min((snapshot.doc_freq.get(a, 0) or n for a in alts), default=0)
        out[term] = float(np.log(1 + n / (1 + df)))
    return out


def _matched(unit_stems: list[str], focus: dict[str, frozenset[str]], weights: dict[str, float]) -> float:
    """Share of the question's topic (idf-weighted) that the text mentions; a synonym counts half."""
    total = sum(weights.values())
    if not total:
        return 0.0
    present = set(unit_stems)
    return (
        sum(weights[t] * (1.0 if t in present else 0.5 if present & alts else 0.0) for t, alts in focus.items()) / total
    )


def _render(selected: dict[tuple[str, int], list[_Candidate]]) -> tuple[str, list[Citation]]:
    """Order passages as in the source, merge adjacent units into one citation, and write Markdown."""
    parts: list[str] = []
    citations: list[Citation] = []
    by_span: dict[tuple[str, int, int], int] = {}
    keys = sorted(selected, key=lambda k: (selected[k][0].hit.chunk.source, min(c.unit.start for c in selected[k])))
    for key in keys:
        members = sorted({c.unit.start: c for c in selected[key]}.values(), key=lambda c: c.unit.start)
        chunk = members[0].hit.chunk
        all_units = [u for u in members[0].siblings if u.block == members[0].unit.block]
        # Runs of consecutive units form one citation, so each marker points at one contiguous passage.
        runs: list[list[Unit]] = []
        chosen_starts = {c.unit.start for c in members}
        for u in all_units:
            if u.start in chosen_starts:
                if runs and runs[-1][-1] is _prev(all_units, u):
                    runs[-1].append(u)
                else:
                    runs.append([u])
        lines: list[str] = []
        is_list = any(u.kind == "item" for u in all_units)
        heading = chunk.heading
        prose: list[str] = []
        if is_list and not any(u.intro for run in runs for u in run):
            lines.append(prompts.LIST_UNDER_HEADING.format(heading=heading))
        elif any(c.outline for c in members):
            # An outline entry is only understood with the subsection it opens, named on a line of its own.
            lines.append(prompts.UNDER_HEADING.format(heading=heading))
        for run in runs:
            start, end = run[0].start, run[-1].end
            span = (chunk.source, start, end)
            if span not in by_span:
                text = chunk.text[start - chunk.start : end - chunk.start]
                n = len(citations) + 1
                citations.append(Citation(n, chunk.source, chunk.title, chunk.section, text, start, end))
                by_span[span] = n
            n = by_span[span]
            for u in run:
                if u.kind == "item":
                    if prose:
                        lines.append(" ".join(prose))
                        prose = []
                    lines.append(f"- {u.text} [{n}]")
                else:
                    prose.append(f"{u.text} [{n}]")
        if prose:
            lines.append(" ".join(prose))
        parts.append("\n".join(lines))
    return "\n\n".join(parts), citations


def _prev(units: list[Unit], u: Unit) -> Unit | None:
    i = units.index(u)
    return units[i - 1] if i > 0 else None


def suggest(hits: list[ScoredChunk], snapshot: Snapshot, n: int = 3) -> list[str]:
    """Questions the corpus can answer, from the sections nearest the question (or the first sections)."""
    sections: list[str] = []
    for c in [h.chunk for h in hits] + snapshot.chunks:
        topic = c.heading or c.title
        if topic and topic not in sections:
            sections.append(topic)
        if len(sections) >= n:
            break
    return [prompts.SUGGESTION.format(topic=s.lower() if not s.isupper() else s) for s in sections]


def create_chain(retriever: HybridRetriever, min_dense_score: float = 0.3, max_history_turns: int = 6) -> Answerer:
    """Build the answering pipeline from its parts (the retriever carries the index and the embeddings)."""
    return Answerer(retriever, min_dense_score=min_dense_score, max_history_turns=max_history_turns)


__all__ = ["Answerer", "Citation", "Reply", "create_chain"]
