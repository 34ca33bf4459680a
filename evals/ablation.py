"""`python -m evals.ablation`: each answering component switched off in turn, scored on the dev split.

Measurement code only: the switches patch the product from outside, so the product carries no ablation flags.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import assistant.analysis as analysis
import assistant.answering as answering
import assistant.composing as composing
import assistant.directives as directives
import assistant.documents as documents
import assistant.grounding as grounding
import assistant.index as index
import assistant.instances as instances
import assistant.kinds as kinds
import assistant.layout as layout
import assistant.lists as lists
import assistant.parts as parts
import assistant.pointing as pointing
import assistant.selfdescription as selfdescription
from assistant import Assistant, Settings
from assistant.language import stem

from .runner import SPLITS, load_items, read_corpus, run_split


@contextlib.contextmanager
def _patched(obj: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


@contextlib.contextmanager
def _both(*contexts: contextlib.AbstractContextManager) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        for c in contexts:
            stack.enter_context(c)
        yield


@contextlib.contextmanager
def _raw_dense(bot: Assistant) -> Iterator[None]:
    """Rank on plain cosine similarity instead of the corpus-centred one."""
    handle = bot.index
    snap = handle._snapshot
    zero = snap.centroid * 0
    handle._snapshot = dataclasses.replace(
        snap, chunk_centred=snap.chunk_matrix, unit_centred=snap.unit_matrix, chunk_centroid=zero, centroid=zero
    )
    try:
        yield
    finally:
        handle._snapshot = snap


def components(bot: Assistant) -> dict[str, Callable[[], contextlib.AbstractContextManager]]:
    """Name -> a context in which that component is off."""
    return {
        "named-thing decline (NER, acronyms, numbers, rare terms)": lambda: _patched(
            analysis.Analysis, "unknown_names", property(lambda self: [])
        ),
        "names typed in lower case (NER on a recased copy)": lambda: _patched(
            analysis.Analyser, "_lower_case_names", lambda self, doc, covered: []
        ),
        "places typed in lower case (a common word the tagger reads as a proper noun, recased)": lambda: _patched(
            analysis, "PLACES_IN_LOWER_CASE", False
        ),
        "a figure stated for another named place is not the one asked ('a Canadian paralegal')": lambda: _patched(
            grounding, "PLACE_QUALIFIED_FIGURES", False
        ),
        "a count is looked for outside sums of money ('$15-25' counts nothing)": lambda: _patched(
            grounding, "COUNT_OUTSIDE_MONEY", False
        ),
        "every sum stated for another place than one named apart answers no sum for it (off by default: this row "
        "switches it ON)": lambda: _patched(grounding, "PLACE_EVERY_FIGURE", True),
        "'100%' grading an adjective is no figure ('100% sure')": lambda: _patched(analysis, "WHOLE_DEGREE", False),
        "a number stating a whole ('24/7', '24-hour support', '100% airtight') is wording, searched in the sources' "
        "word for it": lambda: _patched(analysis, "WHOLE_FIGURES", False),
        "a name typed with its words run together is known ('LegalBuddies')": lambda: _patched(
            analysis, "JOINED_NAMES", False
        ),
        "a people named on a place the sources name is known ('Peruvian' for 'Peru')": lambda: _patched(
            analysis, "PEOPLE_OF_PLACES", False
        ),
        "a proper noun missed after a capitalised first word is read again ('Describe the Ontario…')": lambda: _patched(
            analysis, "LEAD_RECASED", False
        ),
        "a region named around a place the sources name is known ('Latin America')": lambda: _patched(
            analysis, "WIDER_PLACES", False
        ),
        "a mistyped question word is no name ('wht' read as 'what', not an acronym)": lambda: _patched(
            analysis, "WH_SLIPS", False
        ),
        "a name that only sets out the asker's situation before a general question does not decline it": lambda: (
            _patched(analysis, "SETTING_NAMES", False)
        ),
        "a follow-up does not carry over a figure the declined turn named ('90% savings')": lambda: _patched(
            analysis, "FIGURES_NOT_CARRIED", False
        ),
        "after the asker's situation, 'that <noun>' in the question points back at its name ('that state')": lambda: (
            _patched(analysis, "SETTING_POINTER", False)
        ),
        "a side of a choice is foreign to the sources only by a word other than an adjective ('a big firm')": lambda: (
            _patched(answering, "CHOICE_NOUNS", False)
        ),
        "the view of a party the sources never mention is declined ('what do regulators think…')": lambda: _patched(
            answering, "PARTY_VIEWS", False
        ),
        "a rare capitalised slip of a modal or auxiliary opening a question is no name ('Shud …')": lambda: _patched(
            analysis, "OPENING_SLIPS", False
        ),
        "a capitalised opener set off by a comma is an aside, not a name ('Roughly, …')": lambda: _patched(
            analysis, "OPENING_ASIDES", False
        ),
        "a person, facility or event the model finds typed in lower case is no name ('the heavy stuff')": lambda: (
            _patched(analysis, "LOWER_CASE_PEOPLE", False)
        ),
        "a figure the asker tells of themselves in a comma-set clause does not decline ('…, I have 5 minutes')": (
            lambda: _patched(analysis, "COMMA_SETTINGS", False)
        ),
        "'that'/'this' grading an adjective points back at the asker's account ('start that fast?')": lambda: _patched(
            analysis, "DEGREE_POINTS_BACK", False
        ),
        "a lower-case typo of an everyday word the corpus lacks read as that word": lambda: _patched(
            analysis, "GENERAL_SPELLING", False
        ),
        "a clipping of a one-word heading is that part ('the intro' for 'Introduction')": lambda: _patched(
            analysis, "HEADING_CLIPPINGS", False
        ),
        "a how-to question ranks a means sentence by its goal clause ('By clearly defining…')": lambda: _patched(
            directives, "MEANS_GOALS", False
        ),
        "a 'what' question asking for a way or for the asker's own doing is a how-to question": lambda: _patched(
            analysis, "WHAT_TO_DO", False
        ),
        "a sentence brought in for sharing a topic noun comes only from the best-matching chunk": lambda: _patched(
            composing, "OPENER_HOME_ONLY", False
        ),
        "a kept sentence sharing a topic noun with the sentence before it brings that sentence in": lambda: _patched(
            composing, "OPENER_JOINS", False
        ),
        "a follow-up on a quoted answer ranked on the earlier question (off by default: this row switches it ON)": (
            lambda: _patched(analysis, "QUOTED_LEAD_APART", True)
        ),
        "a follow-up pointing at nothing is ranked on the earlier question (off by default: this row switches it ON)": (
            lambda: _patched(analysis, "UNPOINTED_LEAD_APART", True)
        ),
        "a follow-up pointing back may get what the last answer's lead went on to say": lambda: _patched(
            composing, "LEAD_REST_SPARED", False
        ),
        "a sentence the last answer quoted after its opening does not block the one continuing it": lambda: _patched(
            composing, "QUOTED_CONTINUES", False
        ),
        "a follow-up weighs the sentence right after the last answer's quoted lead more": lambda: _patched(
            composing, "LEAD_CONTINUES", False
        ),
        "a follow-up weighs the chunk its last answer's quoted lead came from more (off by default: this row "
        "switches it ON)": lambda: _patched(composing, "LEAD_CHUNK", True),
        "a how-to question ranks the passages the Overview reads as risks lower, its remedies higher": lambda: _patched(
            composing, "REMEDY_RANKING", False
        ),
        "a paragraph keeping one remedy step keeps its other steps": lambda: _patched(
            composing, "REMEDY_TOGETHER", False
        ),
        "a rare word tagged a finite verb is no term of art the sources must mention": lambda: _patched(
            analysis, "PREDICATE_NOT_TERM", False
        ),
        "'number' alone asks softly for a figure ('a realistic number for…')": lambda: _patched(
            analysis, "NUMBER_ASKED", False
        ),
        "'these <noun>' with nothing before it means the sources' own subject, not a heading's word": lambda: _patched(
            composing, "POINTED_SUBJECT", False
        ),
        "a word the sources use once, owning something, can name the document ('the writer's stance')": lambda: (
            _patched(selfdescription, "USED_OWNER", False)
        ),
        "an opening or closing heading acting as the document does is quoted whole (off by default: this row "
        "switches it ON)": lambda: _patched(parts, "EDGE_ACTING", True),
        "'that' after the auxiliary opening a yes/no question points back ('is that a problem?')": lambda: _patched(
            analysis, "THAT_AFTER_AUX", False
        ),
        "the opening or closing section named outright is quoted whole (off by default: this row switches it ON)": (
            lambda: _patched(parts, "EDGE_NAMED", True)
        ),
        "one word of a question about the document can name its opening or closing part ('at the end')": lambda: (
            _patched(parts, "PART_WORDS", False)
        ),
        "a question about the document asking for one of its parts is never off every section": lambda: _patched(
            answering, "PART_KEEPS_ALONE", False
        ),
        "'X is different from Y' reads X as the first side compared": lambda: _patched(
            analysis, "DIFFER_SUBJECT", False
        ),
        "two noun phrases set side by side by the question's shape are the sides compared ('X stack up against Y')": (
            lambda: _patched(analysis, "SIDE_BY_SIDE", False)
        ),
        "two modifiers of one head are the sides compared ('small and large firms', 'a small firm or a large one')": (
            lambda: _patched(analysis, "PAIRED_MODIFIERS", False)
        ),
        "a side meets a passage in any inflection of its word ('small' and 'smaller firms')": lambda: _patched(
            analysis, "SIDE_FORMS", False
        ),
        "a kept comparing sentence with a figure brings the next one too, for a question on a difference": lambda: (
            _patched(composing, "FIGURE_COMPARISON_DEVELOPS", False)
        ),
        "any kept sentence setting two things side by side brings the sentence after it": lambda: _patched(
            composing, "KEPT_COMPARISON_DEVELOPS", False
        ),
        "a noun owning the document ('a summary of the article') is no topic of the sources": lambda: _patched(
            selfdescription, "DOCUMENT_ATTRIBUTE", False
        ),
        "an inflected everyday word ('headings') is no typo of a corpus word": lambda: _patched(
            analysis, "BASE_FORM_IS_REAL", False
        ),
        "a clipped corpus word is no name ('doc', 'intro'; off by default: this row switches it ON)": lambda: _patched(
            analysis, "CLIPPED_WORDS", True
        ),
        "a two-letter initialism of a term pair is read as the pair ('an offshore LA')": lambda: _patched(
            analysis, "PAIR_INITIALISMS", False
        ),
        "chat shorthand of a common word is read as it ('wht', 'shud'; off by default: this row switches it ON)": (
            lambda: _patched(analysis, "CHAT_CONTRACTIONS", True)
        ),
        "chat shorthand read only after a likelier slip, a neighbouring key included ('ppl', but 'hwve' is 'have')": (
            lambda: _patched(analysis, "KEYED_SHORTHAND", False)
        ),
        "a misspelling sharing a corpus word's stem is read as the sources' form ('assistent')": lambda: _patched(
            analysis, "STEM_SPELLINGS", False
        ),
        "a lower-case run the tagger calls a body is no name when its rare words are chat shorthand": lambda: _patched(
            analysis, "SHORTHAND_NOT_NAMED", False
        ),
        "the verb a request opens with is no term of art ('Please itemise …')": lambda: _patched(
            analysis, "REQUEST_VERBS", False
        ),
        "every modal leads a figure asked for ('what rate should we set')": lambda: _patched(
            grounding, "ALL_MODALS", False
        ),
        "a frequency's sentence shares what is done how often, not every specific word": lambda: _patched(
            grounding, "FREQUENCY_DOINGS", False
        ),
        "follow-up shapes (a verbless fragment asking something, 'that'/'those' pointing back)": lambda: _patched(
            analysis, "FOLLOW_UP_SHAPES", False
        ),
        "the subject renamed in a kind question ('the outsourcing path')": lambda: _patched(
            kinds, "SUBJECT_RENAMED", False
        ),
        "a set-off framing fragment narrows no kind question ('Brief answer please: …')": lambda: _patched(
            kinds, "FRAMES_APART", False
        ),
        "a participle of the subject's word is the subject ('outsourced clerks')": lambda: _patched(
            kinds, "SUBJECT_PARTICIPLE", False
        ),
        "a kind asked of a topic no section of that kind speaks of is asked of the subject": lambda: _patched(
            kinds, "ASKED_OF_SUBJECT", False
        ),
        "a list lifted for its kind stays ahead of another list's item quoting the question": lambda: _patched(
            composing, "KIND_LEADS_BY_ITEM", False
        ),
        "the document's account of itself does not lead a question naming one of its topics ('does the author…')": (
            lambda: _patched(composing, "SELF_LEADS_TOPIC", False)
        ),
        "a name the sources use counts among those topics ('what is said of <vendor>…')": lambda: _patched(
            composing, "NAMES_ARE_TOPICS", False
        ),
        "a list named by what the wh-word asks for is quoted whole ('what qualifications…')": lambda: _patched(
            composing, "SET_NAMED", False
        ),
        "a list under a heading whose head noun the wh-word asks for joins the answer ('what skills…')": lambda: (
            _patched(lists, "SET_NAMED_REACHED", False)
        ),
        "such a list the search reached is lifted too": lambda: _patched(lists, "SET_NAMED_LIFTED", False),
        "a list tied by one item's own word judged without it (off by default: this row switches it ON)": lambda: (
            _patched(composing, "SET_READING", True)
        ),
        "a how-to question ranks the passages giving an instruction higher ('how do we…')": lambda: _patched(
            composing, "DIRECTIVE_BOOST_ON", False
        ),
        "a how-to question quotes a list of instructions whole": lambda: _patched(composing, "STEPS_WHOLE", False),
        "a how-to question led by a list of instructions gets the pool's other such list": lambda: _patched(
            composing, "STEPS_JOIN", False
        ),
        "a means ('by doing…') read as an instruction (off by default: this row switches it ON)": lambda: _patched(
            directives, "MEANS", True
        ),
        "an ordinary question answered from every chunk the search returned, not a cosine margin": lambda: _patched(
            composing, "WIDE_POOL", False
        ),
        "a difference's best sentence comparing two things is quoted with the sentence after it": lambda: _patched(
            composing, "DIFFERENCE_DEVELOPS", False
        ),
        "a figure whose sentence names what the amount asked for is of joins the answer": lambda: _patched(
            composing, "FIGURE_OF_THING", False
        ),
        "a question about the document naming a topic besides answered from the wider pool too": lambda: _patched(
            composing, "WIDE_POOL_TOPIC", False
        ),
        "the support the decline decision reads leaves out the chunks only the wider pool admits": lambda: _patched(
            composing, "WIDE_POOL_SUPPORT_APART", False
        ),
        "a later part's pronoun replaced by the earlier part's subject in its query ('…, and the fix for it?')": (
            lambda: _patched(analysis, "PART_ANTECEDENT", False)
        ),
        "that resolved part still read as leaning on the earlier part": lambda: _patched(
            analysis, "PART_ANTECEDENT_LEANS", False
        ),
        "'it' after a preposition following the part's own noun points outside the part": lambda: _patched(
            analysis, "PART_OWN_NOUN", False
        ),
        "that resolved part searched on its rewritten query alone": lambda: _patched(
            answering, "PART_RESOLVED_ALONE", False
        ),
        "a social turn ('thanks!', 'great, cheers') acknowledged without quotes": lambda: _patched(
            analysis, "SOCIAL_TURNS", False
        ),
        "such a turn naming a noun the sources lack acknowledged only when no passage supports it": lambda: _patched(
            answering, "SOCIAL_UNSUPPORTED", False
        ),
        "'how often?' after an answer: only its lead counts as already said": lambda: _patched(
            grounding, "FREQUENCY_LEAD_SAID", False
        ),
        "'cost' after a preposition, determiner or adjective is a noun, asking for no figure ('…say about cost?')": (
            lambda: _patched(grounding, "FIGURE_VERB_ONLY", False)
        ),
        "a body of law named with words of its own asks for a ruling ('under <X> labour law')": lambda: _patched(
            analysis, "LAW_NAMED", False
        ),
        "a duty to tell someone a fact, its 'that' left out, asks for a ruling": lambda: _patched(
            analysis, "DUTY_TOLD", False
        ),
        "a permission asked is met by the participle only ('allowed to', not 'allows firms to')": lambda: _patched(
            grounding, "RULING_PARTICIPLE", False
        ),
        "whether to bill clients asked with any modal asks for a ruling ('should we bill clients…')": lambda: _patched(
            analysis, "BILLING_MODALS", False
        ),
        "a figure asked per a period is met only by one per that period or none ('per month')": lambda: _patched(
            grounding, "PERIOD_MATCH", False
        ),
        "a thing set aside ('not a paralegal') is no topic, and a figure naming it answers nothing": lambda: _patched(
            grounding, "NEGATED_THINGS", False
        ),
        "the price of a task the sources rarely name needs a figure naming the task": lambda: _patched(
            grounding, "PRICED_TASK", False
        ),
        "a question far in meaning from every passage retrieved ('change a flat tire') is declined": lambda: _patched(
            answering, "FAR_FROM_PASSAGES", False
        ),
        "'how' grading a word of speed ('how quickly') asks for a length of time": lambda: _patched(
            grounding, "DEGREE_FIGURES", False
        ),
        "a figure asked per a unit ('per contract') needs a figure naming that unit": lambda: _patched(
            grounding, "UNIT_MATCH", False
        ),
        "the cost of an owned thing ('a paralegal's health insurance') needs a figure naming the thing": lambda: (
            _patched(grounding, "POSSESSED_AMOUNT", False)
        ),
        "a figure asked with possessives ('what's a paralegal's salary'), the possessor qualified by a place": lambda: (
            _both(_patched(grounding, "FIGURE_POSSESSIVE", False), _patched(grounding, "PLACE_POSSESSOR", False))
        ),
        "the asker acting on one particular person ('should we replace her?') declined": lambda: _patched(
            grounding, "PARTICULAR_PERSON", False
        ),
        "an account of the asker's own case, then whether to do what no passage speaks of": lambda: _patched(
            grounding, "OWN_CASE", False
        ),
        "... only when no passage uses the verb of the doing asked about": lambda: _patched(
            grounding, "OWN_CASE_ACTION", False
        ),
        "which of a set ranks first by a superlative, declined when no passage grades the same word": lambda: _patched(
            grounding, "RANKING", False
        ),
        "what to do when something happens, declined when the sources never use the happening's verb": lambda: _patched(
            grounding, "CONTINGENCY", False
        ),
        "a person named in the object's phrase ('the conversation with her'), the object no word of theirs": lambda: (
            _patched(grounding, "PERSON_IN_OBJECT", False)
        ),
        "'what's the <noun> time?' asks for a length of time": lambda: _patched(analysis, "TIME_ASKED", False),
        "'which <name> <noun>', the noun no word of the sources, declined": lambda: _patched(
            grounding, "NAMED_KIND_ASKED", False
        ),
        "a question naming a reason names a section headed 'Why …'": lambda: _patched(answering, "WHY_HEADING", False),
        "who put the document out, or when, answered from its front matter": lambda: _patched(
            documents, "FIELD_ANSWERS", False
        ),
        "a question naming a front-matter key ('the publisher') gets that line": lambda: _patched(
            documents, "FIELD_NAMED", False
        ),
        "a front-matter field pointed at ('who put this piece out?'), the noun standing for the document": (
            lambda: _patched(documents, "FIELD_POINTED", False)
        ),
        "a maker question asks for the role its verb names ('who wrote it?': an author, declined when none is given)": (
            lambda: _patched(documents, "FIELD_ROLES", False)
        ),
        "the title is a front-matter field ('what is the article's title?')": lambda: _patched(
            documents, "FIELD_TITLE", False
        ),
        "a word the sources use only inside longer terms can name the document ('the document')": lambda: _patched(
            selfdescription, "USED_WHOLE", False
        ),
        "'why' asked of the document as the thing made is answered from its account of itself": lambda: _patched(
            selfdescription, "DOCUMENT_WHY", False
        ),
        "a noun the sources never use for a whole thing, asked as one ('a summary'), leaves the document asked": (
            lambda: _patched(selfdescription, "WHOLE_UNUSED_ALONE", False)
        ),
        "only the asking sentences of a message say which part of the document is wanted": lambda: _patched(
            parts, "ASKING_SENTENCES", False
        ),
        "the whole document asked for ('summarize the article'), whom it is for, or pointed at by a bare 'it' with "
        "nothing before it, is answered from its account of itself": lambda: _patched(
            selfdescription, "DOCUMENT_ASKED", False
        ),
        "what the document sets out to do, or who should read it (a modal of advice), asks its aim": lambda: _patched(
            selfdescription, "DOCUMENT_AIM", False
        ),
        "a noun the sources never use owning what is asked ('the purpose of the piece') names the document": (
            lambda: _patched(selfdescription, "OWNED_STAND_IN", False)
        ),
        "a prose section named by its heading, with no other topic asked, is quoted whole": lambda: _patched(
            composing, "NAMED_HOME_WHOLE", False
        ),
        "a sentence giving each compared side a clause of its own ranks above one naming both": lambda: _patched(
            composing, "SIDES_CONTRASTED", False
        ),
        "a follow-up naming no sides keeps the two its earlier turn compared": lambda: _patched(
            analysis, "SIDES_CARRIED", False
        ),
        "a sentence hanging examples on the noun a wh-word asks for ('tasks like …') leads": lambda: _patched(
            composing, "EXAMPLES_ASKED", False
        ),
        "the noun a wh-determiner governs is asked for when the tagger reads it as a verb": lambda: _patched(
            analysis, "ASKED_DET_HEAD", False
        ),
        "a chunk naming examples of the asked noun with the question's verb joins the hits first": lambda: _patched(
            composing, "EXAMPLES_REACHED", False
        ),
        "a wh-word with one slip ('wat tasks…') asks for the noun it determines": lambda: _patched(
            analysis, "WH_SLIP_ASKS", False
        ),
        "a clipping offered as an example of the asked noun ('like doc review') is no name": lambda: _patched(
            analysis, "CLIPPED_EXAMPLES", False
        ),
        "a short phrase and a comma before 'how do we…' leave it a how-to question": lambda: _patched(
            analysis, "HOW_SET_OFF", False
        ),
        "'what <things> does X recommend to <do>' is a how-to question": lambda: _patched(
            analysis, "WHAT_FOR_PURPOSE", False
        ),
        "a how-to question's broad claims sharing none of its words rank below advice near the best": lambda: _patched(
            composing, "UNTIED_CLAIM", False
        ),
        "a bare 'this' in a who/when question points at the document": lambda: _patched(
            answering, "BARE_POINTER", False
        ),
        "'which company published it?' asks for the maker": lambda: _patched(answering, "WHICH_MAKER", False),
        "an owner that is the document is no absent thing ('the takeaway of this piece')": lambda: _patched(
            answering, "OWNER_DOCUMENT", False
        ),
        "a question about the document naming a name the sources name is answered from its passage": lambda: _patched(
            composing, "DOCUMENT_EVERYWHERE", False
        ),
        "a plain word the sources write only graded ('slow'/'slower') is theirs near their sentence": lambda: _patched(
            answering, "GRADED_FORMS", False
        ),
        "a common word one edit from a corpus word of another meaning keeps its spelling": lambda: _patched(
            analysis, "REAL_WORD_MEANING", False
        ),
        "a rare dictionary word near a corpus word of another meaning keeps its spelling ('litigate')": lambda: (
            _patched(analysis, "DICTIONARY_WORDS", False)
        ),
        "a section of the kind opposite to the one asked for ranks lower (off by default: this row switches it ON)": (
            lambda: _patched(composing, "KIND_OPPOSED", True)
        ),
        "a plain question's sentences are read token by token (late interaction, MaxSim)": lambda: _patched(
            composing, "LATE_INTERACTION", False
        ),
        "late interaction reads plain questions only (one part, no follow-up or comparison)": lambda: _patched(
            composing, "LATE_PLAIN", False
        ),
        "a follow-up pointing back at nothing is read token by token too, on its own words (off by default; this "
        "switches it ON)": lambda: _patched(composing, "LATE_UNPOINTED", True),
        "a question word a passage uses in another sense (read in context) counts less in its word share": lambda: (
            _patched(composing, "WORD_SENSE", False)
        ),
        "a follow-up's own words are read in their sense too (WORD_SENSE)": lambda: _patched(
            composing, "FOLLOW_UP_SENSE", False
        ),
        "late interaction weighs more the more of the question the sources never say (off by default: this row "
        "switches it ON)": lambda: _patched(composing, "LATE_ABSENT", True),
        "a yes/no question framing a clause is ranked on the clause read alone too": lambda: _patched(
            composing, "CORE_CLAUSE", False
        ),
        "a yes/no question framing a clause is searched on the clause read alone too (off by default: this row "
        "switches it ON)": lambda: _patched(answering, "CORE_SEARCH", True),
        "a decision or verdict on the asker's own situation is declined when no passage uses its verb": lambda: (
            _patched(grounding, "OWN_DECISION", False)
        ),
        "whether a helper can do something 'for us' is no verdict on the asker's situation": lambda: _patched(
            grounding, "CAPABILITY_ASKED", False
        ),
        "a ruling or amount named outside what the question asks ('why spell out what the vendor is on the hook "
        "for?', 'from a compliance standpoint, does the article claim …?') is not demanded": lambda: _patched(
            grounding, "ASKED_CLAUSE", False
        ),
        "a doing the sources never use done to the asker's own one ('should I fire my paralegal?') declined": lambda: (
            _patched(grounding, "OWN_PARTICULAR", False)
        ),
        "a follow-up asking what comes of the topic gets the sentence pointing back at it": lambda: _patched(
            composing, "CONSEQUENCE_OF_TOPIC", False
        ),
        "a follow-up asking what brings the topic about is not answered with what comes of it": lambda: _patched(
            composing, "CONSEQUENCE_NOT_CAUSE", False
        ),
        "a follow-up's words the earlier turn used count as context (off by default: this row switches it ON)": (
            lambda: _patched(composing, "ECHOED_AS_CONTEXT", True)
        ),
        "a wh-follow-up naming nothing new gets the sentence after the one the last answer gave (off by default: "
        "this row switches it ON)": lambda: _patched(composing, "FOLLOWS_ON", True),
        "how to remedy a risk the sources give no remedy for declined": lambda: _patched(
            answering, "RISK_WITHOUT_REMEDY", False
        ),
        "a how-to whose doing and the kind of thing it acts on are words the sources never use declined": lambda: (
            _patched(answering, "UNNAMED_DOING", False)
        ),
        "a question whose main clause names only things the sources never use declined when they pull it away "
        "('a good gift for a client')": lambda: _patched(answering, "HEAD_ELSEWHERE", False),
        "what a question asks about judged apart from who asks ('how can a lawyer improve…'), an unused how-to doing "
        "that pulls it away declined, and a sum per another period than the one named ('a monthly retainer')": lambda: (
            _patched(answering, "ASKED_FOCUS", False)
        ),
        "a single question just under the support floor answered when a passage is a paraphrase by plain cosine": (
            lambda: _patched(answering, "MEANING_CARRIES", False)
        ),
        "a real word one edit from a corpus stop word keeps its spelling ('bother' is no 'other')": lambda: _patched(
            analysis, "REAL_NOT_STOP", False
        ),
        "a short form the sources write in full beside the same word is that word ('legal asst'; off by default: "
        "this row switches it ON)": lambda: _patched(analysis, "CONTEXT_ABBREVIATIONS", True),
        "a slip is read as the likeliest word: first letter kept, letters left out before changed": lambda: _patched(
            analysis, "SLIP_ORDER", False
        ),
        "a common misspelling wordfreq knows is read as the far commoner word ('actualy')": lambda: _patched(
            analysis, "COMMON_SLIPS", False
        ),
        "a string English never writes is read as a rarer word one likely slip away": lambda: _patched(
            analysis, "UNSEEN_SLIPS", False
        ),
        "a paragraph within the margin past the cap of blocks is quoted too (not a list)": lambda: _patched(
            composing, "PROSE_PAST_CAP", False
        ),
        "a sentence pointing back ranked by its reading with the sentence it points at": lambda: _patched(
            composing, "POINTING_PAIRS", False
        ),
        "a chunk other than the home gives at most two blocks before other chunks' blocks": lambda: _patched(
            composing, "CHUNK_SPREAD", False
        ),
        "a pointing sentence's pair reading raises it at most to the pool's best score": lambda: _patched(
            composing, "PAIRS_BELOW_BEST", False
        ),
        "a question on the document's layout answered with its main headings": lambda: _patched(
            layout, "LAYOUT", False
        ),
        "a passage the last answer's lead gave in other words is not led with again": lambda: _patched(
            composing, "SAID_IN_OTHER_WORDS", False
        ),
        "that penalty leaves the support the decline decision reads as it was": lambda: _patched(
            composing, "SAID_KEEPS_SUPPORT", False
        ),
        "an item of the last answer picked by a phrase ('the X part'), its list kept in the lead": lambda: _both(
            _patched(analysis, "ITEM_BY_PHRASE", False), _patched(composing, "PICKED_LIST_STAYS", False)
        ),
        "a follow-up after some items of a list, pointing back with no pronoun, asks for the others": lambda: _patched(
            composing, "SIBLINGS_ASKED", False
        ),
        "a question naming nothing but the document answered with its frame (opening, closing sections)": lambda: (
            _patched(selfdescription, "DOCUMENT_FRAME", False)
        ),
        "a question about the document alone held to a lower support floor, never off every section": lambda: _patched(
            answering, "DOCUMENT_ALONE_FLOOR", False
        ),
        "the document's frame ends with its last sentence": lambda: _patched(
            selfdescription, "FRAME_LAST_SENTENCE", False
        ),
        "a kind the document names examples of, asked about the document, answered with them": lambda: _patched(
            instances, "NAMED_INSTANCES", False
        ),
        "'who wrote it?' about the document alone declined (off by default: this row switches it ON)": lambda: _patched(
            grounding, "WHO_DID", True
        ),
        "a later part leaning on the one before searched like a follow-up, and not led by its lead": lambda: _both(
            _patched(analysis, "PART_FOLLOWS", False), _patched(composing, "PART_REPEAT", False)
        ),
        "a later part of one topic word read with the part before it ('…? what's the range?')": lambda: _patched(
            analysis, "PART_FEW_WORDS_LEAN", False
        ),
        "each part of a question in several parts quotes the passage holding most of its own words": lambda: _patched(
            composing, "PART_OWN_WORDS", False
        ),
        "a question's share of the subject axis halved when ranking (index.QUESTION_SUBJECT_AXIS)": lambda: _patched(
            index, "QUESTION_SUBJECT_AXIS", False
        ),
        "answer-kind decline (duration, count, figure, date, ruling)": lambda: _patched(
            answering, "missing_answer_kind", lambda *a, **k: None
        ),
        "support threshold": lambda: _patched(bot.answerer, "min_support", float("-inf")),
        "spelling correction": lambda: _patched(analysis.Analyser, "correct", lambda self, text: text),
        "follow-up resolution": lambda: _both(
            _patched(analysis, "_is_follow_up", lambda *a, **k: False),
            _patched(analysis, "_leans_back", lambda text: False),
        ),
        "elliptical follow-ups (a noun left out after 'the', a question naming only the kind it asks)": lambda: _both(
            _patched(analysis, "_elided_noun", lambda doc: False),
            _patched(analysis, "_asks_only_a_kind", lambda doc: False),
        ),
        "what a figure is about read from nouns and infinitives, or a comparison its sentence states": lambda: _both(
            _patched(analysis, "_figure_terms", lambda doc: tuple(stem(t.lower_) for t in doc)),
            _patched(grounding, "_states_comparison", lambda *a, **k: False),
        ),
        "quantity words used as verbs qualify nothing": lambda: _patched(
            analysis, "_used_as_verb", lambda doc, i: False
        ),
        "a would-be decline re-read as a follow-up when it adds no direction to the earlier turn": lambda: _patched(
            answering, "LEAN_DRIFT", float("-inf")
        ),
        "corpus-centred dense ranking": lambda: _raw_dense(bot),
        "200-word focus budget": lambda: _patched(answering, "MAX_ANSWER_WORDS", 10**6),
        "repeat penalty in follow-ups": lambda: _patched(composing, "REPEAT_PENALTY", 0.0),
        "list score blending": lambda: _patched(composing, "LIST_MEAN_WEIGHT", 0.0),
        "a figure for figure questions": lambda: _patched(composing, "asks_for_figure", lambda a: False),
        "follow-up pool of both searches": lambda: _patched(composing, "FOLLOW_UP_POOL", 2),
        "support discount for words the corpus lacks": lambda: _patched(composing, "ABSENT_SHARE", 0.0),
        "continuation pairing ('It also…', '…these X' with its sentence)": lambda: _both(
            _patched(composing, "CONTINUES_RE", re.compile(r"(?!x)x")),
            _patched(pointing, "CONTINUES_RE", re.compile(r"(?!x)x")),
            _patched(pointing, "POINTS_BACK_RE", re.compile(r"(?!x)x")),
        ),
        "both sides of a comparison": lambda: _patched(analysis, "_sides", lambda doc: ()),
        "acronyms searched by the words they stand for": lambda: _patched(
            analysis.Analyser, "expand", lambda self, text: text
        ),
        "off-topic decline (no word of the sources, far from every title)": lambda: _patched(
            bot.answerer, "_off_every_section", lambda *a, **k: False
        ),
        "request-to-write decline": lambda: _patched(answering, "asks_to_compose", lambda q: False),
        "'these …' inside a sentence read with what it points back to": lambda: _patched(
            pointing, "POINTS_BACK_RE", re.compile(r"(?!x)x")
        ),
        "a bare-kind heading named by a synonym ('upsides' for 'Pros')": lambda: _patched(
            bot.answerer.kinds, "named", lambda *a, **k: {}
        ),
        "a bare-kind section asked for in general ('the benefits of outsourcing'): searched and credited the word": (
            lambda: _patched(kinds, "general", lambda *a, **k: False)
        ),
        "the list of a kind asked for in general leads the answer": lambda: _patched(
            composing, "_kind_list_leads", lambda *a, **k: []
        ),
        "the chunk sharing the question's rarest words joins the composer's pool": lambda: _patched(
            composing, "_lexical_leader", lambda hits: None
        ),
        "a list sharing only the subject's words with the question follows the passage naming what was asked": (
            lambda: _patched(composing, "_subject_lists_follow", lambda *a, **k: None)
        ),
        "a list quoted whole by its blended score, not its best item": lambda: _patched(
            composing,
            "_quoted_whole",
            lambda top, block, best, named: named or top >= best - composing.LIST_WHOLE_MARGIN,
        ),
        "a list nearer the question by both its introduction and its items leads instead of the leading list": (
            lambda: _patched(composing, "_nearer_list", lambda *a, **k: None)
        ),
        "the sentence after one restating the question": lambda: _patched(composing, "RESTATES_LEXICAL", float("inf")),
        "a message that asks nothing ('got it') acknowledged, not answered": lambda: _patched(
            analysis.Analyser, "_remark", lambda self, doc, text, social=True: False
        ),
        "off-topic decline reads open-class words only ('like' is no topic)": lambda: _patched(
            analysis, "_open_terms", lambda doc: analysis.topic_terms(doc.text)
        ),
        "'<something> of <a thing the sources never mention>' declined when the thing pulls away": lambda: _patched(
            bot.answerer, "_about_something_else", lambda *a, **k: []
        ),
        "a figure matched to the thing asked with doubled final consonants made single ('staffing'/'staff')": (
            lambda: _patched(grounding, "_root", lambda s: s)
        ),
        "a choice between two things the sources never name declined ('zoom or google meet')": lambda: _patched(
            bot.answerer, "_choice_elsewhere", lambda *a, **k: []
        ),
        "a named provider's figure stated with its name ('what does <provider> charge')": lambda: _patched(
            grounding, "OWNER_NAME_LABELS", frozenset()
        ),
        "'what is the <X> period' asks for a length of time": lambda: _patched(
            analysis, "PERIOD_ASKED_RE", re.compile(r"(?!x)x")
        ),
        "two named things compared on a measure need a passage comparing them on it": lambda: _patched(
            answering, "missing_comparison", lambda *a, **k: None
        ),
        "a share of an amount ('of overhead') named in the sentence leading into its figure": lambda: _patched(
            analysis, "_member_terms", lambda doc: analysis._thing_terms(doc)
        ),
        "a question about the document itself answered where the document describes itself": lambda: _patched(
            bot.answerer, "_about_document", lambda *a, **k: None
        ),
        "a document's opening or closing section asked for by what it does ('how does the article begin?')": (
            lambda: _patched(bot.answerer.parts, "asked", lambda *a, **k: [])
        ),
        "a word the sources never use read as the document when it stands in the document's own place ('the piece')": (
            lambda: _patched(bot.answerer.self_description, "_stand_in", lambda *a, **k: [])
        ),
    }


def _row(split: dict[str, Any]) -> dict[str, Any]:
    o = split["overall"]
    return {
        "focused": f"{o['focused']}/{o['answerable']}",
        "declined": f"{o['declined']}/{o['to_decline']}",
        "false_refusals": o["false_refusals"],
        "answer_precision": o["answer_precision"],
        "swap": split["swap"]["rate"],
    }


def main(argv: list[str] | None = None) -> int:
    """Print the ablation table (Markdown) for the chosen split (dev by default: tuning happens there)."""
    parser = argparse.ArgumentParser(prog="python -m evals.ablation", description=__doc__)
    parser.add_argument("--split", choices=sorted(SPLITS), default="dev")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="run only the rows whose label holds TEXT (case-insensitive; repeatable): a full table takes an hour here",
    )
    args = parser.parse_args(argv)
    settings = Settings(audit_log=False)
    bot = Assistant(settings)
    corpus = read_corpus(settings)
    items = load_items(SPLITS[args.split])
    rows = {"all components on": _row(run_split(bot, items, corpus))}
    chosen = {
        name: off
        for name, off in components(bot).items()
        if not args.only or any(t.lower() in name.lower() for t in args.only)
    }
    if not chosen:
        parser.error(f"no row's label holds any of {args.only}")
    for name, off in chosen.items():
        # Analyses are cached per question; a switched component must see fresh ones.
        bot.answerer._analysers.clear()
        with off():
            rows[f"without {name}"] = _row(run_split(bot, items, corpus))
        bot.answerer._analysers.clear()
    print(f"| {args.split} split | focused | declined | false refusals | answer precision | swap |")
    print("|---|---|---|---|---|---|")
    for name, r in rows.items():
        cells = [name, r["focused"], r["declined"], r["false_refusals"], r["answer_precision"], r["swap"]]
        print("| " + " | ".join(str(c) for c in cells) + " |")
    print(json.dumps(rows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
