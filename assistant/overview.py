"""The Overview map of a build: pros, risks with the mitigations the sources give for each, and other topics."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from .corpus import SECTION_SEP, Chunk
from .index import Snapshot, centre
from .language import content_words, is_stop, nlp, stem
from .passages import Passage
from .retrieval import idf
from .text import Unit

# Generic vocabulary of the three kinds of section a pros-and-cons text has; a heading is matched to these by
# embedding each of its words, so synonyms the list lacks ("upsides", "pitfalls", "overcoming") still match.
CONCEPTS = {
    "pro": ("advantages", "benefits", "pros", "gains", "upsides", "strengths", "opportunities"),
    "con": (
        "disadvantages",
        "risks",
        "cons",
        "drawbacks",
        "concerns",
        "problems",
        "downsides",
        "pitfalls",
        "dangers",
        "threats",
        "weaknesses",
        "challenges",
    ),
    "mitigation": (
        "mitigation",
        "mitigating",
        "safeguards",
        "precautions",
        "controls",
        "protection",
        "solutions",
        "remedies",
        "prevention",
        "overcoming",
    ),
}
# A heading word this close to a concept word names that concept: near-synonyms score 0.77-1.0 with this model,
# while the closest unrelated heading words of the bundled article stay at or below 0.70 ("skills" vs "strengths"
# 0.59, "pros" vs "cons" 0.70).
HEADING_MATCH = 0.75
HEADING_MARGIN = 0.15  # "Pros" must beat its opposite "cons" by this much to count as a pro heading
NO_MITIGATION = "The sources give no mitigation for this."
LABEL_WORDS = 12  # longest item label used in an "Ask about this" question
ITEM_LABEL_RE = re.compile(r"^(.{3,60}?)\s+[-–—:]\s+\S")


def label_of(passage: Passage) -> str:
    """A short name for the passage: a list item's lead-in ("Encryption - ..."), a short item as written, or
    for a longer passage the heading of its section."""
    m = ITEM_LABEL_RE.match(passage.text)
    if m:
        return m.group(1)
    words = " ".join(passage.text.split()).rstrip(".:;")
    if len(words.split(" ")) <= LABEL_WORDS:
        return words
    return passage.section.rpartition(SECTION_SEP)[2] or passage.title


@dataclass(frozen=True)
class Mitigation:
    """A passage the sources give as a way to handle a risk, with how strongly it was paired to it."""

    passage: Passage
    score: float  # similarity + LEXICAL_WEIGHT * shared; paired when >= PAIR_THRESHOLD
    similarity: float  # cosine of the centred vectors of risk and mitigation (with its section's context)
    shared: tuple[str, ...]  # content words the risk shares with the mitigation or its heading


@dataclass(frozen=True)
class Risk:
    """A con or risk, and the mitigations paired with it (empty: the sources give none)."""

    passage: Passage
    mitigations: tuple[Mitigation, ...]


@dataclass(frozen=True)
class Topic:
    """Another subject of the sources (a section that is neither pro, con nor mitigation) and its passages."""

    source: str
    title: str
    section: str
    items: tuple[Passage, ...]


@dataclass(frozen=True)
class Overview:
    """The map of one index build."""

    build: str
    pros: tuple[Passage, ...]
    risks: tuple[Risk, ...]
    topics: tuple[Topic, ...]
    unpaired: tuple[Passage, ...] = field(default=())  # mitigations no risk was paired with
    focus: dict[Passage, str] = field(default_factory=dict)  # a long passage's subject, for its question

    def entries(self) -> list[tuple[str, Passage]]:
        """Every passage of the map in reading order with its kind ("pro", "risk", "mitigation", "topic");
        a passage's marker number is its position here plus one."""
        out: list[tuple[str, Passage]] = [("pro", p) for p in self.pros]
        for r in self.risks:
            out.append(("risk", r.passage))
            out.extend(("mitigation", m.passage) for m in r.mitigations)
        out.extend(("mitigation", p) for p in self.unpaired)
        for t in self.topics:
            out.extend(("topic", p) for p in t.items)
        return out

    def passages(self) -> list[Passage]:
        """Every passage of the map in reading order (marker n is passages()[n - 1])."""
        return [p for _, p in self.entries()]

    def questions(self) -> list[str]:
        """The "Ask about this" question of every passage, in the order of entries()."""
        return [question_about(kind, p, self.focus.get(p)) for kind, p in self.entries()]


def question_about(kind: str, passage: Passage, focus: str | None = None) -> str:
    """The question "Ask about this" sends for an item of the map, phrased as a reader would ask it; focus is the
    subject of a passage too long to name in full (its label is used otherwise)."""
    label = focus or label_of(passage)
    from_heading = label == passage.section.rpartition(SECTION_SEP)[2]
    # Headings and items are capitalised as titles; in a question their ordinary words read in lower case
    # (acronyms such as "VPN" keep theirs).
    shown = " ".join(w.lower() if w[1:] == w[1:].lower() else w for w in label.split(" "))
    if kind == "risk" and not from_heading:
        return f"How can a firm deal with {shown}?"
    return f"What do the sources say about {shown}?"


def overview_html(overview: Overview) -> str:
    """The map as escaped HTML: every item a verbatim passage with its [n] marker and an "Ask about this" button."""
    # Items are rendered in the order of entries(), so the n-th one rendered carries marker n (a step paired with
    # two risks is shown, and numbered, under each).
    counter = iter(range(1, len(overview.entries()) + 1))

    def opening(p: Passage) -> str:
        n = next(counter)
        return (
            f'<li class="ov-item">{html.escape(" ".join(p.text.split()))} '
            f'<a class="ov-marker" href="#ovcite-{n}">[{n}]</a> '
            f'<button type="button" class="ov-ask" data-ask="{n}">Ask about this</button>'
        )

    def item(p: Passage) -> str:
        return opening(p) + "</li>"

    out = ['<div class="overview-map">', "<h3>Pros</h3>"]
    out.append("<ul>" + "".join(item(p) for p in overview.pros) + "</ul>" if overview.pros else _NONE_FOUND)
    out.append("<h3>Cons and risks</h3>")
    risks = []
    for r in overview.risks:
        head = opening(r.passage)  # numbered before its mitigations, as in entries()
        if r.mitigations:
            below = '<div class="ov-mit-head">Mitigations the sources give:</div><ul class="ov-mitigations">'
            below += "".join(item(m.passage) for m in r.mitigations) + "</ul>"
        else:
            below = f'<div class="ov-no-mitigation">{NO_MITIGATION}</div>'
        risks.append(head + below + "</li>")
    out.append('<ul class="ov-risks">' + "".join(risks) + "</ul>" if risks else _NONE_FOUND)
    if overview.unpaired:
        out.append("<h3>Other precautions</h3><ul>" + "".join(item(p) for p in overview.unpaired) + "</ul>")
    out.append("<h3>Other topics</h3>")
    for t in overview.topics:
        items = "".join(item(p) for p in t.items)
        out.append(f'<h4 class="ov-topic">{html.escape(t.section)}</h4><ul>{items}</ul>')
    out.append("</div>")
    return "".join(out)


_NONE_FOUND = '<p class="ov-empty">The sources have no section of this kind.</p>'


@dataclass
class _Section:
    """One heading of one document: its path, role, own units in order and the paths of its subsections."""

    source: str
    title: str
    path: str
    role: str  # "pro", "con", "mitigation" or "other"
    units: list[tuple[Chunk, int, Unit]] = field(default_factory=list)  # (chunk, unit index in chunk, unit)
    children: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return self.path.rpartition(SECTION_SEP)[2]


class _Builder:
    """One build's map: sections classified by heading, their items cut from the units, steps paired to risks."""

    def __init__(self, snapshot: Snapshot, embeddings: Embeddings) -> None:
        self.snap = snapshot
        self.emb = embeddings

    # -- sections ---------------------------------------------------------------------------------------------
    def sections(self) -> list[_Section]:
        order: dict[tuple[str, str], _Section] = {}
        for c in self.snap.chunks:
            parts = c.section.split(SECTION_SEP) if c.section else []
            for i in range(1, len(parts) + 1):
                path = SECTION_SEP.join(parts[:i])
                if (c.source, path) not in order:
                    order[(c.source, path)] = _Section(c.source, c.title, path, "other")
                    if i > 1:
                        order[(c.source, SECTION_SEP.join(parts[: i - 1]))].children.append(path)
            if c.section:
                sec = order[(c.source, c.section)]
                sec.units.extend((c, i, u) for i, u in enumerate(self.snap.units.get(c.id, [])))
        sections = list(order.values())
        roles = self.heading_roles([s.heading for s in sections])
        by_key = {(s.source, s.path): s for s in sections}
        for s in sections:  # parents come before their children
            own = roles[s.heading]
            parent = by_key.get((s.source, s.path.rpartition(SECTION_SEP)[0]))
            s.role = own or (parent.role if parent else "other")
        return sections

    def heading_roles(self, headings: list[str]) -> dict[str, str | None]:
        """Each heading's own role, or None when its words name no concept (it then takes its parent's)."""
        return concept_roles(headings, self.emb)

    # -- items ------------------------------------------------------------------------------------------------
    def passage(self, sec: _Section, units: list[tuple[Chunk, int, Unit]]) -> Passage:
        """The verbatim span from the first to the last of some units of one chunk."""
        chunk = units[0][0]
        start, end = units[0][2].start, units[-1][2].end
        text = chunk.text[start - chunk.start : end - chunk.start]
        return Passage(sec.source, sec.title, sec.path, text, start, end, *chunk.pages_of(start, end))

    def items(self, sec: _Section) -> list[list[tuple[Chunk, int, Unit]]]:
        """A section's entries: its list items, else (for a section without subsections) its paragraph leads."""
        listed = [[x] for x in sec.units if x[2].kind == "item"]
        if listed:
            return listed
        if sec.children and sec.role != "other":
            return []  # the opening of a "Benefits"/"Risks" section with subsections only introduces them
        leads, seen = [], set()
        for x in sec.units:
            key = (x[0].id, x[2].block)
            if key not in seen and not x[2].intro:
                seen.add(key)
                leads.append([x])
        # A pro or con section without a list states its point in its first sentence; topics keep every paragraph.
        return leads[:1] if sec.role in ("pro", "con") else leads

    @staticmethod
    def split_mitigation(sec: _Section):
        """A mitigation section's problem paragraph (the risk it answers, if it opens with one) and its remedies."""
        units = [x for x in sec.units if not x[2].intro]
        if not units:
            return [], []
        first = (units[0][0].id, units[0][2].block)
        opening = [x for x in units if (x[0].id, x[2].block) == first]
        rest = [x for x in units if (x[0].id, x[2].block) != first]
        has_list = any(x[2].kind == "item" for x in sec.units)
        if opening[0][2].kind == "item" or not rest:
            opening, rest = [], units
        # Prose around a list introduces or sums it up; the list holds the steps. Without a list, the prose does.
        remedies = [x for x in rest if x[2].kind == "item"] if has_list else rest
        return opening, [[x] for x in remedies]

    # -- pairing ----------------------------------------------------------------------------------------------
    def vector(self, units: list[tuple[Chunk, int, Unit]]) -> np.ndarray:
        v = np.mean([self.snap.unit_vectors[c.id][i] for c, i, _ in units], axis=0)
        return v / max(float(np.linalg.norm(v)), 1e-9)

    def stems_of(self, text: str) -> set[str]:
        return {stem(w) for w in content_words(text)}

    def weight(self, s: str) -> float:
        return idf(self.snap.doc_freq.get(s, 0), len(self.snap.chunks))

    def build(self) -> tuple[Overview, list[dict[str, Any]]]:
        sections = self.sections()
        pros: list[Passage] = []
        risks: list[tuple[Passage, np.ndarray, set[str]]] = []
        remedies: list[tuple[Passage, np.ndarray, np.ndarray, tuple[set[str], set[str]]]] = []
        topics: list[Topic] = []
        headings = [s.heading for s in sections if s.role == "mitigation"]
        heading_vecs = dict(zip(headings, self.emb.embed_documents(headings))) if headings else {}
        for sec in sections:
            if sec.role == "pro":
                pros.extend(self.passage(sec, it) for it in self.items(sec))
            elif sec.role == "con":
                for it in self.items(sec):
                    p = self.passage(sec, it)
                    risks.append((p, self.vector(it), self.stems_of(p.text)))
            elif sec.role == "mitigation":
                opening, steps = self.split_mitigation(sec)
                context = centre(np.asarray(heading_vecs[sec.heading], dtype=np.float32), self.snap)
                heading_stems = self.stems_of(sec.heading)
                if opening:
                    p = self.passage(sec, opening)
                    risks.append((p, self.vector(opening), self.stems_of(p.text)))
                    context = context + self.vector(opening)
                context = context / max(float(np.linalg.norm(context)), 1e-9)
                for it in steps:
                    p = self.passage(sec, it)
                    if not REFERS_BACK_RE.search(p.text):
                        remedies.append((p, self.vector(it), context, (self.stems_of(p.text), heading_stems)))
            else:
                items = self.items(sec)
                if items:
                    topics.append(Topic(sec.source, sec.title, sec.path, tuple(self.passage(sec, it) for it in items)))
        scored = [[self.pair_score(r, m) for m in remedies] for r in risks]
        # A step is given for the risk it is closest to (and for any risk within ASSIGN_MARGIN of that one): a
        # risk that no step is closest to has no mitigation, whatever its nearest passage scores.
        best = [max((row[j][0] for row in scored), default=0.0) for j in range(len(remedies))]
        paired_risks, used, trace = [], set(), []
        for (rp, *_), row in zip(risks, scored):
            found = []
            for j, ((mp, *_), (score, sim, shared)) in enumerate(zip(remedies, row)):
                ok = score >= PAIR_FLOOR and score >= best[j] - ASSIGN_MARGIN
                trace.append(
                    {
                        "risk": rp,
                        "mitigation": mp,
                        "score": score,
                        "similarity": sim,
                        "shared": shared,
                        "best_for_step": best[j],
                        "paired": ok,
                    }
                )
                if ok:
                    found.append(Mitigation(mp, round(score, 3), round(sim, 3), shared))
            found.sort(key=lambda m: -m.score)
            used.update(m.passage for m in found)
            paired_risks.append(Risk(rp, tuple(found)))
        unpaired = tuple(mp for mp, *_ in remedies if mp not in used)
        ov = Overview(self.snap.info.build, tuple(pros), tuple(paired_risks), tuple(topics), unpaired)
        focus = {p: f for p in ov.passages() if (f := self.focus(p))}
        return Overview(ov.build, ov.pros, ov.risks, ov.topics, ov.unpaired, focus), trace

    def focus(self, passage: Passage) -> str | None:
        """The subject of a sentence or long passage, to name in a question: its rarest run of adjectives and nouns
        ("For smaller firms, outsourcing can ..." -> "smaller firms"), rarity read from the corpus."""
        text = passage.text.rstrip()
        # A short list item ("Lower costs compared to hiring locally") is its own subject; a sentence is not.
        if ITEM_LABEL_RE.match(text) or (len(text.split()) <= LABEL_WORDS and not text.endswith((".", "!", "?"))):
            return None
        runs: list[list[str]] = []
        joined = False  # did the previous token end a run that the next word may extend?
        for tok in nlp(passage.text):
            if tok.pos_ in PHRASE_POS and not is_stop(tok.text):
                if joined:
                    runs[-1].append(tok.text_with_ws)
                else:
                    runs.append([tok.text_with_ws])
                joined = True
            elif tok.text == "-" and joined and not runs[-1][-1].endswith(" "):
                runs[-1].append(tok.text_with_ws)  # a hyphenated compound ("high-value") stays one phrase
            else:
                joined = False
        best, best_score = None, 0.0
        for run in runs:
            phrase = "".join(run).strip(" -")
            score = sum(self.weight(stem(w)) for w in content_words(phrase))
            if score > best_score and len(content_words(phrase)) >= 2:
                best, best_score = phrase, score
        return best

    def pair_score(self, risk, remedy) -> tuple[float, float, tuple[str, ...]]:
        """How strongly a step answers a risk: cosine of their centred vectors plus the share of the risk's
        content words (weighted by rarity) the step repeats."""
        _rp, rv, rs = risk
        _mp, mv, cv, (item_stems, heading_stems) = remedy
        total = sum(self.weight(x) for x in rs) or 1.0
        shared = rs & (item_stems | heading_stems)
        # Two readings, the better counts: the step on its own, or the step as part of its section (the heading
        # and the problem the section opens with), which carries the subject a short step ("Limit access to what
        # is needed") leaves unsaid.
        alone = float(rv @ mv) + LEXICAL_WEIGHT * sum(self.weight(x) for x in rs & item_stems) / total
        in_section = float((rv @ mv + rv @ cv) / 2) + LEXICAL_WEIGHT * sum(self.weight(x) for x in shared) / total
        return max(alone, in_section), float(rv @ mv), tuple(sorted(shared))


PHRASE_POS = {"ADJ", "NOUN", "PROPN"}
LEXICAL_WEIGHT = 0.5
PAIR_FLOOR = 0.35
ASSIGN_MARGIN = 0.15
# A passage that points back ("This simplifies...", "these solvable challenges") does not say by itself what to do.
REFERS_BACK_RE = re.compile(r"\b(?:this|these|those|such)\b", re.I)


def concept_vectors(embeddings: Embeddings) -> dict[str, np.ndarray]:
    """The embedding of each concept word, per concept (see CONCEPTS)."""
    return {name: np.asarray(embeddings.embed_documents(list(ws)), dtype=np.float32) for name, ws in CONCEPTS.items()}


def concept_of(vectors: np.ndarray, concepts: dict[str, np.ndarray]) -> str | None:
    """The concept some words name (the vectors of the words of a heading, or of one word), or None."""
    if not len(vectors):
        return None
    score = {name: float((vectors @ cv.T).max()) for name, cv in concepts.items()}
    # "Mitigating security challenges" names a risk as the object of its remedy: a remedy word decides.
    if score["mitigation"] >= HEADING_MATCH:
        return "mitigation"
    if score["pro"] >= HEADING_MATCH and score["pro"] - score["con"] >= HEADING_MARGIN:
        return "pro"
    if score["con"] >= HEADING_MATCH and score["con"] - score["pro"] >= HEADING_MARGIN:
        return "con"
    return None


def concept_roles(headings: list[str], embeddings: Embeddings, every_word: bool = False) -> dict[str, str | None]:
    """Each heading's concept by its words, or None when they name none; with every_word, only a heading each of
    whose words names that concept has one ("Pros", not "Benefits of Outsourcing")."""
    concepts = concept_vectors(embeddings)
    out: dict[str, str | None] = {}
    for h in dict.fromkeys(headings):
        ws = list(dict.fromkeys(content_words(h)))
        vecs = np.asarray(embeddings.embed_documents(ws), dtype=np.float32) if ws else np.zeros((0, 1))
        kind = concept_of(vecs, concepts)
        if every_word and any(concept_of(v[None, :], concepts) != kind for v in vecs):
            kind = None
        out[h] = kind
    return out


def build_overview(snapshot: Snapshot, embeddings: Embeddings) -> Overview:
    """The Overview map of one index build, from its headings, list structure and the embedding model."""
    return _Builder(snapshot, embeddings).build()[0]
