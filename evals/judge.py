"""A deterministic support judge: does a cited passage back a statement? Used for ALCE-style citation scores."""

from __future__ import annotations

import re

from assistant.text import content_words, stem

NUMBER_RE = re.compile(r"\$?\d[\d,.]*(?:-\d[\d,.]*)?[kK%]?")
ENTITY_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+\b")
NEGATIONS = frozenset(
    ["not", "no", "never", "cannot", "can't", "don't", "doesn't", "isn't", "aren't", "won't", "without", "none"]
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _numbers(text: str) -> set[str]:
    return {m.group(0).rstrip(".,") for m in NUMBER_RE.finditer(text)}


def _entities(text: str) -> set[str]:
    return {m.group(0) for m in ENTITY_RE.finditer(text)}


def _negated(text: str) -> bool:
    return any(w in NEGATIONS for w in re.findall(r"[a-z']+", text.lower()))


def supports(passage: str, statement: str, min_overlap: float = 0.8) -> bool:
    """True when the passage states the statement: its content words (by stem), every number and name, and
    the same polarity. Verbatim containment is support by definition."""
    p, s = _norm(passage), _norm(statement)
    if not s:
        return True
    if s in p:
        return True
    s_words = {stem(w) for w in content_words(s)}
    p_words = {stem(w) for w in content_words(p)}
    if not s_words:
        return False
    overlap = len(s_words & p_words) / len(s_words)
    if overlap < min_overlap:
        return False
    if not _numbers(s) <= _numbers(p):
        return False
    if not _entities(s) <= _entities(p) | {e for e in _entities(s) if e.lower() in p.lower()}:
        return False
    return _negated(s) == _negated(p) or not _negated(s)


def perturbations(sentence: str, other: str) -> list[tuple[str, str]]:
    """Unsupported variants of a sentence with the kind of change: numbers, negation, names, topic."""
    out: list[tuple[str, str]] = []
    nums = list(NUMBER_RE.finditer(sentence))
    if nums:
        m = nums[0]
        digits = re.sub(r"\d", lambda d: str((int(d.group(0)) + 3) % 10), m.group(0))
        out.append(("number", sentence[: m.start()] + digits + sentence[m.end() :]))
    for verb, neg in (
        (" can ", " cannot "),
        (" is ", " is not "),
        (" are ", " are not "),
        (" should ", " should not "),
        (" may ", " may not "),
        (" often ", " never "),
        (" provides ", " never provides "),
    ):
        if verb in sentence:
            out.append(("negation", sentence.replace(verb, neg, 1)))
            break
    else:
        out.append(("negation", "It is not true that " + sentence[0].lower() + sentence[1:]))
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
        out.append(("entity", re.sub(rf"\b{re.escape(e)}\b", swap.get(e, "Germany"), sentence, count=1)))
    out.append(("topic", other))
    return out
