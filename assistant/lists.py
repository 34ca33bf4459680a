"""Lists read by their introduction and by their items: each reading embedded once per build, to judge which answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from .corpus import Chunk
from .index import PerBuild, Snapshot
from .language import parsed, stem
from .retrieval import ScoredChunk
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
        self._kept: PerBuild[tuple[ListKey, str], np.ndarray] = PerBuild(LISTS_KEPT)

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

        def embed(missing: list[tuple[ListKey, str]]) -> dict[tuple[ListKey, str], np.ndarray]:
            rows = np.asarray(self.embeddings.embed_documents([wanted[k] for k in missing]), dtype=np.float32)
            rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
            return dict(zip(missing, rows))

        found = self._kept.get(snapshot, list(wanted), embed)
        return {k[0]: found[k] for k in wanted}


# Switch: a list under a heading whose head noun is the noun the question's wh-word asks for ("what skills…" and
# "Required Skills") is the set asked for: a chunk the search missed joins the question's hits first, as a section
# named by its kind does (kinds.Kinds.missed), named (its heading counts in full) and with the noun as an alias, so
# composing._kind_list_leads lifts it to lead and composing.SET_NAMED quotes it whole. A question in everyday words
# ("what skills…") sits nearer by meaning to a list sharing its other words (a job description's
# "expectations") than to the set it names by its own noun, which was never in the pool. A question whose hits hold a
# list under a heading it names in full already has its set and is left as it was; a possessor ("a paralegal's
# cost") names no set. Round 21 (helper `list21`), dev 771: focused 478 -> 480/556 (+d11-012, d11-084; none lost),
# declined 188/210, false refusals 14, invalid 0, precision 0.3412 -> 0.3417 (7 answers change); real-history
# follow-ups 96/122, 1 false refusal, precision 0.2414 -> 0.2405 (d3-069 gains the skills list before its answer).
# Variants measured: a list whose introduction names the noun too -> 479 (d11-012 only), precision 0.3382 (13 more
# answers led by a list named by an introduction's modifier, "task-specific abilities"); the heading's every word
# rather than its head nouns, lists the search reached lifted too -> 479 (+d11-084; -d14-010: "support jobs" named
# "Defining the Job Description"), 0.3396; without the named-in-full and possessor exceptions -> 480, 0.3402.
SET_NAMED_REACHED = True
# Switch: with SET_NAMED_REACHED, such a list the search reached is named and lifted the same way. Off: 479/556
# (d11-084 lost), precision 0.3414.
SET_NAMED_LIFTED = True
# Dependencies by which a noun of a heading modifies another rather than naming what the section holds.
HEAD_NOUN_MODIFIERS = frozenset(["compound", "poss", "nmod", "npadvmod"])


def named_sets(
    asked_for: Sequence[str], text: str, hits: Sequence[ScoredChunk], snapshot: Snapshot
) -> list[ScoredChunk]:
    """The hits with every list whose own heading names one of `asked_for` (stems of the nouns a wh-word of the
    question `text` asks for) named (see SET_NAMED_REACHED): a chunk the search missed first, one it reached in its
    place. A question naming a list's heading outright already has its set, and is left as it was."""
    if not SET_NAMED_REACHED or not asked_for:
        return list(hits)
    if any(h.named and any(u.kind == "item" for u in snapshot.units.get(h.chunk.id, [])) for h in hits):
        return list(hits)
    # A possessor ("a paralegal's cost") is whose the thing asked for is, not the thing.
    owners = {stem(t.lower_) for t in parsed(text) if t.dep_ == "poss"}
    wanted = set(asked_for) - owners
    if not wanted:
        return list(hits)

    def naming(chunk: Chunk) -> tuple[str, ...]:
        # The head nouns of its own heading, not its introduction: an introduction's other words ("task-specific
        # abilities", "the core duties") name no set (dev: with introductions too, 8 more answers led by a list the
        # question does not ask for, precision 0.3412 -> 0.3382), nor does a heading's modifier ("Job" in "Defining
        # the Job Description").
        if not any(u.kind == "item" for u in snapshot.units.get(chunk.id, [])):
            return ()
        return tuple(t for t in asked_for if t in wanted & heads(chunk.heading or ""))

    reached = {h.chunk.id for h in hits}
    # Named as a bare-kind section asked for by a synonym is (kinds.Kinds.missed): its heading counts in full, and
    # the nouns naming it lift it to lead (composing._kind_list_leads).
    missed = [
        ScoredChunk(c, 0.0, 0.0, 0.0, 1.0, True, words)
        for c in snapshot.chunks
        if c.id not in reached and (words := naming(c))
    ]
    out = []
    for h in hits:
        words = naming(h.chunk) if SET_NAMED_LIFTED and not h.aliases else ()
        out.append(replace(h, heading=1.0, named=True, aliases=words) if words else h)
    return missed + out


@lru_cache(maxsize=1024)
def heads(heading: str) -> frozenset[str]:
    """Stems of a heading's head nouns (spaCy's tags and dependencies): what the section is a set of ("Skills" and
    "Qualifications", not "Job" in "Defining the Job Description")."""
    if not heading:
        return frozenset()
    return frozenset(
        stem(t.lower_) for t in parsed(heading) if t.tag_.startswith("NN") and t.dep_ not in HEAD_NOUN_MODIFIERS
    )
