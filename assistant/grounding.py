"""Deciding whether the sources can answer: rule-override attempts, named things they never mention, kinds of answer
they never give, and how well the best passages support the question."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from . import analysis as analysing
from .analysis import FACET_PATTERNS, QUANTITY_STEMS, Analysis, same_place_root
from .language import import_spacy, inflected_stems, is_stop, kept_read, nlp, parse, parsed, stem, stems, words, zipf
from .text import split_units

# Attempts to turn the assistant into something else. Matching is on intent words, not on any fixed prompt.
INJECTION_RE = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|instructions|rules?|prompt|guidelines?|"
    r"previous|above|sources?|context|constraints?)\b"
    r"|\b(system|hidden|developer)\s+(prompt|message|instructions?)\b"
    r"|\b(reveal|show|print|dump|leak)\b.{0,30}\b(settings?|config(uration)?|prompt|api\s*keys?|passwords?|"
    r"credentials?|environment)\b"
    r"|\byou\s+are\s+now\b|\bpretend\s+(to\s+be|you)\b|\bact\s+as\b|\bjailbreak\b|\bdeveloper\s+mode\b"
    r"|\banswer\s+from\s+(your\s+)?(own|general)\s+knowledge\b|\bwithout\s+(citing|citations|sources)\b",
    re.I | re.S,
)

TIME_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?|decades?)"
# A number of time units ("40 hours", "2-3 billable weeks", "the past decade"); "$15-25 per hour" is a price.
DURATION_RE = re.compile(
    rf"\b\d[\d.,]*(?:\s*(?:-|–|to)\s*\d[\d.,]*)?\s+(?!per\b|an?\b|each\b)(?:[a-z]+\s+)?{TIME_UNIT}\b"
    # A number word may qualify its unit as a digit may ("three business days", "two full weeks").
    rf"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few)\s+(?:[a-z]+\s+)?{TIME_UNIT}\b"
    rf"|\b(?:past|last|next|over\s+a)\s+{TIME_UNIT}\b",
    re.I,
)
# How often something happens, as a period or an adverb of one ("weekly", "every quarter", "periodically"); hedges
# like "often" are left out, since "rates are often cheaper" says nothing about how often.
FREQUENCY_RE = re.compile(
    r"\b(?:hourly|daily|nightly|weekly|fortnightly|biweekly|monthly|quarterly|annually|yearly|regularly|periodically"
    r"|routinely|continuously|constantly|every\s+(?:day|week|month|quarter|year|\w+\s+(?:days|weeks|months|years))"
    r"|(?:once|twice|\d+\s+times)\s+(?:a|an|per|each)\s+\w+|per\s+(?:day|week|month|quarter|year))\b",
    re.I,
)
# Words that bound an amount without a number: "only what they need", "limit access to", "no more than".
EXTENT_RE = re.compile(
    r"\b(?:only|no\s+more\s+than|at\s+most|at\s+least|limit\w*|restrict\w*|as\s+needed|minimum|maximum)\b", re.I
)
# Letters a passage's form of a ruling word may differ by ("bill"/"billing"), below a stem-sharing noun of another
# sense ("inform"/"information"); dev: 3 and unlimited (stems alone) give the same 73/73 declined.
RULING_FORM_SLACK = 3
# Switch: a ruling asked with a participle ("are they allowed to…", "is it permitted") asks whether something is
# permitted; a passage where the same verb is active ("delegating … allows firms to economise": it enables them)
# rules on nothing, so only a passage with the participle ("allowed", "permitted") meets it. Round 28, a probe fix
# (a permission question on a place the sources name was answered with an "allows … to" sentence): dev 971, test
# and the sealed sets unchanged, real-history follow-ups too.
RULING_PARTICIPLE = True
YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")
CURRENCY_WORDS = r"(?:dollars|usd|eur|euros|pounds)"
MONEY_RE = re.compile(rf"\$\s?\d|\d\s*[kK]\b|\b\d[\d,.]*\s*{CURRENCY_WORDS}\b", re.I)
# "How many dollars…" counts money: it asks for a sum, which a price answers, not for a count (see COUNT_OUTSIDE_MONEY).
COUNTED_MONEY_RE = re.compile(rf"\bhow\s+many\s+(?:[\w-]+\s+)?{CURRENCY_WORDS}\b", re.I)
PERCENT_RE = re.compile(r"\d\s*%|\bpercent\b", re.I)
# A count: a number that is neither money nor a share ("3 assistants"), digits or words.
COUNT_RE = re.compile(
    r"(?<![$\d.,])\b\d[\d,]*\b(?!\s*(?:%|[kK]\b|-\d))|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|"
    r"hundreds?|thousands?|millions?)\b",
    re.I,
)
# Switch: a count is a number outside any sum of money: the bound of a price range ("$15-25 per hour", "$60K") is part
# of the price, not a count of anything, so a passage giving only prices gives no count ("how many firms…" was
# answered with the hourly rate, its "25" read as a count). Found on probes of our own: of 8 to decline, "how many
# <members> <do something>" was the one answered (now declined, as is a second such probe; "how many dollars an hour…"
# still answered). Round 24, dev 771: no answer changes (a "how many dollars" item keeps its answer only by
# COUNTED_MONEY_RE); real-history follow-ups 98/122 unchanged.
COUNT_OUTSIDE_MONEY = True
# A sum of money with its range and magnitude ("$15-25", "$ 60K", "$1,200 to $1,500"): blanked before counting.
MONEY_SPAN_RE = re.compile(r"\$\s?\d[\d,.]*(?:\s*(?:-|–|to)\s*\$?\s?\d[\d,.]*)?(?:\s*[kKmM]\b)?")


def _gives_count(text: str) -> bool:
    """Does the text give a count (COUNT_RE), a price's own numbers aside (COUNT_OUTSIDE_MONEY)?"""
    if COUNT_OUTSIDE_MONEY:
        text = MONEY_SPAN_RE.sub(" ", text)
    return bool(COUNT_RE.search(text))


# "what's the hourly rate" asks for a figure as surely as "how much"; "how are they paid" does not. "What does X
# charge/cost/earn" asks for one too: "what" is the amount the verb takes, as is "what (hourly) fee does X charge"
# (dev, 357 items: declined 100 -> 101/111, every answer otherwise identical).
# (Round 9, not kept (branch `amounts`): a question read as asking for an amount by its dependency parse, its
# wh-phrase's noun within MiniLM cosine 0.6 of a generic amount word ("what's a fair number", "how much of our
# payroll") or "what" asked of a unit the sources state money per ("an hour"), with the nearest amount sentence
# joining and leading. Dev (357): focused 205 -> 208/241, declines and false refusals unchanged; but the held-out
# sets gained nothing and lost precision, test 0.3611 -> 0.3592 and the sealed set 0.3711 -> 0.3607, both from the
# reading alone, so answers it changes there carry more words that do not answer.)
# Switch: the auxiliaries that may follow "what <rate/fee/...>" or lead to "charge/cost/earn" are every modal and "do",
# not only the ones first written down: "what rate should we set", "what fee can we expect" ask for a figure as
# surely as "what rate would they charge". Round 17, dev 671: alone no answer changes; with analysis.CLIPPED_WORDS it
# keeps d3-095 (an accuracy rate the sources never give, asked with "should") declined for what it asks.
ALL_MODALS = True
FIRST_AUXILIARIES = ("does", "do", "did", "would", "will", "could", "might")
MODALS = ("should", "shall", "can", "may", "must")


def _asks_figure_re(auxiliaries: Sequence[str], possessive: bool = False) -> re.Pattern[str]:
    aux = "(?:" + "|".join(auxiliaries) + ")"
    word = r"[\w'’-]+" if possessive else r"[\w-]+"
    return re.compile(
        rf"\bwhat(?:'s|’s|\s+is|\s+are|\s+would\s+be)\s+(?:the\s+|a\s+|an\s+)?(?:{word}\s+){{0,3}}"
        r"(?:rates?|fees?|costs?|prices?|salar(?:y|ies)|wages?)\b"
        rf"|\bwhat\s+{aux}\s+(?:[\w'’-]+\s+){{1,6}}?(?P<verb>charge|cost|earn)\b"
        rf"|\bwhat\s+(?:[\w-]+\s+){{0,2}}(?:rates?|fees?|prices?|salar(?:y|ies)|wages?)\s+{aux}\b",
        re.I,
    )


FIRST_ASKS_FIGURE_RE = _asks_figure_re(FIRST_AUXILIARIES)
ASKS_FIGURE_RE = _asks_figure_re(FIRST_AUXILIARIES + MODALS)
# Switch: the words between "what's" and the rate or salary asked for may be possessives ("what's a paralegal's annual
# salary?" asks for a figure as "what's the annual salary of a paralegal?" does). Round 20, dev 771: with
# PLACE_POSSESSOR, declined +1, no answerable item changed.
FIGURE_POSSESSIVE = True
POSSESSIVE_ASKS_FIGURE_RE = _asks_figure_re(FIRST_AUXILIARIES + MODALS, possessive=True)


# Switch: in "what <auxiliary> ... charge/cost/earn" the word must be the question's verb, not a noun that a
# preposition, determiner, possessive or adjective leads into ("what do the takeaways say about cost?" asks what they
# say, and a passage on lower costs answers it; before, it was declined for want of a figure). The tag of the word
# before it is read, not the word's own: the small tagger reads "charge" in "what fee does <a provider> charge" as a
# noun. Found on a probe of our own (round 19): dev (671) unchanged.
FIGURE_VERB_ONLY = True
# Tags of a word that leads into a noun, never into a finite verb: preposition, determiner, possessive pronoun,
# possessive ending, adjective (any degree).
NOUN_LEAD_TAGS = frozenset(["IN", "DT", "PRP$", "POS", "JJ", "JJR", "JJS"])


def asks_figure(text: str) -> bool:
    """Does the text ask for a rate, fee, cost or pay by its wording ("what's the hourly rate")?"""
    pattern = ASKS_FIGURE_RE if ALL_MODALS else FIRST_ASKS_FIGURE_RE
    if FIGURE_POSSESSIVE and ALL_MODALS:
        pattern = POSSESSIVE_ASKS_FIGURE_RE
    return any(not FIGURE_VERB_ONLY or not _led_as_noun(text, m.start("verb")) for m in pattern.finditer(text))


def _led_as_noun(text: str, start: int) -> bool:
    """Is the word at `start` (-1: none matched there) led into as a noun (see NOUN_LEAD_TAGS)?"""
    if start < 0:
        return False
    doc = parsed(text)
    at = next((t for t in doc if t.idx == start), None)
    return at is not None and at.i > 0 and doc[at.i - 1].tag_ in NOUN_LEAD_TAGS


# Switch: the sentence giving a frequency must share what is done how often, read as a figure's subject is (nouns and
# infinitive verbs, a noun pointing back to the last turn left out), not every specific word of the question. Round
# 17, dev 671: focused 388 -> 389/481 (+d13-073), false refusals 9 -> 8, declined 158/185, precision 0.3226 -> 0.3221;
# no other answer changes; real-history follow-ups 83/110 (2 refused) unchanged; the 11 dev decline items with a
# history, asked after the bot's own answer to it, 8/11 declined either way.
FREQUENCY_DOINGS = True
# Switch: "how often?" is met by a frequency the last answer quoted past its lead (see analysis.ANSWER_LINES): only
# what the answer led with is what it was about and gave; a sentence it quoted further down is one the follow-up may
# ask about ("how often do we revisit those measures?" after the precautions list and the closing note that they are
# "periodically reviewed"). Round 19: real-history follow-ups 84 -> 85/110 (+d13-073, refused before), false refusals
# 2 -> 1, precision 0.2422 -> 0.2410, no other answer changes; the dev split (one-line histories, whose lead is the
# whole answer) unchanged; dev decline items asked with real histories 159/188 either way.
FREQUENCY_LEAD_SAID = True
# Names of a body, person or product: a figure for one must be given in a sentence naming it ("what does <a
# provider> charge" is not answered by a market rate). A place is left out: "how much can US firms save" is answered
# by savings stated for firms in general.
OWNER_NAME_LABELS = frozenset(["ORG", "PERSON", "PRODUCT", "FAC", "WORK_OF_ART", "LAW"])
# Switch for the place a figure is stated for (see _figure_for_other_place): a figure the sources give for one named
# place ("a US-based paralegal may earn $60K") is not the figure asked for another they name apart ("a Canadian
# paralegal"). False turns the check off. Dev (371): declined 105 -> 106/115 (d10-018), focused 215/251, false refusals
# 5, precision 0.3823 and swap 0.0469 unchanged; every other answer identical (d1-d5 all identical).
PLACE_QUALIFIED_FIGURES = True
PLACE_LABELS = frozenset(["GPE", "NORP", "LOC"])
# Switch: ... and when every figure's own sentence is stated for another place, whatever noun that place qualifies ("a
# US-based paralegal may earn…", "assistants from regions like South America at…"), none is the figure for the place
# asked, which no figure's sentence (or the one before) names. A figure naming no place still answers. Round 24, dev
# 771: declined 195 -> 196/210 (d13-092), no other answer changes; real-history follow-ups 98/122 unchanged. Its risk:
# a place inside the one stated ("an assistant in Colombia… per hour" for "regions like South America at $15-25 per
# hour") is declined too, since nothing here knows which place holds which; of our probes, 2 such declined (monthly,
# hourly), the hourly one arguably answerable. Ships OFF for that risk: on the held-out sets it changed nothing (test,
# h8-h11, real-history), so its one dev decline does not weigh against declining a Colombian hourly rate the article
# gives for the region Colombia is named in.
PLACE_EVERY_FIGURE = False
# Switch: the noun a place qualifies carries its possessor with it: "a paralegal's salary in <place>" asks for a
# paralegal's pay there as "a <place> paralegal's salary" does, so a figure stated for a paralegal of another place is
# not it. Round 20, dev 771: declined +1 (a salary asked for a place the sources give no figure for), no answerable
# item changed.
PLACE_POSSESSOR = True
# Tags that may stand between a place and the noun it qualifies: "US-based paralegal", "Canadian legal assistants".
QUALIFIER_TAGS = frozenset(["HYPH", "VBN", "JJ", "NN", "NNS", "NNP", "NNPS"])
# Words after a place read for the noun it qualifies: "US - based paralegal" needs 3, one more allows an adjective
# ("- based legal assistants"); measured on dev at 4 only (the figures above).
QUALIFIER_SPAN = 4

# Switch: a question about the document alone that asks who did something to it (see asks_who_did) asks for a person
# or body; the document's account of itself and its frame, which answer questions about it (see
# selfdescription.DOCUMENT_FRAME), say what it does and for whom, and answer it only when they name a person or an
# organisation (spaCy's entities, MAKER_LABELS). Read before a part named in other words takes the question ("who
# wrote the foreword?" reaches the introduction by "foreword"). Dev (671): declined 158 -> 160/185 (dp-012, d11-031),
# every answerable item unchanged. Off by default: sealed h7 and h9 each lost an answer to this decline (false refusals
# 10 -> 11 and 9 -> 10, focused unchanged): their writers count some "who" questions about the document as answered
# by its account of itself.
WHO_DID = False
MAKER_LABELS = frozenset(["PERSON", "ORG"])
MAKER_KIND = "a person or body"  # the kind of answer such a question asks for, as the decline names it


# Switch: a question whose asker acts on one particular person ("should we replace her?", "how do we handle his
# severance?": a gendered third-person pronoun that is the only object of a verb whose subject is "we" or "I", or the
# owner of such an object) asks about that person's own case. The sources speak of no particular person when they
# use no pronoun of that person's gender (a word of their own vocabulary decides), so they cannot answer it, however
# well the rest of its words match: it is declined as a name the question points back at is. A person who does
# something ("what could she hand off?", "get her some help") or is told or given something ("what should I tell
# him?") is not acted on. Round 20, dev 771: declined +3, no answerable item changed (no answerable dev question uses
# such a pronoun); of 125 answerable probes of our own, 9 with such a pronoun, none refused (with any object or
# subject of a clause counted, 2 were: "what should I tell him?", "should we get her some outsourced help?").
PARTICULAR_PERSON = True
PERSON_KIND = "advice on one person's own case"  # what such a question asks for, as the decline names it
FIRST_PERSON_SUBJECTS = frozenset(["we", "i"])
# English's gendered third-person personal pronouns (a closed class): a question with none of them names no particular
# person this way, and is not parsed for one.
GENDERED_RE = re.compile(r"\b(?:she|he|her|hers|him|his|herself|himself)\b", re.I)
TOLD_DEPS = frozenset(["dobj", "dative", "ccomp", "xcomp"])  # a verb's other objects: the person then receives one
# Switch: ... and so is a person the object's own phrase names after a preposition ("how do I handle the conversation
# with her?", "how should we word the letter about him?") when the object is a word the sources never use: the asker
# acts on a thing of that person's own case. An object the sources discuss ("set expectations with her") is one their
# general account covers, and is left answered. Not after "for" or "to", which name who receives the object ("get
# some help for her"), as a person told or given something is not acted on. Round 25, dev 871: declined +1, no
# answerable item changed; of 6 probes of our own with such a pronoun, the answerable two stay answered.
PERSON_IN_OBJECT = True
RECEIVING_PREPS = frozenset(["for", "to"])  # prepositions naming who receives the object (a closed class)


def acts_on_person(text: str, used: Callable[[str], bool]) -> bool:
    """Does the asker act on a particular person the sources never speak of (see PARTICULAR_PERSON)? `used` says
    whether the sources use a word."""
    if not GENDERED_RE.search(text):
        return False  # no such pronoun: the question is not parsed (a parse took ~5 ms of every question)
    doc = parsed(text)
    for t in doc:
        if not _particular(t) or used(t.lower_):
            continue
        acted = t
        if PERSON_IN_OBJECT and t.dep_ == "pobj" and _in_object_phrase(t) and not used(t.head.head.lower_):
            acted = t.head.head  # the object whose phrase names the person: read in the person's place
        elif t.dep_ not in ("dobj", "poss"):
            continue  # one who does something ("she hands off", "get her help") or is given something is not acted on
        if acted.dep_ == "dobj" and any(c.i != acted.i and c.dep_ in TOLD_DEPS for c in acted.head.children):
            continue  # "what should I tell him?", "send her the job description": the person is told or given it
        # Up through the phrases and clauses holding it, to the first verb whose subject is not the person: "we" or
        # "I" acts on them ("let her go", "replace her", "handle her severance"); anyone else does not.
        head = acted.head
        for _ in range(len(doc)):
            subject = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and not _particular(c)]
            if head.pos_ in ("VERB", "AUX") and subject:
                if subject[0].lower_ in FIRST_PERSON_SUBJECTS:
                    return True
                break
            if head.head.i == head.i:
                break
            head = head.head
    return False


# Switch: a message that tells of the asker's own particular case and then asks whether they should, may or must do
# something ("<something happened to us>. Should we…?", "<a partner of ours signed…>. May we still… on that file?")
# asks for a verdict on that case: the sources give general pros, cons and precautions, never a judgement that weighs
# one firm's circumstances. Read from spaCy's parse, three things together: (1) every sentence before the last is an
# account in the first person that asks nothing (a first-person pronoun or possessive, no question mark, no
# interrogative wh-word; a relative "that" is no question); (2) the last sentence is a yes/no question (it opens with
# an auxiliary or modal, has no wh-word) whose main verb's subject is the asker ("we", "I"); (3) the account tells a
# particular happening (a verb in the past tense or the perfect) or the question points back at it ("…about it", "on
# that file", "replace her": see analysis.may_point_back, names_back). A standing profile ("We're a small firm.
# Should we outsource?") tells no happening and is left to the rest of the pipeline, as is any wh- or how-question
# after an account ("…. How do we keep that safe?"), which asks for what the sources say in general. The account may
# be set off by a comma, as analysis.COMMA_SETTINGS reads one.
# Round 22, dev 771: declined 188 -> 191/210 (d7-010, d11-042, d12-095), focused 483/556, false refusals 13, precision
# 0.3394 unchanged; real-history follow-ups 97/122 unchanged. No answerable dev question has this shape (of the 771, 9
# match all three, the other 6 were declined already). Probes of our own in this shape: 17 answerable, 1 refused (a
# track record "checked" after a bad experience, which the due-diligence sentence says in other words); 11 to
# decline, 6 declined (4 by this, 2 by PARTICULAR_PERSON).
OWN_CASE = True
CASE_KIND = "a judgement on the asker's own case"  # what such a question asks for, as the decline names it
# Switch: ... and only when no passage found for it uses a verb of the doing asked about ("…. Do we need to encrypt
# them?" is met by the passage recommending encryption, and "do we need to keep reviewing…" by the one on reviewing
# procedures, which answer them in general; "…. Can we break the contract?" by none). Dev: no change (each of the
# three gained asks about a verb its passages lack); probes of our own: off, those two answerable questions are
# refused too.
OWN_CASE_ACTION = True


def _names_asker(text: str) -> bool:
    """Does the text name its asker ("I", "we", "our"), by the read `nlp` kept of it? Every way a message can tell of
    the asker's case or ask their decision needs such a word; without one the parse (about 1 ms) is skipped. True
    when no read is kept: the parse decides. (The read gives the parse's tags, and the same first-person words on
    every question and history turn of the eval sets, 2,242 texts.)"""
    read = kept_read(text)
    return read is None or any(analysing.first_person(t) for t in read)


def judges_own_case(text: str, passages: Sequence[str]) -> bool:
    """Does the message tell of the asker's particular case and ask whether they should do something that none of
    the passages speaks of doing (OWN_CASE)?"""
    if not _names_asker(text):
        return False
    doc = parsed(text)
    # An account set off by a comma ("Our vendor raised its prices, can we…?") counts as SETTING_NAMES counts one.
    bounds = analysing.clause_bounds(doc, analysing.COMMA_SETTINGS)
    if not bounds:
        return False
    told, asked = doc[: bounds[-1] + 1], doc[bounds[-1] + 1 :]
    for a, b in zip([0, *(b + 1 for b in bounds[:-1])], bounds):
        span = doc[a:b]
        if not any(analysing.first_person(t) for t in span):
            return False
        if any(t.text == "?" or (t.tag_.startswith("W") and t.head.dep_ != "relcl") for t in span):
            return False
    lead = next((t for t in asked if not t.is_punct), None)
    if lead is None or lead.pos_ != "AUX" or any(t.tag_.startswith("W") for t in asked):
        return False
    # The question's own main verb: the one whose head lies outside it (a comma-set account shares its parse).
    roots = [t for t in asked if t.head == t or not asked.start <= t.head.i < asked.end]
    subjects = [t for t in asked if t.dep_ == "nsubj" and t.head in roots]
    if not subjects or not analysing.first_person(subjects[0]):
        return False
    happened = any(
        t.tag_ == "VBD" or (t.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children))
        for t in told
    )
    if not (happened or any(analysing.may_point_back(asked, t) or analysing.names_back(asked, t) for t in asked)):
        return False
    if not OWN_CASE_ACTION:
        return True
    # The doing asked about: the main verb, or the verb its to-infinitive complement names ("must we inform…"),
    # with the doings it takes as gerunds ("keep reviewing", "avoid outsourcing"): any of them a passage speaks of
    # is a practice the sources weigh in general.
    action = subjects[0].head
    while (nxt := next((c for c in action.children if c.dep_ == "xcomp" and _to_infinitive(c)), None)) is not None:
        action = nxt
    doings = [action]
    while (nxt := next((c for c in doings[-1].children if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)) is not None:
        doings.append(nxt)
    used = {s for p in passages for s in stems(p)}
    return not any(stem(d.lower_) in used for d in doings)


# Switch: a question asking the asker's own decision ("should I <do>…?", "can we <do>…?", "do I need to <do>…?", "do
# you think I should <do>?") asks for judgement on their situation, which the sources (general pros, cons and
# precautions) never give when they never speak of the doing asked about. Read from spaCy's parse, with no word of any
# question: a main verb whose subject is the asker ("I", "we", or a noun an asker's possessive owns: "my firm") and
# which a modal of permission or duty leads (in a wh-question only one of advice or duty: "how can we avoid…?" asks
# for the ways the sources may give), or which takes a to-infinitive in a yes/no question ("do we need to…", "am I
# allowed to…"), or which a verb of the assistant's ("you") takes as its clause; the doing is that verb, read through
# the verbs it takes ("need to disclose", "let her go"). Declined when no passage found for it uses the doing (any
# inflection, by lemminflect) and (a) it acts on a thing qualified by a relative clause holding the asker's possessive
# ("every document our assistant prepares"), or (b) the message opens with the asker's account of their case (a
# first-person sentence that asks nothing; unlike OWN_CASE a standing state counts as much as a past happening), the
# question is a yes/no one and the doing acts on nothing the corpus names ("should we accept the bundle?", "should I
# sign it?"), or (c) the doing acts on a thing the asker's possessive owns ("fire my secretary") and on nothing the
# corpus names ("should we prefer providers in…" is met by the sources on providers). Never for a follow-up (its
# doing may be the earlier turn's), a figure asked for (the figure checks read it), a doing asked for by
# "what"/"which" ("what should we check…": the things to do, which the sources may list) or a misspelt doing.
# Round 26 (helper `advice27`), dev 971: no item changes (focused 604/706, declined 245/260, false refusals 17, invalid
# 0, precision 0.3406; real-history follow-ups 114/146). Alone (OWN_CASE, PARTICULAR_PERSON, CONTINGENCY,
# RISK_WITHOUT_REMEDY and the ruling phrases off) it declines 7 of dev's 33 advice items (5 without OWN_DECISION_BARE),
# those mechanisms 3. On 60 advice questions of our own (three sets of 20, the last written after the rest was built, 5
# -> 7 of its 20): 18 declined before, 21 with this alone, 32 with OWN_VERDICT (+8) and OWN_REQUEST (+3), 33 with
# VERDICT_LINKING; of 80 answerable first-person how-to and "should we…" questions of ours (20 written to trip it: an
# account, then everyday verbs), 1 refused before and after (by OWN_CASE). Measured and not kept: after an account, any
# how- or yes/no question with the doing alone read (dev +d16-096, 39 of the 60 declined, but 6 of the 20 written to
# trip it refused: "<account>. How should we avoid delays?", "… Should we keep some support in-house?"); for (c), a
# possessive anywhere in the question ("how can we avoid delays when our paralegal works abroad?" was refused).
OWN_DECISION = True
# Switch (under OWN_DECISION, as the two below): the doing of "let her go", "make them sign" is the bare infinitive's
# ("go", "sign"), not "let"/"make".
OWN_DECISION_BARE = True
# Switch: ... and so is one the tagger misreads as a present-tense verb or a noun ("let our assistant go", its "go"
# tagged VBP, NN or NNP by the small model), when nothing else marks it a finite verb or a noun (no nominative
# subject, no auxiliary, determiner or modifier of a noun). Dev 971: needed for OWN_PARTICULAR's one gain.
BARE_MISTAGGED = True
# Switch: a clause whose modal stands before its subject ("…, should I let…", "if…, may we…") is a question, though a
# part of a longer question is read without its question mark and may open with a condition. Dev 971: needed for
# OWN_PARTICULAR's one gain, no other change.
INVERTED_QUESTION = True
# Switch: a yes/no question judging something for the asker ("is it worth it for my practice to…?", "is that a smart
# move for my career?", "would it be fair to replace him?" after their account): a predicate (adjective or noun) no
# passage uses, the asker named after "for" (or the message opening with their account, when "it" stands for a doing
# judged). A verdict on the asker themselves ("are we 100% safe?") or on a thing with no "for" ("is our data safe?",
# "is that the gist of it?") is left: those ask whether the sources' precautions or reasons hold, which they say.
OWN_VERDICT = True
# Switch: ... and so is one whose verb links its subject to the predicate as "be" does ("would it look bad to…?",
# "does that sound wise for us?": any verb taking an adjective complement or attribute, by the parse). Dev: no item
# changes; our 60 advice probes 32 -> 33 declined (a set-3 item, so weak evidence), and of 8 probes written after it
# (3 advice with "sound"/"seem"/"feel", 5 answerable with "seem"/"get"/"look"/"turn out"), 2 advice declined by it,
# none of the answerable refused.
VERDICT_LINKING = True
# Switch: ... but not a question whether a thing or person can do something ("will an outside helper be able to look
# up case law for us?", "are they capable of drafting motions for our firm?"): the subject (a noun, or a personal
# pronoun that is not the neuter "it" of "is it worth it…", read from spaCy's morphology) is the one who does the
# infinitive or gerund the predicate governs, so the question asks what such help can do, which the sources say in
# general; "for us" only names who it is done for. Dev 971: no item changes. Probes of our own (15 "will/are/is <a
# helper> able/capable…" and verdict questions): 5 capability questions refused before, 0 after; the 3 verdicts on
# the asker's doing ("is it wise for our firm to hire offshore?") still declined.
CAPABILITY_ASKED = True
# Switch: a request to the assistant (a bare imperative, or a verb whose subject is "you") acting on a thing of the
# asker's own that the corpus never names ("approve my plan", "look over the contract our vendor sent"): a verdict on
# the asker's own text or plan, which no passage holds, whatever the verb.
OWN_REQUEST = True
# Modals that ask what one may or ought to do (a closed class; "will"/"would" ask what happens, not what to do).
DECIDING_MODALS = frozenset(["should", "shall", "must", "can", "could", "may", "might", "ought"])
ADVISING_MODALS = frozenset(["should", "shall", "must", "ought"])  # of those, the ones of advice or duty
DECISION_KIND = "a judgement on the asker's own situation"  # what such a question asks for, as the decline names it


def decides_for_asker(
    text: str,
    passages: Sequence[str],
    written: Callable[[str], bool],
    plural_written: Callable[[str], bool] = lambda _w: False,
    restated: Callable[[str], bool] = lambda _w: True,
) -> bool:
    """Does the message ask the asker's own decision, or a verdict on their plan, on something no passage speaks of
    (see OWN_DECISION)? `written` says whether the corpus uses a word (in any form), `plural_written` whether it
    writes a word in exactly that form, `restated` whether a word restates one of the corpus's (see OWN_PARTICULAR)."""
    if not _names_asker(text):
        return False
    doc = parsed(text)
    bounds = analysing.clause_bounds(doc)
    told = doc[: bounds[-1] + 1] if bounds else doc[:0]
    asked = doc[bounds[-1] + 1 :] if bounds else doc[:]
    # An account that asks nothing: no question mark, no interrogative wh-word (a relative "that" asks nothing).
    accounted = any(analysing.first_person(t) for t in told) and not any(
        t.text == "?" or (t.tag_.startswith("W") and t.head.dep_ != "relcl") for t in told
    )
    used = {s for p in passages for s in stems(p)}

    def speaks(t: Any) -> bool:
        upos = t.pos_ if t.pos_ in ("VERB", "NOUN", "ADJ") else "VERB"
        return bool(inflected_stems(t.lower_, upos) & used) or stem(t.lower_) in used

    def owned(o: Any) -> bool:
        # A relative clause in the first person on a thing ("the provider my colleague suggested") makes it one of
        # the asker's own particular things, which the sources cannot know.
        return any(
            c.dep_ == "relcl" and any(x.tag_ == "PRP$" and analysing.first_person(x) for x in c.subtree)
            for c in o.children
        )

    def acted_on(v: Any) -> list[Any]:
        # What the doing takes: its objects and the nouns its prepositions take, and the objects of a clause it
        # governs ("make them sign agreements"); not those of another doing joined to it ("fire X and hire Y").
        verbs = [v, *(c for c in v.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB")]
        out = [c for u in verbs for c in u.children if c.dep_ in OBJECT_DEPS]
        out += [
            g for u in verbs for p in u.children if p.dep_ in ("prep", "dative") for g in p.children if g.dep_ == "pobj"
        ]
        # The one a bare infinitive has do something ("make the assistants sign…") is acted on too.
        out += [g for u in verbs if u is not v or _complement(v) for g in u.children if g.dep_ == "nsubj"]
        return out

    def judged(v: Any) -> bool:
        if speaks(v) or zipf(v.lower_) < DOING_ZIPF:
            return False  # a doing the sources speak of, or a misspelling nothing here can read
        things = acted_on(v)
        if any(o.tag_ in WH_THINGS or any(c.tag_ in WH_THINGS for c in o.children) for o in things):
            return False  # "what should we check…", "which sort of vendor ought we to choose": it asks for things to do
        if any(owned(o) for o in things):
            return True  # "supervise every document our assistant prepares": a thing of the asker's own
        ones = [o for o in things if OWN_PARTICULAR and not wh and _own_one(o, plural_written)]
        # A phrasal verb ("hand off") or a word restating one of the corpus's ("pick" for its "choose") is the
        # sources' doing in everyday words.
        phrasal = any(c.dep_ == "prt" for c in v.children)
        if ones and not phrasal and not written(v.lower_) and not restated(v.lower_):
            # "fire my paralegal", "let our current assistant go": the asker's one particular person or thing, which
            # the sources (on the kind in general) never do this doing to. Anything else it acts on that the corpus
            # names ("equip our assistant with a VPN", "replace my clerk with a virtual assistant") is a practice
            # the sources may weigh, and leaves the question to the checks below.
            rest = [o for o in things if o not in ones and o.pos_ in ("NOUN", "PROPN")]
            if not any(written(o.lower_) for o in rest):
                return not any(speaks(c) for c in v.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB")
        named = [o for o in things if o.pos_ in ("NOUN", "PROPN")]
        if accounted and not wh:
            # After the asker's account, a doing no passage speaks of, on nothing the corpus names ("should I sign
            # it?", "should we accept the bundle?"): "should we hand the review to an outsourced team?" asks
            # whether to do what the sources discuss, in everyday words.
            return not any(written(o.lower_) for o in named)
        # Without an account, the doing must act on a thing of the asker's own ("fire my secretary": not "avoid
        # delays when our paralegal works abroad"), and neither what it acts on nor a doing it governs may be the
        # sources' ("judge if a provider is able to supply…").
        if not any(
            any(x.tag_ == "PRP$" and analysing.first_person(x) for x in o.doc[o.left_edge.i : o.i]) for o in things
        ):
            return False
        if any(o.pos_ == "PRON" and not analysing.first_person(o) for o in things):
            return False  # "should we revisit those?": what it acts on is named elsewhere
        governed = [c for c in v.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB"]
        # It acts on something named, none of it the sources': a question acting on nothing named ("how can my firm
        # get more done?") asks in general.
        return bool(named) and not any(written(o.lower_) for o in named) and not any(speaks(c) for c in governed)

    lead = next((t for t in asked if not t.is_punct), None)
    is_question = any(t.text == "?" for t in asked) or (lead is not None and lead.pos_ == "AUX")
    if INVERTED_QUESTION and not is_question:
        is_question = any(
            t.dep_ == "aux" and t.tag_ == "MD" and any(c.dep_ == "nsubj" and c.i > t.i for c in t.head.children)
            for t in asked
        )
    # A wh-word of the question itself: one opening a clause of time or condition ("…when we only have six
    # clients?") or a relative clause leaves it a yes/no question.
    wh = any(t.tag_.startswith("W") and t.head.dep_ not in ("advcl", "relcl") for t in asked)
    for v in asked if is_question else ():
        kids = list(v.children)
        subject = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
        asker = subject is not None and (
            analysing.first_person(subject) or any(analysing.first_person(c) for c in subject.children)
        )
        main = v.dep_ in ("ROOT", "conj") or (v.dep_ == "ccomp" and v.head.dep_ == "ROOT")
        if asker and main and v.pos_ == "VERB":
            # A wh-question asks the asker's decision only with a modal of advice or duty: "how should I
            # negotiate…?" asks what they ought to do, "how can we avoid delays…?" the ways the sources may give.
            modals = ADVISING_MODALS if wh else DECIDING_MODALS
            modal = any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in modals for c in kids)
            chain = [v]
            # Read through a verb taking another: its to-infinitive ("need to disclose"), or a bare infinitive with
            # a subject of its own ("let her go", "make them sign"), which is the doing done.
            while (nxt := next((c for c in chain[-1].children if _complement(c)), None)) is not None:
                chain.append(nxt)
            bare_yes_no = len(chain) > 1 and not wh
            # A verb of the assistant's taking the asker's doing ("do you think I should…", "would you recommend I…").
            yours = v.dep_ == "ccomp" and any(
                c.dep_ == "nsubj" and "2" in c.morph.get("Person") for c in v.head.children
            )
            if not (modal or bare_yes_no or yours):
                continue
            doing = chain[-1]
            if doing.lower_ in ("do", "does", "did"):
                continue  # "what should we do (if…)": the doing is named elsewhere (see CONTINGENCY)
            if judged(doing):
                return True
        elif OWN_VERDICT and not wh and (v.lower_ in BE_FORMS or (VERDICT_LINKING and v.pos_ == "VERB")):
            # "Is it worth it for my practice…?", "is that a smart move for us?": a verdict for the asker.
            predicate = next((c for c in kids if c.dep_ in ("acomp", "attr")), None)
            if predicate is None or predicate.pos_ not in ("ADJ", "NOUN"):
                continue
            # Judged for the asker: "for us", "for my career", "for my office to outsource…"; a verdict on the
            # asker themselves ("are we safe?") asks whether the sources' precautions suffice, which they say.
            subject = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or analysing.first_person(subject):
                continue
            if CAPABILITY_ASKED and _does_what_predicate_governs(subject, predicate):
                continue
            near = {v.i, predicate.i}
            for_asker = any(
                t.lower_ == "for"
                and (t.head.i in near or t.head.head.i in near)
                and (
                    any(analysing.first_person(x) for x in t.subtree)
                    or (
                        t.dep_ == "mark"
                        and any(
                            c.dep_ == "nsubj" and any(analysing.first_person(x) for x in c.subtree)
                            for c in t.head.children
                        )
                    )
                )
                for t in asked
            )
            # After the asker's account, a doing judged ("would it be fair to replace him?") is one of their case.
            doing_judged = subject.lower_ == "it" and any(
                c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ == "VERB" for h in (v, predicate) for c in h.children
            )
            if (for_asker or (accounted and doing_judged)) and not speaks(predicate):
                return True
    for v in doc if OWN_REQUEST else ():
        kids = list(v.children)
        subject = next((c for c in kids if c.dep_ == "nsubj"), None)
        yours = subject is not None and "2" in subject.morph.get("Person")
        if not (yours or (v.tag_ == "VB" and v.dep_ == "ROOT" and subject is None)):
            continue
        # A request to act on a thing of the asker's own ("approve my plan", "look over the contract our vendor
        # sent"): one their own clause qualifies, or one they own that the sources never name (whatever the verb:
        # "review my draft" asks for a verdict on the draft, which no passage holds).
        things = [c for c in kids if c.dep_ == "dobj"] + [
            g for p in kids if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"
        ]
        if any(owned(o) for o in things):
            return True
        mine = [o for o in things if any(analysing.first_person(x) for x in o.children)]
        if mine and not any(written(o.lower_) for o in mine):
            return True
    return False


def _does_what_predicate_governs(subject: Any, predicate: Any) -> bool:
    """Is the subject the doer of a doing its predicate governs ("a helper … able to look up", "they … capable of
    drafting"), so that the question asks what it can do rather than a verdict (see CAPABILITY_ASKED)?"""
    if predicate.pos_ != "ADJ":
        return False
    if subject.pos_ == "PRON" and ("Prs" not in subject.morph.get("PronType") or "Neut" in subject.morph.get("Gender")):
        return False  # "it" of "is it worth it…", "that" of "is that wise…": a doing judged, not a doer
    governed = [c for c in predicate.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
    governed += [g for p in predicate.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pcomp"]
    # The doing has no subject of its own: the predicate's subject does it.
    return any(not any(c.dep_ in ("nsubj", "nsubjpass") for c in g.children) for g in governed)


# Switch (under OWN_DECISION): a yes/no question on a doing the corpus never uses, done to one particular person or
# thing of the asker's own (a singular noun their possessive owns: "fire my paralegal", "let our current assistant
# go"), asks a judgement on their case even when the corpus names that kind of thing: the sources speak of paralegals
# and assistants in general, never of doing that to one. Left to the other checks: a wh-question ("how should we pick
# our provider?" asks for a way the sources may give), a plural ("our files": a kind the sources' account covers), a
# mass noun (one whose plural the corpus never writes: "my scheduling"), one given something ("give my assistant
# access"), a doing the corpus uses anywhere ("keep our paralegal"), restates (answering.RESTATED_COS: "pick" for its
# "choose") or puts as a phrasal verb ("hand off"), and one that also acts on a thing the corpus names ("equip our
# assistant with a VPN"). Round 30 (helper `advice30`), dev 971, with BARE_MISTAGGED and INVERTED_QUESTION (each
# needed): declined 249 -> 250/260 (+d12-094), every other answer identical (focused 617/706, false refusals 15,
# invalid 0, precision 0.3414). Probes of our own (104 first-person "should I/we…" and "how do/should I…" questions,
# 13 of them advice): 6 more declined, 2 of the advice ones ("fire my paralegal", "sue our current provider"), none of
# the answerable ones but "audit our provider every year" (arguably met by the sources' periodic reviews); before the
# wh, restating and phrasal exclusions 4 of 15 answerable ones were refused ("pick our first provider", "grow my
# practice"). Of 25 more written to trip it, 7 more declined, all asking advice the article does not give ("retain our
# paralegal after outsourcing", "certify our paralegal", "reimburse our assistant for software").
OWN_PARTICULAR = True


def _own_one(o: Any, plural_written: Callable[[str], bool]) -> bool:
    """Is the token one of a kind, owned by the asker's possessive ("my paralegal", "our current assistant"): a
    singular noun the doing acts on (not one given something: "give my assistant access") whose plural the corpus
    writes (the sources speak of many such; "my scheduling", a mass noun, is no particular one)?"""
    if o.tag_ != "NN" or o.dep_ not in ("dobj", "nsubj"):
        return False
    if not any(c.dep_ == "poss" and analysing.first_person(c) for c in o.children):
        return False
    import_spacy()  # lemminflect imports spaCy: without torch, as everywhere else
    from lemminflect import getInflection

    return any(p != o.lower_ and plural_written(p) for p in getInflection(o.lower_, "NNS"))


# A doing whose word is rarer than this (wordfreq zipf) is a misspelling ("kep tabs"), not a doing the sources lack:
# dev's one such answerable question reads 2.12; the doings of dev's and our probes' advice questions 3.28-5.5.
DOING_ZIPF = 3.0
WH_THINGS = frozenset(["WP", "WDT"])  # "what", "which": a wh-word asking for things, not for a manner or amount
# Dependencies of the things a doing acts on (see decides_for_asker).
OBJECT_DEPS = frozenset(["dobj", "attr", "oprd", "dative"])


# Switch: a question asking what the asker should do about a happening ("what should we do if <it happens>?", "what do
# we do when <it happens>?": "what" the object of the verb "do", "we" or "I" its subject, and a clause of condition on
# it, opened by "if", "unless" or "when") asks for a response to that happening, and names the doing asked for by
# nothing but the happening. When the happening's verb is a word the sources never use (nor restate: see
# answering.RESTATED_COS), they never treat it, however well the rest of its words (the files, the provider) match a
# passage on preventing trouble: such a question is declined as a remedy the sources lack is. Round 25, dev 871:
# declined 217 -> 219/235 (two happenings the article never speaks of), no answerable item changed (no answerable dev
# question has the shape: the conditions of answerable questions hang on a named doing, "how do we keep data safe if
# <...>", or a judgement, "is it secure if <...>"). A verb taking another as its complement is read through to it
# ("if we want to outsource…" is about outsourcing), and a condition whose subject is the asker is no happening. Probes
# of our own: the 5 whose happening befalls the asker (rates raised, a provider going bankrupt, deadlines missed,
# clients complaining, work quality dropping) declined; answered those on a doing of the asker's ("if we plan to
# hire…", "if we worry about data privacy", "if I want to cut support costs") and those in the sources' words ("if the
# provider is in a different time zone", "if communication barriers slow the team down"); one answerable probe
# refused ("if our caseload grows": the article's "scale up" is no restatement of "grow").
CONTINGENCY = True
CONTINGENCY_KIND = "a response plan"  # what such a question asks for, as the decline names it ("… for that.")
# The subordinators that open a condition: a closed class ("once" and "before" order doings, they set no condition).
CONDITION_MARKS = frozenset(["if", "unless", "when"])
DO_FORMS = frozenset(["do", "does", "did"])  # the parse carries no lemmas
# (Round 25, measured and not built: "how should we respond/proceed if <it happens>?", a "how" whose verb takes no
# object of its own, read the same way. Its "if" often means "whether": an answerable dev question asking how one
# would spot something odd, and "how would we know if…" (a probe) were declined.)
BE_FORMS = frozenset(["be", "is", "are", "was", "were", "been", "being", "'s", "'re", "’s", "’re"])


def contingency_events(text: str, unused: Callable[[Any], bool]) -> list[str]:
    """The words of the happenings a "what should we do if <it happens>?" question asks about that `unused` says the
    sources never use (see CONTINGENCY); [] when the question has not that shape or the sources use them."""
    if not re.search(r"\b(?:if|unless|when)\b", text, re.I):
        return []  # no condition: the question is not parsed for one
    doc = parsed(text)
    out: list[str] = []
    for do in doc:
        if do.pos_ != "VERB":
            continue
        kids = list(do.children)
        # "What should we do…": the doing asked for is named by nothing but the happening.
        if do.lower_ not in DO_FORMS or not any(c.dep_ == "dobj" and c.lower_ == "what" for c in kids):
            continue
        if not any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON_SUBJECTS for c in kids):
            continue
        for event in kids:
            if event.dep_ != "advcl" or not any(
                c.dep_ in ("mark", "advmod") and c.lower_ in CONDITION_MARKS for c in event.children
            ):
                continue
            # A copula or auxiliary ("if they are remote") says what something is, not what happens.
            if event.pos_ == "AUX" or event.lower_ in BE_FORMS:
                continue
            # The asker's own doing or wish ("if we worry about…", "if I want to cut…") is no happening that befalls
            # them: the question asks how to do what they mean to, which the sources may say in general.
            if any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON_SUBJECTS for c in event.children):
                continue
            # A verb taking another as its complement ("if we want to outsource", "if they start missing deadlines")
            # says how the happening stands; the complement is what happens, and a doing of the sources' there is
            # one they treat.
            chain = [event]
            while (nxt := next((c for c in chain[-1].children if c.dep_ == "xcomp"), None)) is not None:
                chain.append(nxt)
            if all(unused(v) for v in chain):
                out.extend(v.lower_ for v in chain)
    return out


# Switch: a noun "which" asks for ("which <name> product", "which <name> plan") qualified by a word the
# sources write only as a name (a product, body or acronym of theirs) asks for a particular thing of that name's
# kind: when the sources never write the noun itself (no corpus word sharing its stem within RULING_FORM_SLACK
# letters: "productivity" is no "product") nor restate it (answering.RESTATED_COS), they name no such thing, however
# often they name the name ("access through VPN"), and the question is declined as one about a thing they never
# mention. Round 25, dev 871: declined
# +2 (two questions asking which product to get), no answerable item changed. (Round 17 read any name followed by
# such a noun so, and refused paraphrases of our own, "VPN restrictions", "Westlaw experience"; only the noun the
# question asks for is read here, not one it merely mentions.)
NAMED_KIND_ASKED = True
# The determiner that asks to pick one thing of a kind: "what" also asks what something is like ("what VPN
# restrictions should we set?", which the access-control passage answers in its own words).
WH_DETERMINERS = frozenset(["which"])


def asked_kinds_of_names(text: str, proper: frozenset[str], written: Callable[[str], bool]) -> list[str]:
    """The phrases ("VPN product") a question asks for, a noun the sources never write (`written` says whether they
    write a word, in a form close to it) qualified by a word they write only as a name (`proper`, lower-case); see
    NAMED_KIND_ASKED."""
    lowered = text.lower()
    if not any(w in lowered for w in WH_DETERMINERS):
        return []
    doc = parsed(text)
    out = []
    for t in doc:
        if t.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in WH_DETERMINERS for c in t.children):
            continue
        names = [c for c in t.children if c.dep_ in ("compound", "amod") and c.lower_ in proper]
        if names and not written(t.lower_):
            out.append(doc[min(c.i for c in names) : t.i + 1].text)
    return out


# Switch: a question choosing among a set by a superlative ("which of them has the most…", "which of these is the
# cheapest?": "which" or "who" taking a partitive "of", and a superlative adjective or adverb) asks for a ranking, which
# only a passage that compares on the same measure can give (a comparative or superlative grading the word the
# question's superlative grades: "paralegals handle more substantive legal work" for "which of them takes on the
# most work?"); a passage naming the set's members with the same praise for each ("countries like Colombia and Peru
# have a strong supply…") ranks nothing, nor does one grading something else ("higher-level work" for "the most
# lawyers").
# Round 22, dev 771: declined +1 (d8-010), no answerable item changed (no other dev question has the shape: the
# answerable comparisons "which one does more…" use a comparative, not a superlative).
RANKING = True
RANKING_KIND = "a ranking"  # what such a question asks for, as the decline names it
COMPARING_TAGS = frozenset(["JJR", "JJS", "RBR", "RBS"])


def missing_ranking(text: str, passages: Sequence[str]) -> bool:
    """Does the question ask which of a set ranks first by some measure (RANKING) when no passage compares?"""
    read = kept_read(text)
    if read is not None and not (
        any(t.tag_ in ("JJS", "RBS") for t in read) and any(t.lower_ in ("which", "who") for t in read)
    ):
        return False  # no superlative or no "which"/"who" (the parse gives the same tags): the parse is skipped
    doc = parsed(text)
    chooses = any(
        t.lower_ in ("which", "who") and any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children) for t in doc
    )
    # What the ranking is by: the word each superlative grades ("the most lawyers", "does the most work").
    measures = {stem(g.lower_) for t in doc if t.tag_ in ("JJS", "RBS") for g in _graded(t)}
    if not chooses or not measures:
        return False
    # A passage comparing on it grades the same word ("more substantive legal work" for "the most work").
    return not any(
        t.tag_ in COMPARING_TAGS and measures & {stem(g.lower_) for g in _graded(t)}
        for d in parse(list(passages))
        for t in d
    )


def _graded(t: Any) -> list[Any]:
    """The words a comparative or superlative grades: its head, and the noun that head modifies in turn ("more" in
    "more substantive legal work" grades "substantive" and "work")."""
    if t.head.i == t.i:
        return []
    out = [t.head]
    if t.dep_ == "advmod" and t.head.dep_ in ("amod", "advmod") and t.head.head.i != t.head.i:
        out.append(t.head.head)
    return out


def _in_object_phrase(t: Any) -> bool:
    """Is the token the complement of a preposition (not one of RECEIVING_PREPS) on a noun that is a verb's direct
    object ("the conversation with her")?"""
    prep = t.head
    noun = prep.head
    return (
        prep.dep_ == "prep"
        and prep.lower_ not in RECEIVING_PREPS
        and noun.i != prep.i
        and noun.pos_ == "NOUN"
        and noun.dep_ == "dobj"
    )


def _complement(c: Any) -> bool:
    """Is the token a verb another takes as the doing it is about: a to-infinitive complement ("need to tell"), or a
    bare infinitive with a subject of its own ("let her go")?"""
    if c.dep_ == "xcomp" and _to_infinitive(c):
        return True
    if not OWN_DECISION_BARE or c.dep_ != "ccomp":
        return False
    subjects = [x for x in c.children if x.dep_ == "nsubj"]
    if c.tag_ == "VB":
        return bool(subjects)
    # The small tagger often misreads a bare infinitive ending the clause ("let our current assistant go" as VBP, NN
    # or NNP); a clause whose subject is no nominative pronoun ("we go" is finite) and whose word has no inflection
    # of its own (not VBZ, VBD: "our assistant goes") is read as one (see BARE_MISTAGGED).
    return (
        BARE_MISTAGGED
        and c.tag_ in ("VBP", "NN", "NNP")
        and c.text.islower()
        and bool(subjects)
        and not any("Nom" in x.morph.get("Case") for x in subjects)
        and not any(x.dep_ in ("aux", "det", "amod", "compound") for x in c.children)
    )


def _to_infinitive(t: Any) -> bool:
    """Is the token a verb with its infinitive marker ("to tell")?"""
    return t.pos_ == "VERB" and any(c.tag_ == "TO" for c in t.children)


def _particular(t: Any) -> bool:
    """Is the token a personal pronoun for one particular person (third person, masculine or feminine)?"""
    return t.morph.get("PronType") == ["Prs"] and t.morph.get("Gender") in (["Fem"], ["Masc"])


# A request to write something new ("can you help me write a cover letter?"): an assistant that only quotes its
# sources cannot do it, however close the topic. Only the request form counts, not "what should we write in…?".
COMPOSE_RE = re.compile(
    r"^\W*(?:(?:hey|hi|ok(?:ay)?|so|please)\W+)*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:help\s+me\s+(?:to\s+)?)?(?:write|draft|compose|generate|rewrite|proofread|translate)\s+(?:me\s+|us\s+)?"
    r"(?:a|an|the|my|our|some|this)\b",
    re.I,
)


def asks_to_compose(question: str) -> bool:
    """Does the question ask the assistant to write new text rather than say what the sources say?"""
    return bool(COMPOSE_RE.search(question))


def looks_like_injection(question: str) -> bool:
    """Does the question try to change the rules rather than ask about the sources?"""
    return bool(INJECTION_RE.search(question))


def asks_for_figure(analysis: Analysis) -> bool:
    """Does the question want a number (an amount, share, count, length of time or date) as its answer?"""
    f = analysis.facets
    if bool(f & {"duration", "count", "date", "percent", "quantity"}) or asks_figure(analysis.text):
        return True
    # "What does a firm pay per contract?": a sum asked per a unit (see UNIT_MATCH) asks for a figure.
    return UNIT_MATCH and "money" in f and bool(asked_units(analysis.text)) and _wh_question(analysis.text)


def asks_who_did(analysis: Analysis) -> bool:
    """Does the question ask who did something, in the past ("who wrote it?", "which company commissioned it?"): "who",
    or a noun with a wh-determiner, the subject of a verb in the past tense? A document's account of itself is in the
    present ("this article provides…"); "who is it for?" or "who should read it?" ask for the readers it names."""
    read = kept_read(analysis.text)
    if read is not None and not (
        any(t.tag_ == "VBD" for t in read) and any(t.lower_ == "who" or t.tag_ == "WDT" for t in read)
    ):
        return False  # the parse gives the same tags: without a past verb and "who" or a wh-determiner, no parse
    return any(
        t.dep_ == "nsubj" and t.head.tag_ == "VBD" and (t.lower_ == "who" or any(c.tag_ == "WDT" for c in t.children))
        for t in parsed(analysis.text)
    )


def names_someone(texts: Sequence[str]) -> bool:
    """Do the texts name a person or an organisation (spaCy's entities)?"""
    return any(e.label_ in MAKER_LABELS for t in texts for e in nlp(t).ents)


# Switch: the kind of answer a question demands is read from what it asks, not from every phrase in it. A ruling or an
# amount named in a clause the question only mentions is not asked for: a clause opened by a wh-word of its own
# (an indirect question or a free relative: "how much of our records they open", "what the provider would answer for")
# under a main clause asking with a wh-word of its own ("how do we settle …?", "why bother writing down
# …?") names what the way or the reason is about; and a question whether the document holds a claim (its word
# for itself the subject of the question's verb: "does the piece hold that …?") asks for the claim, so a frame
# put before that verb ("from a regulatory angle") says from where the claim is weighed, not that a ruling is
# wanted.
# A clause opened by "whether" or "if" asks yes or no, as the main clause would; a clause with no wh-word of its own
# ("what do you think we'd be liable for?", "what does the article say we're on the hook for?") is what its main
# clause's wh-word asks about; and a main clause asking with no wh-word ("can you tell me how much of …") asks
# its clause's question. A way of deciding how much of something is still answered only by a rule bounding it in
# words ("only what assistants need"), though one naming it in words of its own. Read from spaCy's parse.
# Round 37 (helper `kinds37`), dev 971 off -> on: focused 629 -> 631/706 (+d14-007, +d14-045; none lost), false
# refusals 12 -> 9 (d16-034 answered too, with half its points: its search misses the role-based permissions
# sentence), declined 252/260 (the same items), invalid 0, precision 0.3435 -> 0.3428; real-history follow-ups
# 119/146 unchanged. Own probes (47): none of the 25 ruling or amount questions to decline changed; 8 of 22 to
# answer, declined before, are answered now. (Measured against: the "how much of" clause named, not asked, with no
# bounding sentence required at all: dev the same, but own probes then answered "how do we work out how much of our
# records a remote paralegal gets to open?" with a salary.)
ASKED_CLAUSE = True
# Dependency labels of a verb's adjuncts that frame what it says (a preposition's phrase, an adverb, a noun phrase
# used as one): spaCy's.
FRAME_DEPS = frozenset(["prep", "advmod", "npadvmod"])
# The subordinators opening a clause that asks yes or no (closed class: English has these two).
YES_NO_MARKS = frozenset(["whether", "if"])


@lru_cache(maxsize=64)
def unasked_tokens(text: str, document: frozenset[str] = frozenset()) -> frozenset[int]:
    """The tokens of the question (indices in its parse) outside what it asks (see ASKED_CLAUSE). `document`: the
    stems of the question's words for the document itself ("article")."""
    out: set[int] = set()
    doc = parsed(text)
    for sent in doc.sents:
        root = sent.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if document and subject is not None and root.pos_ == "VERB" and stem(subject.lower_) in document:
            # "From a regulatory angle, does the piece hold that …?": a frame put before the document's claim
            # is no request of its own. One after its verb may be what the claim is about ("does it say anything
            # about liability?").
            out.update(x.i for c in root.children if c.dep_ in FRAME_DEPS and c.i < subject.i for x in c.subtree)
            continue
        for clause in (t for t in sent if t.dep_ == "ccomp"):
            inside = {x.i for x in clause.subtree}
            opened = any(x.tag_ in analysing.WH_TAG_SET and x.i < clause.i for x in clause.subtree)
            yes_no = any(c.dep_ == "mark" and c.lower_ in YES_NO_MARKS for c in clause.children)
            asking = any(t.tag_ in analysing.WH_TAG_SET and t.i not in inside for t in sent)
            if opened and not yes_no and asking:
                out |= inside
    return frozenset(out)


def asked_spans(text: str, spans: Sequence[tuple[int, int]], document: frozenset[str] = frozenset()) -> list[bool]:
    """For each character span of the text, whether it lies (a token of it at least) in what the question asks."""
    if not ASKED_CLAUSE:
        return [True] * len(spans)
    unasked = unasked_tokens(text, document)
    if not unasked:
        return [True] * len(spans)
    doc = parsed(text)
    return [any(t.i not in unasked for t in doc if t.idx < end and t.idx + len(t.text) > start) for start, end in spans]


def _unasked_only(text: str, pattern: re.Pattern[str], extra: Sequence[str], document: frozenset[str]) -> bool:
    """Does every phrase the pattern finds in the text, and every `extra` phrase (as typed), lie outside what it asks
    (and is there one)?"""
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    found += [(i, i + len(t)) for t in extra if (i := text.find(t)) >= 0]
    return bool(found) and not any(asked_spans(text, found, document))


def _asked_phrases(text: str, pattern: re.Pattern[str], extra: Sequence[str], document: frozenset[str]) -> list[str]:
    """The phrases the pattern finds in the text, and the `extra` phrases (as typed), that lie in what it asks."""
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    found += [(i, i + len(t)) for t in extra if (i := text.find(t)) >= 0]
    return [text[s:e] for (s, e), ok in zip(found, asked_spans(text, found, document)) if ok]


def missing_answer_kind(
    analysis: Analysis,
    passages: Sequence[str],
    specific: Callable[[str], bool] = lambda _t: True,
    proper: frozenset[str] = frozenset(),
    unused: Callable[[str], bool] = lambda _t: False,
    document: frozenset[str] = frozenset(),
) -> str | None:
    """The kind of answer the question demands when none of the passages gives it for the thing asked about.

    Matching the topic is not enough for a question that asks for a quantity: passages about hourly rates match
    "how many hours" on every word and still do not answer it, and a passage giving some rate does not give the
    turnover rate. `specific` says whether a stem picks out a topic in this corpus (rather than occurring
    everywhere). `proper` holds the words the sources write only as names (lower-case), so a place they name apart
    from others is known. `unused` says whether the sources never use a stem (see PRICED_TASK). `document`: the stems
    of the question's words for the document itself ("article"; see ASKED_CLAUSE).
    Returns a phrase for the reply ("a length of time"), or None when a passage can answer.
    """
    f = analysis.facets
    text = analysis.text
    extra = analysing.ruling_phrases(text) if "ruling" in f else []
    if "ruling" in f and not _unasked_only(text, FACET_PATTERNS["ruling"], extra, document):
        # Each phrase asking for a ruling is one notion: "unauthorized practice" is not met by a passage on
        # unauthorized data access, so a passage must hold every content word of one of the phrases (function
        # words of "is it legal to" or "on the hook" aside), each in a form close to the one asked ("inform" is not
        # met by "information", which shares its stem). A phrase whose words run through most of the corpus
        # ("legal" in a corpus on legal assistants) cannot point at a passage that rules on it.
        asked = [
            [w for w in words(t) if not is_stop(w)]
            for t in _asked_phrases(text, FACET_PATTERNS["ruling"], extra, document)
        ]
        held = [words(p) for p in passages]
        if not any(
            phrase and any(specific(stem(w)) for w in phrase) and all(_holds(ws, w) for w in phrase)
            for phrase in asked
            for ws in held
        ):
            return "a legal or ethical ruling"
    if "duration" in f and not any(DURATION_RE.search(p) for p in passages):
        return "a length of time"
    if "frequency" in f:
        # "How often?" after an answer that said "regularly" asks for more than that answer gave: a frequency only
        # counts from a sentence the last answer did not already quote.
        last = analysis.previous_lead if FREQUENCY_LEAD_SAID and analysing.ANSWER_LINES else analysis.previous_answer
        said = " ".join(last.split()).lower()
        fresh = [u.text for p in passages for u in split_units(p) if " ".join(u.text.split()).lower() not in said]
        # As with a figure, the frequency's sentence must be about what the question specifically asks.
        topic = {t for t in analysis.terms if specific(t)}
        if FREQUENCY_DOINGS:
            # What is done how often: the nouns and infinitive verbs (see Analysis.figure_terms), not the question's
            # own verb ("do we need to…"), and not a noun a demonstrative points back with ("those measures"): the
            # passages were searched with the turn it points at, and the frequency's sentence may name it otherwise.
            back = {stem(n) for n in analysis.pointed}
            topic = {t for t in analysis.figure_terms if specific(t) and t not in back}
        if not any(FREQUENCY_RE.search(t) and (not topic or topic & set(stems(t))) for t in fresh):
            return "a frequency"
    if "extent" in f and not asks_for_figure(analysis):
        # "How much of X?" is answered by a figure about X, or by a sentence on X that bounds it in words ("only
        # what assistants need"); a passage that merely mentions X is no answer to how much of it.
        quantity = replace(analysis, facets=f | {"quantity"})
        if missing_answer_kind(quantity, passages, specific, proper, unused, document) is None:
            return None
        topic = {t for t in analysis.terms if t not in QUANTITY_STEMS and specific(t)}
        if _unasked_only(text, FACET_PATTERNS["extent"], (), document):
            # A way of deciding how much of X ("how do we settle how much of our records they open?") is a rule
            # bounding in words, which may name X in words of its own ("only provide information assistants need"):
            # whether it is about X is left to the support the passage has (see ASKED_CLAUSE).
            topic = set()
        bounded = [
            u.text
            for p in passages
            for u in split_units(p)
            if EXTENT_RE.search(u.text) and (not topic or topic & set(stems(u.text)))
        ]
        if not bounded:
            return "an amount"
    if "date" in f and not any(YEAR_RE.search(p) for p in passages):
        return "a date"
    if not asks_for_figure(analysis):
        return None
    if "count" in f and not (COUNT_OUTSIDE_MONEY and COUNTED_MONEY_RE.search(analysis.text)):
        numeric = [p for p in passages if _gives_count(p)]
        kind = "a number"
    elif "duration" in f:
        numeric = [p for p in passages if DURATION_RE.search(p)]
        kind = "a length of time"
    elif "percent" in f and not f & {"money", "quantity"} and not asks_figure(analysis.text):
        # "What share of paralegals…" wants a share; a salary in dollars is no answer to it.
        numeric = [p for p in passages if PERCENT_RE.search(p)]
        kind = "a percentage"
    else:
        numeric = [p for p in passages if MONEY_RE.search(p) or PERCENT_RE.search(p)]
        kind = "a figure"
    unfiltered = numeric  # the place check reads every figure, as before the filters below
    period = asked_period(analysis.text) if PERIOD_MATCH and kind == "a figure" else None
    if period is not None:
        # A rate per another period ("$15-25 per hour" for "what do they make a year") is not the figure asked.
        numeric = [p for p in numeric if _stated_period(p, period)]
    negated = negated_nouns(analysis.text) if NEGATED_THINGS else set()
    units = asked_units(analysis.text) if UNIT_MATCH and kind == "a figure" else set()
    if not numeric:
        return kind
    # The figure must be about the thing asked: "turnover rate" needs a passage on turnover, and a question on
    # a count of firms needs the count near what it counts.
    things = {_root(t) for t in analysis.thing_terms}
    # Members a share or count is of are named in the figure's own sentence ("savings can range from 30-50%" is a
    # share of savings, not of the firms its paragraph mentions); any other thing, an amount ("overhead", "salary
    # costs"), may be named in the sentence before it, as the figure's subject often is.
    amounts = things - {_root(t) for t in analysis.member_terms}
    # Each figure's sentence as roots, alone and read with the one before it: every check below reads them.
    figures = _figure_sentences(numeric, kind)
    if period is not None:
        figures = [(alone, lead) for alone, lead in figures if _stated_period(alone, period)]
    if negated:
        # "A secretary, not a paralegal": a figure whose own sentence names the thing set aside is about it.
        figures = [(alone, lead) for alone, lead in figures if not negated & _roots(alone)]
    if units:
        # A sum per a unit ("per contract") is stated with that unit in the figure's own sentence.
        figures = [(alone, lead) for alone, lead in figures if units <= _roots(alone)]
    if not figures:
        return kind
    own = [_roots(alone) for alone, _ in figures]
    led = [_roots(with_lead) for _, with_lead in figures]
    if things and not any(things & r for r in own) and not (amounts and any(amounts & r for r in led)):
        return kind
    # A place is named with any of the figures (a rate per another period names its region as well).
    if PLACE_QUALIFIED_FIGURES and _figure_for_other_place(analysis, _figure_sentences(unfiltered, kind), proper):
        return kind
    # A named provider's (or product's) price is stated with its name, in the sentence or the one before it. Only a
    # price: "how much does <the publisher> say firms save" asks for what it says, not for a figure about it.
    owners = [_roots(n.text) for n in analysis.names if n.known and n.kind in OWNER_NAME_LABELS and "money" in f]
    if owners and not any(all(n <= r for n in owners) for r in led):
        return kind
    # Otherwise the figure must share what the question is specifically about: "the cost of drafting a motion"
    # is not answered by an hourly rate for assistants in general, even when the next sentence mentions drafting.
    # The figure's sentence is read with the one before it, which often names its subject ("...eliminating
    # payroll costs. Rates are 50-80% cheaper"); dev: the paragraph answers 1 decline-figure item, the sentence
    # alone refuses 1 answerable item, sentence and lead do neither.
    # Only the words just typed: in a follow-up the earlier turn says about what, not which figure.
    topic = {_root(t) for t in analysis.terms if t not in QUANTITY_STEMS and specific(t)}
    if period is not None:
        topic -= _roots(" ".join(m.group(0) for m in PERIOD_RE.finditer(analysis.text)))  # a unit, not a topic
    topic -= negated
    # Of those, what the amount is of is named by a noun or an infinitive's verb (see Analysis.figure_terms): a
    # question whose other specific words only say how the amount moves or comes about ("how much could a firm trim
    # by hiring help abroad") is answered by a figure that puts that in words of its own ("savings", "cheaper").
    # Dev (357 items): focused 203 -> 205/241, false refusals 7 -> 5, declined 100/111, precision 0.3814 -> 0.3811,
    # swap 0.0451 -> 0.0457; all 336 earlier answers identical, the gain is d10-* 9 -> 11/13 (nouns alone: 11/13; the
    # stated comparison alone: 10/13; a "by <doing>" phrase left out but verbs kept: 10/13 plus the comparison 11/13).
    named = topic & {_root(t) for t in analysis.figure_terms}
    if named and not any(topic & r for r in led) and not _states_comparison(analysis, own):
        return kind
    if POSSESSED_AMOUNT and kind == "a figure" and not _states_comparison(analysis, own):
        owned = possessed_things(analysis.text)
        if owned and not any(any(o & r for o in owned) for r in led):
            return kind
    if PRICED_TASK and not _states_comparison(analysis, own):
        # A task the sources name in few passages, or never: a word running through them all names no task apart.
        tasks = {
            _root(s)
            for t in priced_tasks(analysis.text)
            if (s := stem(t)) not in QUANTITY_STEMS and (specific(s) or unused(s))
        }
        if tasks and not any(tasks & r for r in led):
            return kind
    return None


# Switch: "how" grading an adverb or adjective of time or speed ("how quickly can they start", "how fast do they return
# work", "how late") asks for a length of time, as "how long" and "how soon" do (the only such wordings the facet
# patterns read): those questions were answered with passages holding other figures (the hourly rate) or none. Whether
# the graded word is one of time is read from the embedding model, not from a list: "how <word>" within cosine
# DEGREE_FLOOR of a wording asking for a number (DEGREE_PROTOTYPES) names a measure ("how important", "how reliable",
# "how likely" name none), and one clearly nearer "how soon" than "how many" and "how much" a time. A size ("how big a
# cut in overhead") is left alone: the sources give sizes in words of their own (savings of 30-50%) and nothing here
# tells which figure is of the thing sized (with sizes read as figures, dev lost d7-012). Read for the decline decision
# only (answering._answer), not for choosing what to quote. Round 33 (helper `figure33`), dev 971: no answer changes
# (focused 624/706, declined 253/260, false refusals 14, real-history 117/146); own probes: 4 more of 30 unanswerable
# figure questions declined (how quickly, how fast, how late), none of 21 answerable figure or degree questions refused.
DEGREE_FIGURES = True
# The wordings asking for a number; "long" is a length in space as well as time ("how big" sits nearest it), so it
# says whether a word names a measure, not which.
DEGREE_PROTOTYPES = ("how many", "how much", "how long", "how soon")
# Of those, the one asking for a time, and the ones asking for an amount or a count.
TIME_PROTOTYPE = "how soon"
AMOUNT_PROTOTYPES = ("how many", "how much")
# MiniLM cosine of "how <word>" to its nearest prototype: time, speed and distance words ("quickly" 0.69, "fast" 0.53,
# "far" 0.59, "early" 0.77) sit above it, words of worth or manner ("likely" 0.49, "sure" 0.47, "good" 0.41,
# "important" 0.22) below. Dev ablation: 0.4 and 0.5 leave every dev answer as it was (dev's graded words: "big",
# "well", "important", "so").
DEGREE_FLOOR = 0.5
# How much nearer "how soon" than "how many/much" a word must sit to ask for a time: words of length and distance read
# as both ("far" 0.04: "how far do overheads fall" asks an amount, answered by 30-50%; "old" 0.07, "short" 0.02),
# words of speed and time clearly ("fast" 0.19, "late" 0.28, "quickly" 0.39). At 0 a test question on how far
# overheads fall was refused; dev unchanged at 0 and 0.1.
DEGREE_TIME_MARGIN = 0.1
# Tags of a word "how" grades: adjectives and adverbs, plain or comparative.
DEGREE_TAGS = frozenset(["JJ", "JJR", "RB", "RBR"])
HOW_RE = re.compile(r"\bhow\b", re.I)


def graded_words(text: str) -> list[str]:
    """The adjectives and adverbs "how" grades right after it ("how fast", "how quickly"), lower-case; the wordings the
    facet patterns read already ("how much", "how long") aside."""
    if not HOW_RE.search(text):
        return []
    return [
        t.head.lower_
        for t in parsed(text)
        if t.lower_ == "how"
        and t.dep_ == "advmod"
        and t.head.i == t.i + 1
        and t.head.tag_ in DEGREE_TAGS
        and f"how {t.head.lower_}" not in DEGREE_PROTOTYPES
    ]


# Switch: a figure asked per a period of time ("a year", "hourly", "monthly": one period named in the question) is
# given only by a figure's sentence stating that period or none: "$15-25 per hour" is not what someone makes a year,
# nor "$60K annually" an hourly rate. The period's words are a unit, not what the figure is of. The place check
# (_figure_for_other_place) still reads every figure: a rate per another period may be the one naming the place asked.
# Round 29 (helper `decl29`), dev 971 with NEGATED_THINGS: declined 247 -> 249/260 (+d13-092 by this alone, +d16-091
# with NEGATED_THINGS), every other answer identical (focused 611/706, false refusals 16, precision 0.3407);
# real-history follow-ups 117/146 unchanged. Of 22 figure probes of our own, 3 more declined (a monthly and a daily
# cost the article gives only per hour, a monthly salary for a place), none of the 12 answerable ones refused.
PERIOD_MATCH = True
# English's units of a rate by time and the adjectives and adverbs formed on them (a closed class), each as its unit.
PERIOD_UNITS = {
    "hour": "hour",
    "hourly": "hour",
    "day": "day",
    "daily": "day",
    "week": "week",
    "weekly": "week",
    "month": "month",
    "monthly": "month",
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "annum": "year",
}
PERIOD_RE = re.compile(
    r"\b(?:per|a|an|each|every)\s+(hour|day|week|month|year|annum)\b|\b(hourly|daily|weekly|monthly|yearly|annual|annually)\b",
    re.I,
)


def _periods(text: str) -> set[str]:
    return {PERIOD_UNITS[(m.group(1) or m.group(2)).lower()] for m in PERIOD_RE.finditer(text)}


def asked_period(text: str) -> str | None:
    """The one period of time a figure is asked per ("a year", "hourly"), or None (none, or several)."""
    found = _periods(text)
    return next(iter(found)) if len(found) == 1 else None


def _stated_period(text: str, period: str) -> bool:
    """Does the text state the period, or no period at all?"""
    found = _periods(text)
    return not found or period in found


FIGURE_KIND = "a figure"  # what a question naming a sum's basis asks for, as the decline names it


def figure_for_other_period(text: str, lead: Sequence[str]) -> bool:
    """Does a "what" question naming one period of time for what it asks ("a monthly <something>") get an answer
    opening with a sum of money stated per another period only ("$60K annually" for a monthly sum), though it did not
    read as asking for a figure (its noun is no word for an amount the wording knows)? The basis it names is the one
    the sum it asks about is on (see answering.ASKED_FOCUS)."""
    period = asked_period(text)
    if period is None or not _wh_question(text):
        return False
    # The period must qualify what "what" asks for ("what's a typical <monthly> retainer"), not something the question
    # only mentions ("should we hold weekly meetings?").
    if not any(c.dep_ == "amod" and c.lower_ in PERIOD_UNITS for h in clause_heads(parsed(text)) for c in h.children):
        return False
    sums = [t for t in lead if MONEY_RE.search(t)]
    return bool(sums) and not any(_stated_period(t, period) for t in sums)


# Switch: a figure asked per a unit that is not a period of time ("per contract", "for each assistant": the noun
# "per" takes, or a noun set apart by "each"/"every" that a preposition takes, read from the parse) is given only by a
# figure whose own sentence names that unit: "$15-25 per hour" is no price per contract, nor "$60K annually" what
# office space costs per employee. A question asking a sum of money ("money" facet) per such a unit and opening with
# "what" asks for a figure though its wording names no rate. Round 32 (helper `figure32`), dev 971: no answer changes
# (read first with "how" and any "per", it refused 3 answerable items: "per the article", "hourly or per project?");
# of our own probes, 2 more figure declines declined (a price per contract, office space per employee), none of 18
# answerable figure probes refused.
UNIT_MATCH = True
# Determiners that set one unit apart from the rest (a closed class): "for each assistant", "every employee".
DISTRIBUTIVE_DETS = frozenset(["each", "every"])
# "What" opening the question: "how should we pay them, hourly or per project?" asks a way, not a sum.
WH_RE = re.compile(r"^\W*what\b", re.I)


def _wh_question(text: str) -> bool:
    return bool(WH_RE.search(text))


def asked_units(text: str) -> set[str]:
    """Roots of the nouns a figure is asked per ("per contract", "for each in-house assistant"), periods of time
    aside (PERIOD_MATCH reads those)."""
    if not re.search(r"\b(?:per|each|every)\b", text, re.I):
        return set()
    out = set()
    for tok in parsed(text):
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in PERIOD_UNITS or tok.lemma_.lower() in PERIOD_UNITS:
            continue
        # "Per" as a rate takes a bare noun; with a determiner it names a source ("per the article").
        by_per = (
            tok.dep_ == "pobj" and tok.head.lower_ == "per" and not any(c.dep_ in ("det", "poss") for c in tok.children)
        )
        each = tok.dep_ == "pobj" and any(c.dep_ == "det" and c.lower_ in DISTRIBUTIVE_DETS for c in tok.children)
        if by_per or each:
            out.add(_root(stem(tok.lower_)))
    return out


# Switch: a thing a noun owns ("a paralegal's health insurance", "the firm's office rent": a noun with a possessive
# noun, read from the parse) is what a figure asked about it is of: a figure whose sentence (or the one before) names
# only the owner ("a US-based paralegal may earn $60K") is the owner's, not the thing's. A quantity owned ("a
# paralegal's salary", "the team's cost advantage") asks the owner's own figure and is left to the other checks.
# Round 32 (helper `figure32`), dev 971: no answer changes; probes of our own: +1 decline (an owned insurance's cost),
# none of 18 answerable figure probes refused (with an owned quantity compound counted, "cost advantage" was).
POSSESSED_AMOUNT = True


def possessed_things(text: str) -> list[set[str]]:
    """For each noun a noun owns in the question, the roots of its phrase's own nouns (compounds and head), quantity
    nouns aside ("health insurance" -> {health, insur})."""
    if "'" not in text and "’" not in text:
        return []
    out = []
    for tok in parsed(text):
        if tok.pos_ != "NOUN" or not any(c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN") for c in tok.children):
            continue
        nouns = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "NOUN"] + [tok]
        if any(stem(n.lower_) in QUANTITY_STEMS for n in nouns):
            continue  # a quantity ("salary", "cost advantage"): the owner's own figure
        roots = {_root(stem(n.lower_)) for n in nouns if not is_stop(n.lower_)} - {_root(q) for q in QUANTITY_STEMS}
        if roots:
            out.append(roots)
    return out


# Switch: a thing the question sets aside ("a secretary, not a paralegal": a noun negated by "not") is not what
# the figure asked for is of: a figure whose own sentence names it is dropped, and it is no topic word. Round 29, dev
# 971: +d16-091 with PERIOD_MATCH (alone it still answers with the hourly rate for assistants), no other change.
NEGATED_THINGS = True


def negated_nouns(text: str) -> set[str]:
    """Roots of the nouns a question negates ("not a paralegal"), read from the parse."""
    lowered = text.lower()
    if "not" not in lowered and "n't" not in lowered:
        return set()
    out = set()
    doc = parsed(text)
    for t in doc:
        if t.dep_ != "neg":
            continue
        # The noun phrase "not" opens: past determiners and adjectives, its nouns up to the last (the tagger's tags;
        # the parser hangs "not" on the noun or on its verb alike). A verb next ("does not cost") negates no thing.
        j = t.i + 1
        while j < len(doc) and doc[j].tag_ in ("DT", "PRP$", "JJ"):
            j += 1
        while j < len(doc) and doc[j].tag_ in ("NN", "NNS"):
            out.add(_root(stem(doc[j].lower_)))
            j += 1
    return out


# Switch: a figure asked for a task ("spend on recruiting a paralegal", "cost to train an assistant": a gerund or the
# verb of a "to" infinitive, outside a "by <doing>" phrase, as Analysis.figure_terms reads them) is the price of that
# task: a figure whose sentence (or the one before) names only the person or thing the task is done to ("a US-based
# paralegal may earn $60K") is not it. Before, any specific word of the question shared with the figure's sentence
# let it answer. Only a task the sources name in few passages or never (a word running through them all, as
# "outsourcing", names none apart). Round 29, dev 971: no answer changes (read first as any gerund, it refused 7
# answerable items, "the going rate", "has it been going on": hence TASK_DEPS and no auxiliary); probes of our own:
# 2 more declined (the price of recruiting, of onboarding), no answerable probe refused.
PRICED_TASK = True
# The parser's relations of a gerund used as a noun: taken by a preposition or a verb, or the subject of one.
TASK_DEPS = frozenset(["pcomp", "pobj", "dobj", "nsubj", "nsubjpass", "csubj"])


def priced_tasks(text: str) -> list[str]:
    """The words (lower-case) naming the task a figure asked for is the price of: gerunds and "to" infinitives, outside
    a "by <doing>" phrase (see analysis._figure_terms), not stop words."""
    doc = parsed(text)
    out = []
    for tok in analysing.outside_means(doc):
        # A gerund standing as a noun does (what a preposition or verb takes, or a subject): not the question's own
        # verb in a progressive ("has it been going on"), nor an adjective ("the going rate").
        named = tok.tag_ == "VBG" and tok.dep_ in TASK_DEPS and not any(c.dep_ == "aux" for c in tok.children)
        task = named or (tok.tag_ == "VB" and tok.i > 0 and doc[tok.i - 1].tag_ == "TO")
        if task and not is_stop(tok.lower_):
            out.append(tok.lower_)
    return out


def _states_comparison(analysis: Analysis, own: Sequence[set[str]]) -> bool:
    """Does a figure's own sentence (`own`: each as roots) state the comparison asked ("50-80% cheaper" for "how much
    cheaper does it come out to use…")? It then answers "how much", whatever the question adds about how the saving
    is had."""
    measure = {_root(m) for m in analysis.measure}
    return bool(measure) and any(measure & r for r in own)


def missing_comparison(analysis: Analysis, texts: Sequence[str], named: Callable[[str], bool]) -> str | None:
    """A comparison of two things the sources write as names, on a measure ("is X cheaper than Y?"), is answered
    only by a passage (a chunk's text) that names both and the measure; two products named in one list are not
    compared on price. `named` says whether the sources write a word only as a name: a name has no paraphrase,
    while everyday sides ("employees", "in-house staff") and their comparison ("more swiftly") may be put in other
    words. Returns "a comparison", or None when a passage can answer or the question compares no two names on a
    measure."""
    if not analysis.alternatives or not analysis.measure:
        return None
    typed = [[w for w in words(side) if not is_stop(w)] for side in analysis.alternatives[:2]]
    if not all(side and any(named(w) for w in side) for side in typed):
        return None
    sides = [{stem(w) for w in side} for side in typed]
    measure = set(analysis.measure)
    for text in texts:
        held = set(stems(text))
        if measure & held and all(side <= held for side in sides):
            return None
    return "a comparison"


def _figure_for_other_place(analysis: Analysis, figures: Sequence[tuple[str, str]], proper: frozenset[str]) -> bool:
    """Is the only figure for what the question's place qualifies stated for another place ("a US-based paralegal
    may earn $60K" for "what does a Canadian paralegal make")? Only a place the sources write as a name counts (they
    name it apart from the others), and only a figure's own sentence naming another place as the qualifier of the
    same noun rules the figure out: a figure naming no place is about the thing in general ("firms can save 30-50%"
    answers "how much can US firms save"), and one for the place asked, in its sentence or the one before, answers."""
    places = [n.text for n in analysis.names if n.known and n.kind in PLACE_LABELS and _is_proper_place(n.text, proper)]
    if not places:
        return False
    question: Any = None
    stated: list[Any] = []  # the figures' own sentences, read once for all the places asked
    for place in places:
        if any(_names_place(words(with_lead), place) for _, with_lead in figures):
            continue
        question = question if question is not None else nlp(analysis.text)
        asked = _qualified_nouns(question, place)
        if not asked:
            continue
        stated = stated or [nlp(alone) for alone, _ in figures]
        if any(
            asked & _qualified_nouns(doc, ent.text)
            for doc in stated
            for ent in doc.ents
            if ent.label_ in PLACE_LABELS and not _names_place(words(ent.text), place)
        ):
            return True
        # A sum asked ("salary", "cost", no share or comparison) is given by the sums of money only: a share ("savings
        # of 30-50%") is no salary, for any place.
        sums = "money" in analysis.facets and not analysis.facets & {"percent"} and not analysis.measure
        of_kind = [doc for doc, (alone, _) in zip(stated, figures) if not sums or MONEY_RE.search(alone)]
        if (
            PLACE_EVERY_FIGURE
            and of_kind
            and all(
                any(ent.label_ in PLACE_LABELS and not _names_place(words(ent.text), place) for ent in doc.ents)
                for doc in of_kind
            )
        ):
            return True
    return False


def _same_place_word(a: str, b: str) -> bool:
    # The same word, or a place's name and its adjective, read as Analyser.known reads them (see same_place_root).
    return a == b or same_place_root(a, b)


def _is_proper_place(name: str, proper: frozenset[str]) -> bool:
    """Does the corpus write every word of the place's name (or its adjective form) only as a name?"""
    toks = [w for w in words(name) if not is_stop(w)]
    return bool(toks) and all(any(_same_place_word(w, p) for p in proper) for w in toks)


def _names_place(text_words: Sequence[str], place: str) -> bool:
    """Do the words name the place, by its name or its adjective ("Canada" for "Canadian")?"""
    toks = [w for w in words(place) if not is_stop(w)] or words(place)  # "US" reads as the stop word "us"
    return bool(toks) and all(any(_same_place_word(w, v) for v in text_words) for w in toks)


def _qualified_nouns(doc: Any, place: str) -> set[str]:
    """Roots of the nouns the place qualifies in a Doc: the head of the noun phrase it opens ("US-based paralegal",
    "Canadian legal assistants"), or the noun before the preposition leading into it ("a paralegal in Canada")."""
    out = set()
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS or not _names_place(words(ent.text), place):
            continue
        # Every noun of the phrase it opens: the tagger often reads the verb after it as a noun ("paralegal make").
        heads = []
        for tok in doc[ent.end : ent.end + QUALIFIER_SPAN]:
            if tok.tag_ not in QUALIFIER_TAGS:
                break
            if tok.tag_ in ("NN", "NNS"):
                heads.append(tok)
        before = doc[ent.start - 2 : ent.start]
        if not heads and len(before) == 2 and before[1].tag_ == "IN" and before[0].tag_ in ("NN", "NNS"):
            heads.append(before[0])
        if PLACE_POSSESSOR:
            heads += [p for h in heads if (p := _possessor(doc, h.i)) is not None]
        out.update(_root(stem(h.lower_)) for h in heads)
    return out


def _possessor(doc: Any, i: int) -> Any:
    """The noun owning the noun at `i` by a possessive ending, past its adjectives ("paralegal 's annual salary"), read
    from tags (the figures' Docs carry no parse), or None."""
    j = i - 1
    while j > 0 and doc[j].tag_ in ("JJ", "JJR", "JJS", "NN"):
        j -= 1
    if j > 0 and doc[j].tag_ == "POS" and doc[j - 1].tag_ in ("NN", "NNS"):
        return doc[j - 1]
    return None


def _figure_sentences(passages: Sequence[str], kind: str) -> list[tuple[str, str]]:
    """The sentences (and list items) of the passages that give a figure of the kind asked for, each alone and read
    with the sentence before it, which often names what the figure is about."""
    found = {
        "a number": _gives_count,
        "a length of time": lambda t: DURATION_RE.search(t),
        "a percentage": lambda t: PERCENT_RE.search(t),
    }.get(kind, lambda t: MONEY_RE.search(t) or PERCENT_RE.search(t))
    out = []
    for p in passages:
        units = split_units(p)
        for i, u in enumerate(units):
            if found(u.text):
                out.append((u.text, f"{units[i - 1].text} {u.text}" if i > 0 else u.text))
    return out


def _root(stem_: str) -> str:
    """A stem with a final doubled consonant made single: Snowball undoubles one only when it strips an ending
    ("staffing" -> "staf", "staff" -> "staff"), so the noun and its -ing form would otherwise never meet."""
    if len(stem_) > 3 and stem_[-1] == stem_[-2] and stem_[-1] not in "aeiouy":
        return stem_[:-1]
    return stem_


def _roots(text: str) -> set[str]:
    return {_root(s) for s in stems(text)}


def holds_form(passage_words: Sequence[str], word: str) -> bool:
    """Does the text (its words) use the word in a form close to it (see _holds)?"""
    return _holds(passage_words, word)


def _holds(passage_words: Sequence[str], word: str) -> bool:
    """Does the passage use the word, in a form sharing its stem and close to its length ("ethic" for "ethical")?
    A participle asked ("allowed") is met by a participle only (see RULING_PARTICIPLE)."""
    root = stem(word)
    participle = RULING_PARTICIPLE and word.endswith("ed")
    return any(
        stem(w) == root and abs(len(w) - len(word)) <= RULING_FORM_SLACK and (not participle or w.endswith("ed"))
        for w in passage_words
    )


# The dependencies that open a clause of its own under the word they hang on: a relative, adverbial or complement
# clause says something about the main one ("the best way <to ask my boss>", "<when the helpers are away>") and
# does not say what the question asks about.
CLAUSE_DEPS = frozenset(["relcl", "advcl", "ccomp", "xcomp", "acl", "csubj", "csubjpass", "pcomp", "parataxis"])
# A noun hanging on the main verb by these tells when or how long ("all day", "this week"), not what is asked about.
CIRCUMSTANCE_DEPS = frozenset(["npadvmod", "poss", "appos"])
WH_DETERMINER_TAGS = frozenset(["WDT", "WP", "WP$"])  # spaCy's tags of "which/what <noun>" and "whose <noun>"


def clause_heads(doc: Any) -> list[Any]:
    """The head nouns of a question's main clause: the nouns its main verb takes as subject, object or complement,
    directly or through a preposition ("wear <to an interview>"), with those joined to them by "and"/"or". A noun
    qualifying another ("a gift <for a client>", "a <cover> letter") is that noun's modifier, not a head, and none
    under a clause of its own (see CLAUSE_DEPS) counts; the main verb is the root and any verb it is joined to."""

    def in_main(t: Any) -> bool:
        while t.dep_ != "ROOT" and t.head.i != t.i:
            if t.dep_ in CLAUSE_DEPS:
                return False
            t = t.head
        return True

    def governor(t: Any) -> Any:
        # A preposition's object hangs on what the preposition does: "for a client" on "gift", "to a job" on "wear".
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        head = t.head
        while head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head
        return t, head

    out = []
    for t in doc:
        if t.pos_ != "NOUN" or not in_main(t):
            continue
        first, head = governor(t)
        on_verb = first.dep_ not in CIRCUMSTANCE_DEPS and head.pos_ in ("VERB", "AUX") and in_main(head)
        if first.dep_ == "ROOT" or on_verb:
            out.append(t)
    return out


def frames_asker(noun: Any) -> bool:
    """Does a head noun of the main clause (see clause_heads) name who acts or for whom, not what is asked: the subject
    of a main verb that is no copula and asks nothing by a wh-word of its own ("how can <a lawyer> improve…"), or a
    noun a preposition takes ("best <for legal assistants>")? The subject of "be" ("what desk chairs are best…") and
    one a wh-word picks ("which firms…") are what is asked."""
    if noun.dep_ == "pobj":
        return True
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.pos_ == "AUX":
        return False
    return not any(c.tag_ in WH_DETERMINER_TAGS for c in noun.children)


def takes_clause(doc: Any) -> bool:
    """Does the question's main verb take a clause of its own (see CLAUSE_DEPS): "what's behind the push <to
    outsource…>", "<when vetting providers>, should we…"? What such a question asks about runs into that clause, so
    the main clause's nouns alone do not say it (the parser hangs an infinitive after a noun on the verb as often)."""
    return any(c.dep_ in CLAUSE_DEPS for t in doc if t.dep_ == "ROOT" for c in t.children)


def frames_content(noun: Any) -> bool:
    """Does the noun frame what is asked rather than name it: it takes a clause ("the push <to outsource>", "numbers
    <to compare>"), a doing through a preposition ("the formula <for getting it right>") or an "of" phrase ("the point
    <of having an assistant>"), which says what the question is about?"""
    for c in noun.children:
        if c.dep_ in CLAUSE_DEPS:
            return True
        if c.dep_ == "prep" and (
            c.lower_ == "of" or any(g.dep_ in CLAUSE_DEPS or g.pos_ in ("VERB", "AUX") for g in c.children)
        ):
            return True
    return False
