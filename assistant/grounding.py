"""Deciding whether the corpus can answer at all: rule-override attempts and question terms it never mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import STOPWORDS, WORD_RE, content_words, edit_distance_at_most, expand, stem, typo_limit

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

# Named places and regulations a user may ask about in lower case; a question naming one the corpus never
# mentions is outside it however well the rest of the question matches.
ENTITIES = frozenset(
    [
        "afghanistan",
        "albania",
        "algeria",
        "argentina",
        "armenia",
        "australia",
        "austria",
        "bangladesh",
        "belarus",
        "belgium",
        "bolivia",
        "bosnia",
        "brazil",
        "bulgaria",
        "cambodia",
        "cameroon",
        "canada",
        "chile",
        "china",
        "colombia",
        "costa",
        "croatia",
        "cuba",
        "cyprus",
        "czech",
        "czechia",
        "denmark",
        "dominican",
        "ecuador",
        "egypt",
        "england",
        "estonia",
        "ethiopia",
        "finland",
        "france",
        "georgia",
        "germany",
        "ghana",
        "greece",
        "guatemala",
        "honduras",
        "hungary",
        "iceland",
        "india",
        "indonesia",
        "iran",
        "iraq",
        "ireland",
        "israel",
        "italy",
        "jamaica",
        "japan",
        "jordan",
        "kazakhstan",
        "kenya",
        "korea",
        "kosovo",
        "latvia",
        "lebanon",
        "lithuania",
        "luxembourg",
        "malaysia",
        "malta",
        "mexico",
        "moldova",
        "mongolia",
        "morocco",
        "nepal",
        "netherlands",
        "zealand",
        "nicaragua",
        "nigeria",
        "norway",
        "pakistan",
        "panama",
        "paraguay",
        "peru",
        "philippines",
        "poland",
        "portugal",
        "romania",
        "russia",
        "rwanda",
        "scotland",
        "senegal",
        "serbia",
        "singapore",
        "slovakia",
        "slovenia",
        "somalia",
        "spain",
        "sri",
        "lanka",
        "sudan",
        "sweden",
        "switzerland",
        "syria",
        "taiwan",
        "tanzania",
        "thailand",
        "tunisia",
        "turkey",
        "uganda",
        "ukraine",
        "uruguay",
        "uzbekistan",
        "venezuela",
        "vietnam",
        "wales",
        "yemen",
        "zambia",
        "zimbabwe",
        "uk",
        "britain",
        "european",
        "europe",
        "asia",
        "africa",
        "oceania",
        "latin",
        "caribbean",
        "american",
        "americans",
        "australian",
        "brazilian",
        "british",
        "canadian",
        "chilean",
        "chinese",
        "colombian",
        "dutch",
        "english",
        "european",
        "filipino",
        "french",
        "german",
        "indian",
        "irish",
        "italian",
        "japanese",
        "kenyan",
        "mexican",
        "nigerian",
        "pakistani",
        "peruvian",
        "polish",
        "russian",
        "spanish",
        "swiss",
        "ukrainian",
        "vietnamese",
        "alabama",
        "alaska",
        "arizona",
        "arkansas",
        "california",
        "colorado",
        "connecticut",
        "delaware",
        "florida",
        "hawaii",
        "idaho",
        "illinois",
        "indiana",
        "iowa",
        "kansas",
        "kentucky",
        "louisiana",
        "maine",
        "maryland",
        "massachusetts",
        "michigan",
        "minnesota",
        "mississippi",
        "missouri",
        "montana",
        "nebraska",
        "nevada",
        "ohio",
        "oklahoma",
        "oregon",
        "pennsylvania",
        "tennessee",
        "texas",
        "utah",
        "vermont",
        "virginia",
        "washington",
        "wisconsin",
        "wyoming",
        "london",
        "paris",
        "berlin",
        "tokyo",
        "toronto",
        "manila",
        "mumbai",
        "bangalore",
        "bogota",
        "lima",
        "gdpr",
        "hipaa",
        "ccpa",
        "cpra",
        "sox",
        "glba",
        "ferpa",
        "pipeda",
        "lgpd",
        "dpa",
        "aba",
        "iso",
        "soc2",
        "nist",
        "pci",
    ]
)

NUMBER_RE = re.compile(r"\d")

TIME_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?)"
# "How long…", "how many hours…": the answer is a length of time, not any passage that mentions the topic.
ASKS_DURATION_RE = re.compile(rf"\bhow\s+(?:long\b|many\s+{TIME_UNIT}\b)", re.I)
# A number of time units ("40 hours", "2-3 billable weeks"); "$15-25 per hour" is a price, not a duration.
DURATION_RE = re.compile(
    rf"\b\d[\d.,]*(?:\s*(?:-|–|to)\s*\d[\d.,]*)?\s+(?!per\b|an?\b|each\b)(?:[a-z]+\s+)?{TIME_UNIT}\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few)\s+" + TIME_UNIT + r"\b",
    re.I,
)


@dataclass(frozen=True)
class Coverage:
    """How much of a question the corpus vocabulary covers."""

    focus: list[str]  # the question's topic words
    missing_entities: list[str]  # names and figures the corpus never mentions
    missing_words: list[str]  # other topic words with no match, synonym or near-spelling in the corpus

    @property
    def covered(self) -> bool:
        """False when the question asks about something the sources do not contain."""
        if not self.focus:
            return False
        if self.missing_entities:
            return False
        # One unknown everyday word is tolerated (people phrase things their own way); more is a new topic.
        return len(self.missing_words) <= max(0, (len(self.focus) - 1) // 2)


def looks_like_injection(question: str) -> bool:
    """Does the question try to change the rules rather than ask about the sources?"""
    return bool(INJECTION_RE.search(question))


@lru_cache(maxsize=16384)
def known(word: str, vocabulary: frozenset[str]) -> bool:
    """Is the word, its stem, a synonym or a near-spelling of it in the corpus vocabulary?"""
    s = stem(word)
    if word in vocabulary or s in vocabulary or any(x in vocabulary for x in expand(s)):
        return True
    return _nearest(word, vocabulary) is not None


@lru_cache(maxsize=8192)
def _nearest(word: str, vocabulary: frozenset[str]) -> str | None:
    """The closest corpus word within the typo limit for the word's length (fewest edits, then alphabetical)."""
    limit = typo_limit(word)
    if limit == 0 or NUMBER_RE.search(word):
        return None
    bucket = _by_initial(vocabulary).get(word[:1], ())
    for d in range(1, limit + 1):
        near = sorted(v for v in bucket if abs(len(v) - len(word)) <= d and edit_distance_at_most(word, v, d))
        if near:
            return near[0]
    return None


@lru_cache(maxsize=4)
def _by_initial(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Alphabetic vocabulary words grouped by first letter (a misspelling rarely changes the first letter).

    One vocabulary per index build, so a tiny cache holds the current one and its predecessor.
    """
    groups: dict[str, list[str]] = {}
    for v in vocabulary:
        if v.isalpha():
            groups.setdefault(v[:1], []).append(v)
    return {k: tuple(sorted(g)) for k, g in groups.items()}


def correct_spelling(question: str, vocabulary: frozenset[str]) -> str:
    """Replace misspelt topic words with the corpus word they are one or two edits from ("benifits")."""
    return WORD_RE.sub(lambda m: _corrected(m.group(0), vocabulary), question)


@lru_cache(maxsize=8192)
def _corrected(word: str, vocabulary: frozenset[str]) -> str:
    """The corpus spelling of one word, or the word itself."""
    low = word.lower()
    if low in STOPWORDS or low in vocabulary or stem(low) in vocabulary or low in ENTITIES:
        return word
    if any(x in vocabulary for x in expand(stem(low))):
        return word
    return _nearest(low, vocabulary) or word


@lru_cache(maxsize=4096)
def _entity_known(word: str, vocabulary: frozenset[str]) -> bool:
    if word in vocabulary or stem(word) in vocabulary:
        return True
    # "Canada" is met by "Canadian", "US" by "US-based": compare the shared root of the name.
    root = word[: max(4, len(word) - 3)]
    return len(word) > 4 and any(v.startswith(root) for v in vocabulary)


def coverage(question: str, vocabulary: frozenset[str]) -> Coverage:
    """Split the question's topic words into covered, missing names/figures and missing other words."""
    focus = content_words(question)
    missing_entities, missing_words = [], []
    for w in dict.fromkeys(focus):
        is_entity = w in ENTITIES or bool(NUMBER_RE.search(w))
        if is_entity:
            if not _entity_known(w, vocabulary):
                missing_entities.append(w)
        elif not known(w, vocabulary):
            missing_words.append(w)
    return Coverage(list(dict.fromkeys(focus)), missing_entities, missing_words)


def missing_answer_type(question: str, passages: list[str]) -> str | None:
    """What kind of answer the question demands when none of the passages can give it, else None.

    Matching the topic is not enough for a question that asks for a quantity of a particular kind: passages about
    hourly rates match "how many hours" on every word and still do not answer it.
    """
    if ASKS_DURATION_RE.search(question) and not any(DURATION_RE.search(p) for p in passages):
        return "a length of time"
    return None


def focus_terms(question: str) -> dict[str, frozenset[str]]:
    """Each topic stem of the question with the stems that may stand for it in a passage (itself included)."""
    return {stem(w): expand(stem(w)) for w in content_words(question)}


__all__ = [
    "Coverage",
    "correct_spelling",
    "coverage",
    "focus_terms",
    "known",
    "looks_like_injection",
    "missing_answer_type",
]
