"""A deterministic support judge: does a cited passage back a statement? Used for ALCE-style citation scores.

It tokenises on its own (Snowball stems, spaCy's English stop words) rather than through the product's analysis,
so a change to how the assistant reads questions cannot quietly change how its answers are judged.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from assistant.language import stop_words

NUMBER_RE = re.compile(r"\$?\d[\d,.]*(?:-\d[\d,.]*)?[kK%]?")
ENTITY_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+\b")
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
NEGATIONS = frozenset(
    ["not", "no", "never", "cannot", "can't", "don't", "doesn't", "isn't", "aren't", "won't", "without", "none", "nor"]
)
_STEMMER = Stemmer.Stemmer("english")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=8192)
def _content(text: str) -> frozenset[str]:
    toks = WORD_RE.findall(text.lower().replace("’", "'"))
    stop = stop_words()
    return frozenset(_STEMMER.stemWord(t) for t in toks if t not in stop and t not in NEGATIONS and len(t) > 1)


def _numbers(text: str) -> set[str]:
    return {m.group(0).rstrip(".,") for m in NUMBER_RE.finditer(text)}


def _entities(text: str) -> set[str]:
    return {m.group(0) for m in ENTITY_RE.finditer(text)}


def _negations(text: str) -> int:
    return sum(w in NEGATIONS for w in re.findall(r"[a-z']+", text.lower().replace("’", "'")))


def supports(passage: str, statement: str, min_overlap: float = 0.8) -> bool:
    """True when the passage states the statement: its content words (by stem), every number and name, and
    the same polarity either way (adding or dropping a negation both change what is said). Verbatim
    containment is support by definition."""
    p, s = _norm(passage), _norm(statement)
    if not s:
        return True
    if s in p:
        return True
    s_words, p_words = _content(s), _content(p)
    if not s_words:
        return False
    if len(s_words & p_words) / len(s_words) < min_overlap:
        return False
    if not _numbers(s) <= _numbers(p):
        return False
    if not _entities(s) <= _entities(p) | {e for e in _entities(s) if e.lower() in p.lower()}:
        return False
    return (_negations(s) % 2) == (_negations(p) % 2)


NEGATE = (
    (" can ", " cannot "),
    (" is ", " is not "),
    (" are ", " are not "),
    (" should ", " should not "),
    (" may ", " may not "),
    (" often ", " never "),
    (" provides ", " never provides "),
)


def negated(sentence: str) -> str:
    """The sentence with its first verb negated (or prefixed with a denial)."""
    for verb, neg in NEGATE:
        if verb in sentence:
            return sentence.replace(verb, neg, 1)
    return "It is not true that " + sentence[0].lower() + sentence[1:]


def perturbations(sentence: str, other: str) -> list[tuple[str, str, str]]:
    """Unsupported (passage, statement) variants of a sentence with the kind of change.

    "negation" adds a negation to the statement; "negation-dropped" gives a negated passage and the plain
    statement, which a judge that only checks one direction of polarity wrongly accepts.
    """
    out: list[tuple[str, str, str]] = []
    nums = list(NUMBER_RE.finditer(sentence))
    if nums:
        m = nums[0]
        digits = re.sub(r"\d", lambda d: str((int(d.group(0)) + 3) % 10), m.group(0))
        out.append(("number", sentence, sentence[: m.start()] + digits + sentence[m.end() :]))
    out.append(("negation", sentence, negated(sentence)))
    out.append(("negation-dropped", negated(sentence), sentence))
    ents = [e for e in _entities(sentence) if e not in {"The", "A", "This", "For", "While", "With", "When"}]
    if ents:
        swap = {
            "Colombia": "Mexico",
            "Peru": "India",
            "Spanish": "French",
            "English": "German",
            "US": "UK",
            "Westlaw": "Bloomberg",
            "LexisNexis": "Casetext",
            "Legal": "Medical",
        }
        e = ents[0]
        out.append(("entity", sentence, re.sub(rf"\b{re.escape(e)}\b", swap.get(e, "Germany"), sentence, count=1)))
    out.append(("topic", sentence, other))
    return out
