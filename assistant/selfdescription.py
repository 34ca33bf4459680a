"""Where a document speaks about itself ("This article provides…", "We'll explore…"), and questions about it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from .analysis import Analysis
from .corpus import SECTION_SEP, Chunk
from .index import PerDocument, Snapshot
from .language import entities, parse, parsed, stem, stems, words
from .retrieval import ScoredChunk
from .text import split_units

# Only sentences holding one of these closed-class words can have a demonstrative or first-person subject; the rest
# of a document is never parsed (the dependency parse is the costly part of reading it).
MAYBE_SELF_RE = re.compile(r"\b(?:this|we|i)\b", re.I)
# A question noun with a determiner ("the author") refers to the document when its vector in the question's context
# (the model's token states, pooled) is at least this close to the document's own self-description noun in its
# self-describing sentence ("article" in "This article provides…"). In the article's questions "the author" scores
# 0.26-0.51, "the document"/"the text" 0.27-0.30, topic nouns ("risks", "client", "databases") -0.07-0.25.
# Dev (336): 0.3 -> focused 184 -> 193/228, declined 95/103 and false refusals 5 both unchanged, precision 0.362 ->
# 0.369, swap 0.0426 -> 0.0415; 0.2 -> 194/228 but swap 0.0424, precision 0.367 (three more d1-d5 answers touched);
# 0.4 -> 192/228 ("the author … weigh both" lost).
RELATED = 0.3
# Dev (336): answers identical to reading every noun in context (which, with a model pass per question then, cost
# 5.8 ms a question against 3.3; the check now pools the question's kept token states, about 0.3 ms either way).
TOPIC_DF = 1
# A noun standing in for the document's own word in its self-describing sentence ("This piece provides…") refers to
# the document when its token states there are at least this close to the word's own. Probes on the bundled
# article: "author" 0.75, "paper" 0.81, "text" 0.58, "essay" 0.64, "guide" 0.36, "piece" 0.31, "memo" 0.21;
# other nouns dev questions have acting: "description" 0.42, "people" 0.20, "advice" 0.20, "industry" 0.16,
# "shift" 0.17, "thing" 0.13. Dev (371): focused 213 -> 215/251 (dp-003, dp-005), declined 104/115 and false
# refusals 5 unchanged, precision 0.3797 -> 0.3823, swap 0.0466 -> 0.0469, d1-d5 answers identical; 0.2 -> the same
# figures (precision 0.3828, swap 0.0470) but dev item d3-024 ("advice", 0.20) answered with the self-description;
# 0.4 -> 213/251 (no gain).
STAND_IN = 0.3
# Switch: a question about the document that names nothing else of the sources (see _alone: "how does the essay
# end?", "what does it take in?") is answered where the document describes itself and then from its frame, in
# source order: its opening sentence and the opening block of each section it closes with ("Key Takeaways" and its
# "Conclusion"), found from its headings and their positions (see _frame, composing._document_frame). Which of them
# the asker means (its purpose, its beginning, its summary, its verdict) is beyond the model: MiniLM puts "open",
# "wrap up" and "sum up" no nearer the opening or the closing heading than the other (plain cosine 0.20-0.25 and
# 0.36 vs 0.33; see parts.PART_MATCH), and no nearer the self-describing sentence (about 0) than "appendix" or
# "bibliography"; so all are quoted, the account of itself first. The support the decision reads is unchanged (it is
# computed before): a question on something the document lacks is declined as before. Dev (471): focused 274 -> 276
# /331 (dp-001, dp-002), declined 122/135 and false refusals 5 unchanged, precision 0.3440 -> 0.3456; with its nouns
# alone read for _alone (rather than every open-class word) 277 (+d9-014, whose "main" the article uses once).
# (Measured against: the frame in place of the whole answer for any question whose words name no topic the sources
# use in at most half their chunks -> 274 (+dp-001, dp-002; -d9-018 "bigger firms", d2-050); the frame in source
# order with the self-description inside it: same figures, but the account of itself no longer leads a question on
# the document's purpose.) Round 15 on dev 571 (d12 included): 323 -> 326/406, declined 141/160, false refusals 7,
# precision 0.3232 -> 0.3246; test 112/140 and both sealed sets' focused counts identical, their precision equal or up.
DOCUMENT_FRAME = True
# (Round 18, off.) A document's frame ending with its last sentence too, as it begins with its first: a closing section
# often opens with its verdict and ends with the advice it leaves the reader. Dev (671): with answering.ALONE_SLACK at
# 0.05 it gained d12-060 (how the piece closes, support 0.254); at 0.03 (0.05 answered a test guide's
# missing appendix, 0.251) no dev item changes focus, and purpose questions quote one sentence more.
FRAME_LAST_SENTENCE = False
# (Round 15, branch `docq`, not merged.) A noun the sources use in several passages ("document", of "document
# review") acting for the document in a question that names nothing else of theirs, read as the document when it
# stands in the self-describing sentence: dev (471) with DOCUMENT_FRAME 277 -> 278/331 (d9-008), declined unchanged,
# but the test split lost an answer (112 -> 111/140, precision 0.3728 -> 0.3655). Applied to nouns used in at most
# TOPIC_DF passages too: declined 122 -> 121 (d9-023, "this writer" then read as the document).
# Switch: a noun the question has own the document ("a quick summary of the article", "the gist of this piece") says
# what is asked of the document, not a topic of the sources, though the sources may use the word ("So in summary, …"):
# it does not keep the question from being about the document alone (see _alone). Round 20, dev 771: no answer changes
# (473/556, 177/210, 16, 0, 0.3360); a probe asking for "a quick summary of the article", declined before, is answered
# with the Pros and Cons of its takeaways.
DOCUMENT_ATTRIBUTE = True
# Switch: a noun the sources use once (at most TOPIC_DF passages), and not in a heading, that owns something in the
# question ("the writer's stance on…") names the document when it stands in the document's own place in its
# self-describing sentence (see _stand_in) as well as USED_STAND_IN: the sources' one use ("freelance writers") is
# theirs for something else, but read as an owner it is the asker's word for who wrote the document. A heading's word
# ("the conclusion's point") names a part of the document, not the whole (see parts.EDGE_ACTING). Round 23 (helper
# `doc23`), dev 771: focused 486 -> 487/556 (+d9-006, none lost), false refusals 12 -> 11, declined 192/210 and
# invalid 0 unchanged, precision 0.3464 -> 0.3461 (dp-004, still focused, now leads with the account of itself).
USED_OWNER = True
# Switch: a noun the sources never use, had with a determiner, that owns what the question asks after ("the purpose of
# the piece", "the gist of the text") is read in the document's own place in its account of itself as a noun acting is
# (see _stand_in, STAND_IN): "<something> of the <noun>" asks that something of the document when the noun stands for
# it. analysis._acting_nouns leaves such owners out (they do nothing), so "the piece" there named nothing and the
# question was answered by topic (a passage on the purpose of a job description) or declined. Not when the question
# names another noun the sources never use ("the view of the piece on blockchain"): that is a topic asked of the
# document, which the sources lack, and the question is left as it was (declined: they never mention "piece"); nor
# when what is asked is a topic of the sources ("the pros of the idea": "idea" stands in at 0.31, as "piece" does, and
# the question, read as about the document, got its account of itself for the Pros list).
# Round 31 (helper `doc31`), dev 971: no answer changes (with TIME_LABELS); of probes of our own, the purpose, the gist
# and the main argument "of the piece/text" now get the account of itself (before: a job-description passage, or
# declined), and "the thesis of the essay" stays declined (support 0.25, under the floor).
OWNED_STAND_IN = True
# Named-entity labels (spaCy's) of a time expression, whose noun owns a part without being a document: "the end of
# the day" ("day" 0.34, "week" 0.40, "year" 0.32 where the document's word stands, "piece" only 0.31). Dev 971 without
# this check: two answers changed (a paraphrase and a fact question with a time phrase ending "day"), focus unchanged.
TIME_LABELS = frozenset({"DATE", "TIME"})
# Stand-in scores (see _stand_in) of the nouns the bundled article uses once: "introduction" 0.55, "conclusion"
# 0.52, "summary" 0.50, "source(s)" 0.47-0.49 (headings and the sources' own name, left out or read already),
# "issues" 0.45, "exhibits" 0.44, "facts" 0.44, "description" 0.42, "writers" 0.35; "writer" (singular) 0.53. Above
# STAND_IN, which a noun the sources never use must meet, since a used word is theirs for something first.
USED_STAND_IN = 0.45
# Switch: see SelfDescription.about (USED_WHOLE): a noun the sources use in several passages but never for one whole
# thing (a singular noun with a determiner: "document review", "drafting documents"), had by the question for one ("the
# document", "this document"), names the document when it stands in its place in its account of itself as well as
# USED_STAND_IN ("document" 0.66, "text" 0.58). Round 27 (helper `doc27`), dev 971: focused 604 -> 605/706 (+d9-008;
# none lost), declined 247/260, false refusals 17, invalid 0, precision 0.3406 -> 0.3410; real-history 114/146. Unlike
# round 15's `docq` (any such noun acting), the sources' own use is read: one they use for a whole thing is theirs.
USED_WHOLE = True
# Switch: a "why" question about the document alone (see _alone) whose document is what was done, made or acted on
# (the object of the verb "why" asks about, or its passive subject: "why did they put this piece together?", "why
# was the guide published?") asks why the document exists: its account of itself says ("This article provides …,
# equipping law firms to make an informed decision"), so that account answers it however few of the question's
# words it shares (such questions share only the document's word and a verb of making; "why" and the verb weigh
# against every passage, support 0.19-0.26 against the 0.27 a question about the document alone must meet). Only
# the document as patient: "why did the author leave?" asks after the author, and "why was the appendix dropped?"
# names a part it lacks (not its word), both left to the support floor as before; so is a noun only close in meaning
# to the document's word and not pointed at ("the appendix" reads as the document by RELATED). Round 29 (helper
# `doc29`), dev 971: focused 611 -> 612/706 (+d9-002, none lost), false refusals 16 -> 15, declined 247/260, invalid
# 0, precision 0.3407 -> 0.3404 (the one gained answer quotes the frame too); real-history follow-ups 117/146.
DOCUMENT_WHY = True
# Switch: a noun the question has for one whole thing ("a summary", "the recap") that the sources use but never so
# (only in idioms, as a modifier or in the plural: "in summary", "document review") does not tie a question about the
# document to the sources' passages (see _alone): their uses are not about a thing of that name, so the question asks
# it of the document ("does the piece give a summary anywhere?") and is answered from its account of itself and its
# frame, which holds its closing sections. The sources' own use is read as USED_WHOLE reads it (see _used_whole).
# Only a noun they use in at most TOPIC_DF passages and not in a heading: without that, probes of our own on "the
# cost" (used only in the plural and as a modifier, but a topic of nine passages) and "a contract" were answered with
# the frame. Round 29 (helper `doc29`), dev 971 over DOCUMENT_WHY: focused 612 -> 613/706 (+dp-006, none lost, no
# other answer changes), declined 247/260, false refusals 15, invalid 0, precision 0.3404 -> 0.3408.
WHOLE_UNUSED_ALONE = True
# Switch: a question about the document alone that asks for the whole of it, or whom or what it is for, is answered
# from its account of itself and its frame, as one asking why it was made is (DOCUMENT_WHY). Readings of the parse:
# (1) the document as what the question's main verb, asked of the assistant, acts on ("Summarize the article", "can
# you recap this piece?"; "I'm drafting the posting" tells of the asker's own), or owning the noun asked ("a summary of
# the piece", "the gist of the text") where that noun is no topic of the sources (used in at most TOPIC_DF passages, no
# heading's word): what is asked is of the whole document, so its account of itself and frame are quoted, not the
# passage that happens to share the asked word ("Drafting legal memos summarizing research findings"). Quoting only:
# the support decision is unchanged. The noun's own modifiers ("the target audience of the guide") belong to what is
# asked, not to the sources' topics. Such an object, a subject with a preposition left at the end of a wh-question
# ("what is the piece about?") and a noun "here" points at ("what's the thesis here?", as "this thesis") are read in
# the document's place in its account of itself (STAND_IN) as a noun acting is. (2) "for" left at the end with a
# wh-word as its object ("who is the article for?", "what is this guide intended for?", "for whom…"), on the document,
# a participle modifying it or the verb it is the subject of, asks whom or what the document is for, as "why" asks
# what it was made for: its account of itself says ("equipping law firms to make an informed decision"). (3) A bare
# "it", "this" or "that" as subject or object, with no noun before it in the message and nothing earlier, points at
# the document the asker is reading ("what sections does it have?", "how does it end?", "who is it for?") when the
# question then asks the document something the readings above, its layout (layout.Layout) or a part of it
# (parts.Parts) recognise; any other such question ("is it legal?") is left as it was. (4) USED_OWNER reads a noun the
# sources use once as the subject of the question's verb too ("is the writer for or against outsourcing?"), not only
# as an owner, when the question names a topic of the sources besides: alone it asks after the person ("what else has
# this writer published?", d9-023, stays declined). Round 37 (helper `doc37`), dev 971: no answer changes (focused
# 629/706, declined 252/260, false refusals 12, invalid 0, precision 0.3435, real-history 119/146, off and on); probes
# of our own: 15 of 40 everyday questions about the article answered better (6 declined before, 9 answered with the
# duties list, a job-description passage, the Cons or a provider passage), none worse; 0 of 14 to decline change (6
# of them answered on main already: cited studies, readers' opinion, the writer's schooling, the editor, a revision
# date, a journal); 3 of 34 other questions change ("can you explain it?", "what's the story about?" with nothing
# before them: now the account of itself). The "it"/"for" reading also lets "who is it for?" past the no-topic check
# (answering.Answerer._answer, pronoun_for_whom).
DOCUMENT_ASKED = True
# Switch: two more readings of the parse that ask what the document is for, as DOCUMENT_WHY and DOCUMENT_ASKED's "for"
# do. (1) "What" asked of a to-infinitive the document's verb takes, or of "do" itself, with the document its subject
# ("what does the memo mean to do?", "what is this report trying to accomplish?"): what it sets itself to do is its
# aim, which its account of itself states; without it the search ranks passages by the verbs' words ("set" reaching
# "setting clear expectations"). (2) "Who" the subject of a verb with a modal, the document (or the bare pronoun
# naming it) in what that verb covers ("who should read the brief?", "who might gain from studying it?"): whom
# the document is meant for (a modal of advice or supposition, ADVISING_MODALS). Without one the question asks who
# did or is to do something to it ("who edited it?", "who will update it?"), which its account of itself never says.
# Round 38 (helper `doc38`), dev 971: no answer changes (focused 645/706, declined 252/260, false refusals 7, invalid 0,
# precision 0.3468, real-history 123/146, off and on); 30 probes of our own about the article: 4 answered with its
# account of itself (set out to do, trying to achieve, who should read / would benefit from reading it; before: a
# time-zone passage, a productivity passage, declined, the takeaways' lead-in), none of the 8 to decline changes.
# (Tried, not kept: any modal, which answered "who will update it?"; and reading a last word after do-support the
# tagger takes for a noun as the verb, "does the article use?", which lost d9-020 (a kind of section the article
# lists, asked of the article) to the document's frame.)
DOCUMENT_AIM = True
# The modals of advice or of a case supposed ("who should…", "who would…"): "will", "can" and "may" ask who is to do
# something to the document or is able to ("who will update it?", "who can edit this article?"), not whom it is for.
ADVISING_MODALS = frozenset({"should", "would", "could", "might"})
WHOLE_SENTENCES = 200  # a word in more sentences than this is a word of the sources' own, taken as used whole
STOOD_KEPT = 4096  # stand-in scores kept (a noun and a sentence each); a few hundred KB at most
# (Round 12, branch `deixis`, not merged.) A noun the sources also use ("this document") read as the document when its
# token states in the question are nearer the noun standing in the self-describing sentence than the mean of its uses
# in the document's passages (compound heads such as "this document review" left out): dev 215 -> 216/251 (d9-008, at
# +0.019), held-out sets unchanged, but "How does this document get to the client securely?" (+0.007) and "Who signs
# this document?" (+0.012) were read as the article too, and the first lost a good answer to the self-description. A
# margin that keeps them out (0.05) gives dev unchanged: the gain sits inside the noise of the sense reading.
# (Also measured on dev (336), against 193/228, precision 0.369, swap 0.0415: the prose of each document's last
# section counted as self-describing too (where it sums up) -> 192/228 (the conclusion question gained, two stance
# questions lost to the conclusion's sentences), swap 0.0417; the self-describing units lifted by one amount, keeping
# their own order, instead of all to the top -> 192/228; both -> 185/228. Not kept.)


@dataclass(frozen=True)
class AboutDocument:
    """A question's reference to the document itself: where the documents describe themselves, and the stems of
    the question's words that mean the document ("article", "author") rather than a topic of it."""

    units: Mapping[str, frozenset[int]]  # chunk id -> starts of its self-describing units
    words: tuple[str, ...]
    positions: Mapping[str, int]  # those chunks' positions in the snapshot
    # The question names nothing of the sources besides the document (see _alone and DOCUMENT_FRAME).
    alone: bool = False
    frame: Mapping[str, frozenset[int]] = field(default_factory=dict)  # chunk id -> starts of its frame units
    frame_positions: Mapping[str, int] = field(default_factory=dict)  # those chunks' positions in the snapshot
    # The question names the document by meaning (its own word for itself, one close to it, or one standing in its
    # place), not only by pointing at something the sources never mention ("this afternoon").
    meant: bool = True
    # The units naming the examples of a kind the question asks after (see instances.Instances): chunk id -> starts.
    instances: Mapping[str, frozenset[int]] = field(default_factory=dict)
    instance_positions: Mapping[str, int] = field(default_factory=dict)  # those chunks' positions in the snapshot
    own: frozenset[str] = frozenset()  # stems of the nouns the documents call themselves by ("article")
    # The question asks why the document was made (see DOCUMENT_WHY): its account of itself and its frame answer.
    purpose: bool = False
    # The question asks something of the document in a noun the sources never use for a whole thing (see
    # WHOLE_UNUSED_ALONE), or asks for the whole of it (see DOCUMENT_ASKED): its account of itself and its frame
    # answer, whichever passage its words lead to.
    asked_of: bool = False
    # The question names the document by a pronoun with nothing before it to point back to ("what sections does it
    # have?"; see answering.BARE_POINTER and DOCUMENT_ASKED), not by a noun.
    bare: bool = False


@dataclass(frozen=True)
class _Document:
    """One document's self-description: where it speaks about itself and the nouns it calls itself by."""

    units: dict[str, frozenset[int]]  # chunk id -> starts of its self-describing units
    positions: dict[str, int]  # those chunks' positions in the snapshot
    stems: frozenset[str]  # stems of the nouns the document calls itself by ("article", "note")
    vectors: np.ndarray  # those nouns in their sentences (token states pooled), unit length, one row each
    frames: tuple[tuple[str, tuple[int, int]], ...] = ()  # those sentences, each with the span of its noun
    frame: dict[str, frozenset[int]] = field(default_factory=dict)  # its opening and closing units (see _frame)
    frame_positions: dict[str, int] = field(default_factory=dict)  # those chunks' positions in the snapshot
    closing: dict[str, frozenset[int]] = field(default_factory=dict)  # its last sentence (see FRAME_LAST_SENTENCE)
    headings: frozenset[str] = frozenset()  # stems of its headings' words (a part of it, not the whole; see USED_OWNER)


class SelfDescription:
    """The sentences in which each document describes itself (what it provides, whom it is for, what comes next),
    found with spaCy's parse, and whether a question asks about the document itself.

    Only the documents a question's search reached are read, each once per index build: a build of hundreds of
    documents is never parsed whole (the parser takes several milliseconds a sentence, so reading every candidate
    sentence of 300 licence texts would hold up a question for over a minute), and a question about "this article"
    means one the search found, not every document that describes itself."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._documents = PerDocument(partial(_describe, embeddings=embeddings))
        self._stood: dict[tuple[str, tuple[str, tuple[int, int]]], float] = {}  # (noun, frame) -> see _stand_in
        self._whole: dict[tuple[str, str], bool] = {}  # (build, stem) -> see _used_whole

    def about(
        self, a: Analysis, snapshot: Snapshot, hits: Sequence[ScoredChunk], pointer: bool = False
    ) -> AboutDocument | None:
        """The question's reference to a document its search reached (`hits`), if it makes one: "this <noun>" in a
        question that leans on no earlier turn (nothing else is there to point at), or a noun with "the" or a
        possessive that is the documents' own word for themselves or, read in the question, close in meaning to it
        ("the author" of "this article"). `pointer`: the question points at the document with a bare "this" (see
        answering.BARE_POINTER), which names it without a noun."""
        if a.follow_up or not (a.determined or pointer) or not hits:
            return None
        documents = self._documents.of(snapshot, list(dict.fromkeys(h.chunk.source for h in hits)))
        units = {cid: starts for d in documents for cid, starts in d.units.items()}
        if not units:
            return None
        own_stems = frozenset().union(*(d.stems for d in documents))
        vectors = [d.vectors for d in documents if len(d.vectors)]
        # "this <noun>" with nothing earlier to point back to is the document when the sources never use the noun
        # for anything else ("this piece", "this write-up"); a noun they do use ("this model") must mean the document
        # as their own word for it does.
        # With DOCUMENT_ASKED, "here" on the main verb of a question with nothing before it points as "this" does:
        # "what's the thesis here?" asks "this thesis" (see _core_arguments).
        here = set(_core_arguments(a, here=True)) if DOCUMENT_ASKED and not a.previous_answer else set()
        referring = [
            noun
            for noun, *_, pointed in a.determined
            if stem(noun) in own_stems or ((pointed or noun in here) and not snapshot.doc_freq.get(stem(noun)))
        ]
        pointed_only = [n for n in referring if stem(n) not in own_stems]
        spans = getattr(self.embeddings, "span_vectors", None)
        # A noun the sources use in several passages names a topic of theirs ("the firm", "the risks"), not the
        # document; only the others are read in context (from the token states of the question's own embedding).
        rest = [
            (noun, s, e)
            for noun, s, e, _ in a.determined
            if noun not in referring and snapshot.doc_freq.get(stem(noun), 0) <= TOPIC_DF
        ]
        if rest and spans is not None and vectors:
            close = (spans(a.text, [(s, e) for _, s, e in rest]) @ np.vstack(vectors).T).max(axis=1)
            referring += [noun for (noun, *_), c in zip(rest, close) if c >= RELATED]
        # A noun the question has acting or owning ("what does the essay recommend?", "the essayist's view") may name
        # the document in the asker's own word, far in meaning from the document's as a word ("piece", "article").
        # Put in the document's own place in the sentence where it describes itself ("This piece provides…"), it
        # reads there as the document's own word does when it can stand for it. Only a noun the sources never use:
        # one they do use ("writer", "description") is theirs for something, and is read in the question as above.
        # With DOCUMENT_ASKED, the object of the question's main verb is read as one acting is ("sum up the piece",
        # "can you summarize this piece?"): the tagger-only reading of acting (a noun right before its verb) misses
        # every object; and a noun pointed at may be any argument of that verb ("what's the thesis here?").
        core = (*_core_arguments(a, objects=True), *_core_arguments(a, stranded=True)) if DOCUMENT_ASKED else ()
        acting = [*a.acting, *(n for n in core if n not in a.acting)]
        pointing = [*acting, *_core_arguments(a)] if DOCUMENT_ASKED else acting
        standing = [n for n in acting if n not in referring and not snapshot.doc_freq.get(stem(n))]
        if OWNED_STAND_IN:
            # Or owning what is asked after a preposition ("the purpose of the piece"; see OWNED_STAND_IN).
            determined = {noun for noun, *_ in a.determined}
            owning = [
                head
                for head, phrase, thing in a.owners
                if head in determined
                and head not in referring
                and head not in standing
                and not snapshot.doc_freq.get(stem(head))
                and not _topic_besides(a, phrase, thing, snapshot)
            ]
            if owning:
                # Not a time ("by the close of the week"): its nouns stand in the document's place as well as "piece".
                times = {t.lower_ for e in entities(a.text).ents if e.label_ in TIME_LABELS for t in e}
                standing += [n for n in owning if n not in times]
        if standing:
            referring += self._stand_in(standing, documents)
        if USED_WHOLE:
            # A noun the sources use in several passages, but never for one whole thing ("document review", "drafting
            # documents"), that the question has for one ("the document", "this document"), is the asker's word for
            # the document when it stands in the document's own place in its account of itself (USED_STAND_IN).
            whole = [
                noun
                for noun, s, _, _ in a.determined
                if noun not in referring
                and snapshot.doc_freq.get(stem(noun), 0) > TOPIC_DF
                and _one_whole(a.text, s)
                and not self._used_whole(stem(noun), snapshot)
            ]
            if whole:
                scores = self._scores(whole, documents)
                referring += [n for n in whole if scores.get(n, -1.0) >= USED_STAND_IN]
        if USED_OWNER:
            # A noun the sources use once ("writers" of hire) owning something in the question ("the writer's
            # verdict") may still be the asker's word for the document: read in its place, it must stand in for it
            # as clearly as the document's own near words do (see USED_STAND_IN).
            # Or its subject, with DOCUMENT_ASKED, in a question naming a topic of the sources besides ("is the writer
            # for or against outsourcing?"): one naming nothing else asks after the person ("which other books has this
            # writer put out?", "where was the writer educated?"), whom the document's account of itself does not
            # describe.
            subjects = (
                {
                    t.lower_
                    for t in parsed(a.text)
                    if t.dep_ in ("nsubj", "nsubjpass")
                    and t.pos_ == "NOUN"
                    and any(
                        snapshot.doc_freq.get(stem(m)) and stem(m) not in own_stems and m != t.lower_ for m in a.nouns
                    )
                }
                if DOCUMENT_ASKED
                else set()
            )
            owning = [
                n
                for n in dict.fromkeys([*a.acting, *(noun for noun, *_ in a.determined if noun in subjects)])
                if n not in referring
                and 0 < snapshot.doc_freq.get(stem(n), 0) <= TOPIC_DF
                and not any(stem(n) in d.headings for d in documents)
                and (re.search(rf"\b{re.escape(n)}['\u2019]s?(?!\w)", a.text, re.I) or n in subjects)
            ]
            if owning:
                scores = self._scores(owning, documents)
                referring += [n for n in owning if scores.get(n, -1.0) >= USED_STAND_IN]
        if not referring and not pointer:
            return None
        # A pointer ("this <noun>") may name the document by pointing alone, and "this afternoon" points too: it names
        # it by meaning when the question has it act or own ("what does this piece conclude?") and it stands in the
        # document's own place as well (see _stand_in; "afternoon" in a sentence's subject place reads close enough).
        meant = (
            pointer
            or any(stem(n) in own_stems for n in referring)
            or len(referring) > len(pointed_only)
            or bool(self._stand_in([n for n in pointed_only if n in pointing], documents))
        )
        positions = {cid: i for d in documents for cid, i in d.positions.items()}
        words = tuple(dict.fromkeys(stem(n) for n in referring))
        if not DOCUMENT_FRAME:
            return AboutDocument(units, words, positions)
        alone_words = set(words)
        asked_of: set[str] = set()
        if WHOLE_UNUSED_ALONE:
            # A noun had for one whole thing the sources never use for one (see WHOLE_UNUSED_ALONE).
            asked_of = {
                w
                for t in parsed(a.text)
                if _one_whole_token(t)
                and 0 < snapshot.doc_freq.get(w := stem(t.text), 0) <= TOPIC_DF
                and not any(w in d.headings for d in documents)
                and w not in alone_words
                and not self._used_whole(w, snapshot)
            }
        alone = _alone(a, snapshot, alone_words | asked_of)
        frame: dict[str, frozenset[int]] = {}
        for d in documents:
            for cid, starts in [*d.frame.items(), *(d.closing.items() if FRAME_LAST_SENTENCE else ())]:
                frame[cid] = frame.get(cid, frozenset()) | starts
        frame_positions = {cid: i for d in documents for cid, i in d.frame_positions.items() if cid in frame}
        return AboutDocument(
            units,
            words,
            positions,
            alone,
            frame,
            frame_positions,
            meant=meant,
            own=own_stems,
            asked_of=alone
            and (
                (bool(asked_of) and not _alone(a, snapshot, alone_words))
                or (DOCUMENT_ASKED and _asked_whole(a, set(words), pointer, snapshot, documents))
            ),
            bare=pointer,
        )

    def _used_whole(self, word: str, snapshot: Snapshot) -> bool:
        """Do the sources use the noun (its stem `word`) for one whole thing anywhere: a singular head noun with a
        determiner ("the document", "a document"), not a modifier ("document review") or a plural? Read once per
        build and word, from the sentences holding it only; a word in more than WHOLE_SENTENCES is taken as used."""
        key = (snapshot.info.build, word)
        known = self._whole.get(key)
        if known is None:
            sentences = [
                u.text
                for c in snapshot.chunks
                if re.search(rf"\b{re.escape(word)}", c.text, re.I)
                for u in split_units(c.text, c.start)
                if word in stems(u.text)
            ]
            known = len(sentences) > WHOLE_SENTENCES or any(
                _one_whole_token(t) for doc in parse(sentences) for t in doc if stem(t.text) == word
            )
            if len(self._whole) > STOOD_KEPT:
                self._whole.clear()
            self._whole[key] = known
        return known

    def standing(self, nouns: Sequence[str], snapshot: Snapshot, hits: Sequence[ScoredChunk]) -> dict[str, float]:
        """How well each of `nouns` stands in for the document's own word for itself in the self-describing
        sentences of the documents the search reached (`hits`): see _stand_in. Empty without such sentences."""
        documents = self._documents.of(snapshot, list(dict.fromkeys(h.chunk.source for h in hits)))
        return self._scores(nouns, documents)

    def _stand_in(self, nouns: Sequence[str], documents: Sequence[_Document]) -> list[str]:
        """Those of `nouns` that, each put in place of a document's word for itself in its self-describing
        sentence, keep that word's meaning there (its token states pooled, against the word's own, >= STAND_IN)."""
        best = self._scores(nouns, documents)
        return [n for n in nouns if best.get(n, -1.0) >= STAND_IN]

    def _scores(self, nouns: Sequence[str], documents: Sequence[_Document]) -> dict[str, float]:
        """Each noun's best score over the documents' self-describing sentences (see _stand_in)."""
        spans = getattr(self.embeddings, "embed_with_spans", None)
        frames = [(f, v) for d in documents for f, v in zip(d.frames, d.vectors)]
        if spans is None or not frames:
            return {}
        # A noun read once in a sentence is not read there again (askers reuse their words for a document): the
        # model pass over the self-describing sentences took 26 ms (median, 13 of 577 dev and test questions, on a
        # loaded machine), a kept score is a dictionary lookup. Scores are read into a local copy first, so a
        # question never sees the shared ones cleared under it.
        scores = {(noun, frame): self._stood.get((noun, frame)) for noun in nouns for frame, _ in frames}
        todo = [(noun, frame, v) for noun in nouns for frame, v in frames if scores[(noun, frame)] is None]
        if todo:
            texts = [text[:s] + noun + text[e:] for noun, (text, (s, e)), _ in todo]
            where = [[(s, s + len(noun))] for noun, (_, (s, _e)), _ in todo]
            _, pooled = spans(texts, where)
            fresh = {(noun, frame): float(p[0] @ v) for (noun, frame, v), p in zip(todo, pooled)}
            scores.update(fresh)
            if len(self._stood) + len(fresh) > STOOD_KEPT:
                self._stood.clear()
            self._stood.update(fresh)
        return {n: max(score for (m, _), score in scores.items() if m == n) for n in nouns}

    def missed(
        self, about: AboutDocument, hits: list[ScoredChunk], snapshot: Snapshot, vector: np.ndarray
    ) -> list[ScoredChunk]:
        """The chunks holding self-describing units that the search did not reach, as hits after the others, with
        their plain cosine to the question (`vector`) as their closeness."""
        reached = {h.chunk.id for h in hits}
        return [
            ScoredChunk(snapshot.chunks[i], 0.0, snapshot.closeness(i, vector), 0.0)
            for cid, i in sorted(about.positions.items(), key=lambda kv: kv[1])
            if cid not in reached
        ]


def _topic_besides(a: Analysis, phrase: str, thing: str, snapshot: Snapshot) -> bool:
    """Does "<something> of <thing>" (`phrase` as typed) ask about a topic rather than ask something of the thing:
    its something a topic of the sources ("the pros of the idea": a word they use in more than TOPIC_DF passages),
    or the question naming a noun they never use besides the two ("the view of the piece on blockchain")? Either is
    what the question is about, not the document asked something of (see OWNED_STAND_IN)."""
    before = re.search(r"([\w'-]+)\s+" + re.escape(phrase), a.text)
    asked = {before.group(1).lower()} if before else set()
    if any(snapshot.doc_freq.get(stem(w), 0) > TOPIC_DF for w in asked):
        return True
    mine = set(words(thing.lower())) | asked
    return any(n not in mine and not snapshot.doc_freq.get(stem(n)) for n in a.nouns)


def _one_whole_token(t: Any) -> bool:
    """A singular head noun with a determiner ("the document"), not a modifier ("document review") nor a plural."""
    return (
        t.pos_ == "NOUN"
        and "Sing" in t.morph.get("Number")
        and t.dep_ != "compound"
        and any(c.dep_ == "det" for c in t.children)
    )


def _one_whole(text: str, start: int) -> bool:
    """Does the question have its noun at `start` for one whole thing (see _one_whole_token)?"""
    return any(_one_whole_token(t) for t in parsed(text) if t.idx == start)


def _alone(a: Analysis, snapshot: Snapshot, document: set[str]) -> bool:
    """Does the question name nothing of the sources but the document: no name, and no noun the sources use besides
    its words for the document (`document`, stems)? Any noun of theirs, even their subject's ("firms" in "what does
    it advise larger firms?"), ties it to the passages about that; the verbs and adjectives of a question about
    the document say what it asks of it ("how does it open?", "does it recap anywhere?")."""
    attributes = _attributes(a, document) if DOCUMENT_ATTRIBUTE else set()
    if any(snapshot.doc_freq.get(s) for n in a.nouns if (s := stem(n)) not in document and s not in attributes):
        return False
    return not a.names  # last: reading the names may run the named-entity pass (see analysis.DeferredNames)


def _attributes(a: Analysis, document: set[str], modifiers: bool = True) -> set[str]:
    """Stems of the nouns the question has own the document ("a summary of the article", "the gist of this piece"):
    what it asks of the document, not a topic of the sources (see DOCUMENT_ATTRIBUTE); with `modifiers` (and
    DOCUMENT_ASKED) the nouns modifying each too ("the target audience of the guide"), part of what is asked."""
    out = set()
    for head, phrase, _ in a.owners:
        if stem(head) in document:
            before = re.search(r"([\w'-]+)\s+" + re.escape(phrase), a.text)
            if before:
                out.add(stem(before.group(1).lower()))
                if modifiers and DOCUMENT_ASKED:
                    out |= {
                        stem(c.text)
                        for t in parsed(a.text)
                        if t.idx == before.start(1)
                        for c in t.children
                        if c.dep_ == "compound" and c.pos_ == "NOUN"
                    }
    return out


def _asked_whole(
    a: Analysis, document: set[str], pointer: bool, snapshot: Snapshot, documents: Sequence[_Document]
) -> bool:
    """Does a question about the document alone ask for the whole of it (see DOCUMENT_ASKED): the document (one of
    its words, `document`, stems; or a bare pronoun when it is named by one, `pointer`) the object of the question's
    main verb asked of the assistant ("summarize the article", "can you recap it?"; see _requested), or owning a
    noun asked that is no topic of the sources ("a summary of the piece": used in at most TOPIC_DF passages and in no
    heading, where a part of the document would be named)?"""
    if any(
        t.dep_ == "dobj" and t.head.dep_ == "ROOT" and t.head.pos_ == "VERB" and _requested(t.head)
        for t in _document_tokens(parsed(a.text), document, pointer)
    ):
        return True
    headings = frozenset().union(*(d.headings for d in documents))
    return any(
        snapshot.doc_freq.get(w, 0) <= TOPIC_DF and w not in headings for w in _attributes(a, document, modifiers=False)
    )


def _core_arguments(a: Analysis, objects: bool = False, here: bool = False, stranded: bool = False) -> tuple[str, ...]:
    """The determined nouns (lower-case, see Analysis.determined) that are the subject, object or attribute of the
    question's main verb, by the dependency parse, with no phrase of their own after them ("the idea behind
    outsourcing" names its topic); only its objects with `objects`, when the verb is asked of the assistant (see
    _requested), with `here` only when "here" modifies that verb (the place of the asker, pointing as "this"
    does), and with `stranded` only a subject with a preposition left at the end in a wh-question ("what is the piece
    about?", "who is the guide for?": what it is about or for, asked of a thing that has a topic or an aim)."""
    determined = {noun for noun, *_ in a.determined}
    roles = ("dobj",) if objects else ("nsubj", "nsubjpass", "dobj", "attr")
    return tuple(
        dict.fromkeys(
            t.lower_
            for t in parsed(a.text)
            if t.lower_ in determined
            and t.dep_ in roles
            and t.head.dep_ == "ROOT"
            and not any(c.dep_ == "prep" and any(g.dep_ == "pobj" for g in c.children) for c in t.children)
            and (not here or any(c.lower_ == "here" and c.dep_ == "advmod" for c in t.head.children))
            and (not objects or _requested(t.head))
            and (
                not stranded
                or (
                    t.dep_ == "nsubj"
                    and any(c.dep_ == "prep" and not any(c.children) for c in t.children)
                    and any(u.tag_ in ("WP", "WDT") for u in t.doc)
                )
            )
        )
    )


def _requested(verb: Any) -> bool:
    """Is the verb asked of the assistant: an imperative ("sum up the piece") or with "you" its subject ("can you
    recap the essay?")? With another subject it tells of something else ("I'm drafting the posting")."""
    return all("2" in c.morph.get("Person") for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))


def _document_tokens(doc: Any, document: set[str], pointer: bool) -> list[Any]:
    """The tokens of a question's parse that name the document: a noun one of its words (`document`, stems), or, when
    the question names it by a pronoun alone (`pointer`), that pronoun (see bare_pronoun)."""
    return [
        t for t in doc if (t.pos_ in ("NOUN", "PROPN") and stem(t.text) in document) or (pointer and bare_pronoun(t))
    ]


def bare_pronoun(t: Any) -> bool:
    """A singular neuter or demonstrative pronoun standing alone as a subject or object ("what sections does it
    have?", "who is this for?") with no noun before it in the message that it could stand for (a noun a wh-word
    determines, "what sections", is what is asked): with nothing before it, it points at the document the asker is
    reading. "We are writing the vacancy notice. Which parts does it need?" points at the notice."""
    return (
        t.pos_ == "PRON"
        and "Sing" in t.morph.get("Number")
        and ("Dem" in t.morph.get("PronType") or ("Neut" in t.morph.get("Gender") and "3" in t.morph.get("Person")))
        and t.dep_ in ("nsubj", "nsubjpass", "dobj")
        and not any(
            u.pos_ in ("NOUN", "PROPN") and not any(c.tag_ in ("WDT", "WP") for c in u.children) for u in t.doc[: t.i]
        )
    )


def _describe(snapshot: Snapshot, positions: Sequence[int], embeddings: Embeddings) -> _Document:
    """Find one document's self-describing sentences: a subject noun pointed at with a singular demonstrative that
    the document has not used before (or uses in its title), so "this article provides…" or "this policy applies…"
    and not "this trend" that picks up what came before; or a first-person subject, the author speaking ("we'll
    explore…"). `positions`: the document's chunks in the snapshot."""
    chunks = sorted(((snapshot.chunks[i], i) for i in positions), key=lambda ci: ci[0].start)
    candidates: list[tuple[str, int, str, frozenset[str]]] = []  # chunk id, unit start, text, stems seen before
    title = frozenset(stems(chunks[0][0].title)) if chunks else frozenset()
    seen: set[str] = set(title)
    for c, _ in chunks:
        # Split again from the chunk's text as ingest split it: a large ("chroma") build keeps its units in Chroma,
        # one fetch per chunk.
        for u in split_units(c.text, c.start):
            if u.kind == "sentence" and MAYBE_SELF_RE.search(u.text):
                candidates.append((c.id, u.start, u.text, frozenset(seen - title)))
            seen.update(stems(u.text))
    found: dict[str, set[int]] = {}
    nouns: list[tuple[str, tuple[int, int]]] = []  # self-description nouns: (sentence, span of the noun)
    for (cid, start, text, before), doc in zip(candidates, parse([t for _, _, t, _ in candidates])):
        subjects = [t for t in doc if t.dep_ in ("nsubj", "nsubjpass")]
        first_person = any("1" in t.morph.get("Person") and t.pos_ == "PRON" for t in subjects)
        pointed = [
            s
            for s in subjects
            if s.pos_ in ("NOUN", "PROPN")
            and stem(s.text) not in before
            and any(
                t.dep_ == "det" and "Dem" in t.morph.get("PronType") and "Sing" in t.morph.get("Number")
                for t in s.children
            )
        ]
        if not (first_person or pointed):
            continue
        found.setdefault(cid, set()).add(start)
        nouns.extend((text, (n.idx, n.idx + len(n))) for n in pointed)
    at = {c.id: i for c, i in chunks}
    frame = _frame([c for c, _ in chunks])
    closing = _closing([c for c, _ in chunks])
    return _Document(
        {cid: frozenset(starts) for cid, starts in found.items()},
        {cid: at[cid] for cid in found},
        frozenset(stem(text[s:e]) for text, (s, e) in nouns),
        _noun_vectors(nouns, embeddings),
        tuple(nouns),
        frame,
        {cid: at[cid] for cid in frame | closing},
        closing,
        frozenset(stem(w) for c, _ in chunks for w in words(c.section.replace(SECTION_SEP, " "))),
    )


def _frame(chunks: Sequence[Chunk]) -> dict[str, frozenset[int]]:
    """A document's frame (chunks in source order): its first sentence, and the opening block of each section its
    last chunk sits in (at every heading level, leaving out the levels that hold its first chunk too, such as the
    title's), so "Key Takeaways" and its last subsection "Conclusion" both. Chunk id -> starts of those units."""
    if not chunks:
        return {}
    first, last = chunks[0], chunks[-1]
    out: dict[str, set[int]] = {}
    opening = split_units(first.text, first.start)
    if opening:
        out.setdefault(first.id, set()).add(opening[0].start)
    opening_sections = set(first.sections)
    for section in last.sections:
        if section in opening_sections:
            continue
        own = next((c for c in chunks if c.section == section), None)
        units = split_units(own.text, own.start) if own is not None else []
        if units:
            out.setdefault(own.id, set()).update(u.start for u in units if u.block == units[0].block)
    return {cid: frozenset(starts) for cid, starts in out.items()}


def _closing(chunks: Sequence[Chunk]) -> dict[str, frozenset[int]]:
    """A document's last sentence (chunks in source order): chunk id -> its start (see FRAME_LAST_SENTENCE)."""
    last = [u for u in split_units(chunks[-1].text, chunks[-1].start) if u.kind == "sentence"] if chunks else []
    return {chunks[-1].id: frozenset([last[-1].start])} if last else {}


def _noun_vectors(nouns: Sequence[tuple[str, tuple[int, int]]], embeddings: Embeddings) -> np.ndarray:
    spans = getattr(embeddings, "embed_with_spans", None)
    if spans is None or not nouns:
        return np.zeros((0, 1), dtype=np.float32)
    _, pooled = spans([t for t, _ in nouns], [[span] for _, span in nouns])
    return np.vstack(pooled).astype(np.float32)


def asks_purpose(a: Analysis, about: AboutDocument | None) -> bool:
    """Does a question about the document alone ask why the document was made (see DOCUMENT_WHY)?"""
    if not DOCUMENT_WHY or about is None or not (about.alone and about.meant) or a.follow_up:
        return False
    doc = parsed(a.text)
    if DOCUMENT_ASKED and _for_whom(doc, about):
        return True
    if DOCUMENT_AIM and _aim(doc, _named_tokens(doc, about)):
        return True
    why = [t for t in doc if t.tag_ == "WRB" and t.lower_ == "why"]
    if not why:
        return False
    asked = {t.head.i for t in why}
    # The document by its own word ("the article") or pointed at ("this guide"): a noun merely close in meaning to
    # its word ("the appendix") may name a part of it, or one it lacks.
    return any(
        _patient(t, asked)
        for t in doc
        if t.pos_ == "NOUN" and (s := stem(t.text)) in about.words and (s in about.own or _pointed(t))
    )


def _for_whom(doc: Any, about: AboutDocument) -> bool:
    """Does the question ask whom or what the document is for (see DOCUMENT_ASKED): "for" with a wh-word as its
    object, or left at the end in a wh-question ("who is the article for?", "what is this guide intended for?"), on
    the document itself, a participle modifying it, or the verb it is the subject of. The document as in DOCUMENT_WHY:
    by its own word or pointed at, or the bare pronoun naming it."""
    return _for_named(doc, _named_tokens(doc, about))


def _named_tokens(doc: Any, about: AboutDocument) -> list[Any]:
    """The tokens naming the document: its own word or one pointed at, or the bare pronoun naming it (see _for_whom)."""
    return [
        t
        for t in doc
        if (t.pos_ == "NOUN" and (s := stem(t.text)) in about.words and (s in about.own or _pointed(t)))
        or (about.bare and bare_pronoun(t))
    ]


def _aim(doc: Any, named: Sequence[Any]) -> bool:
    """Does the question ask what the document sets out to do, or whom it is meant for (see DOCUMENT_AIM)?"""
    if not named:
        return False
    what = [t for t in doc if t.tag_ == "WP" and t.dep_ in ("dobj", "attr")]
    if what:
        for t in named:
            if t.dep_ != "nsubj":
                continue
            # Its verb, or a participle it carries ("the piece trying to…", spaCy's reading of a progressive).
            verbs = [t.head] + [c for c in t.children if c.dep_ == "acl"]
            for v in verbs:
                if v.lemma_ == "do" and v.pos_ in ("VERB", "AUX") and t.head.i == v.i and v.dep_ == "ROOT":
                    return True
                if any(c.dep_ == "xcomp" and any(g.tag_ == "TO" for g in c.children) for c in v.children):
                    return True
    for w in doc:
        if w.tag_ != "WP" or w.dep_ != "nsubj" or w.lower_ not in ("who", "whom"):
            continue
        verb = w.head
        if not any(c.tag_ == "MD" and c.lower_ in ADVISING_MODALS for c in verb.children):
            continue
        covered = {u.i for u in verb.subtree}
        if any(t.i in covered and t.dep_ in ("dobj", "pobj") for t in named):
            return True
    return False


def pronoun_for_whom(a: Analysis) -> bool:
    """Does a question with nothing before it ask whom or what a bare pronoun is for ("who is it for?", "what's this
    for?"; see _for_whom)? It names no topic of the sources, yet asks what the document is for (DOCUMENT_ASKED)."""
    if not DOCUMENT_ASKED or a.follow_up or a.previous_answer:
        return False
    doc = parsed(a.text)
    return _for_named(doc, [t for t in doc if bare_pronoun(t)])


def _for_named(doc: Any, named: Sequence[Any]) -> bool:
    """Is "for" (with a wh-word as its object, or left at the end in a wh-question) on one of the `named` tokens, a
    participle modifying it, or the verb it is the subject of (see _for_whom)?"""
    if not named or not any(t.tag_ in ("WP", "WDT") for t in doc):
        return False
    for f in doc:
        if f.lower_ != "for" or f.pos_ != "ADP":
            continue
        if any(c.dep_ == "pobj" and c.tag_ not in ("WP", "WDT") for c in f.children):
            continue
        for t in named:
            anchors = {t.i} | {c.i for c in t.children if c.dep_ == "acl"}
            if t.dep_ in ("nsubj", "nsubjpass", "attr"):
                anchors.add(t.head.i)
            if f.head.i in anchors:
                return True
    return False


def _pointed(noun: Any) -> bool:
    """Has the noun a singular demonstrative determiner ("this piece")?"""
    return any(
        c.dep_ == "det" and "Dem" in c.morph.get("PronType") and "Sing" in c.morph.get("Number") for c in noun.children
    )


def _patient(noun: Any, asked: set[int]) -> bool:
    """Is the document's noun what the verb a "why" asks about does or makes: its object, its passive subject, or
    a noun a past participle modifies ("this document written …", spaCy's reading of some passives)?"""
    head = noun.head
    if noun.dep_ == "dobj" and head.i in asked:
        return True
    if noun.dep_ in ("nsubj", "nsubjpass") and head.i in asked:
        return (
            noun.dep_ == "nsubjpass"
            or any(c.dep_ == "auxpass" for c in head.children)
            or any(c.dep_ == "acl" and c.tag_ == "VBN" for c in noun.children)
        )
    return False
