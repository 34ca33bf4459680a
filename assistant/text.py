"""Pure text helpers: question cleaning, word normalisation, synonyms and sentence segmentation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|\$?\d[\d,.]*[k%]?", re.I)

# Function words and request verbs carry no topic; a question made only of them has no focus.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "i'd",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "let's",
        "me",
        "more",
        "most",
        "mustn't",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "shan't",
        "she",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we're",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "tell",
        "explain",
        "describe",
        "list",
        "give",
        "show",
        "summarize",
        "summarise",
        "say",
        "says",
        "said",
        "mention",
        "mentions",
        "mentioned",
        "article",
        "source",
        "sources",
        "text",
        "document",
        "please",
        "thanks",
        "thank",
        "hi",
        "hello",
        "hey",
        "know",
        "want",
        "need",
        "like",
        "get",
        "got",
        "make",
        "use",
        "using",
        "main",
        "key",
        "typical",
        "typically",
        "common",
        "commonly",
        "usually",
        "really",
        "actually",
        "exactly",
        "kind",
        "kinds",
        "type",
        "types",
        "way",
        "ways",
        "thing",
        "things",
        "something",
        "anything",
        "much",
        "many",
        "one",
        "two",
        "us",
        "we",
        "our",
        "firm's",
        "firms",
        "firm",
        "law",
        "legal",
        "lawyer",
        "lawyers",
        "also",
        "just",
        "etc",
        "vs",
        "versus",
        "per",
        "whats",
        "hows",
        "whos",
        "ok",
        "okay",
    ]
)

# Words that only point back at the conversation; a question leaning on them is a follow-up.
ANAPHORA = frozenset(["those", "these", "they", "them", "that", "this", "it", "its", "their", "such", "above", "same"])

# A small thesaurus of everyday question words onto the vocabulary business articles use. Each group is a set
# of interchangeable words; it is about how people ask, not about any one document's content.
SYNONYM_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(g.split())
    for g in (
        "con cons drawback drawbacks disadvantage disadvantages downside downsides risk risks concern concerns "
        "negative negatives challenge challenges problem problems issue issues pitfall pitfalls",
        "pro pros benefit benefits advantage advantages upside upsides positive positives gain gains",
        "cost costs price prices pricing rate rates cheap cheaper expensive expense expenses fee fees pay paid "
        "spend money saving savings save overhead budget afford affordable",
        "salary salaries wage wages earn earns earning compensation pay paid",
        "mitigate mitigated mitigating mitigation reduce reduced minimize minimise address handle manage "
        "managed overcome overcoming prevent avoid protect protecting safeguard safeguards secure deal tackle",
        "security secure privacy confidential confidentiality protection safe safety",
        "data information info files records documents",
        "duty duties task tasks responsibility responsibilities job role roles",
        "skill skills qualification qualifications competency competencies competence ability abilities "
        "requirement requirements",
        "communication communicate communicating language languages",
        "outsource outsourced outsourcing offshore offshoring external outside provider providers vendor "
        "vendors third party",
        "staff employee employees assistant assistants team people",
        "difference differences differ distinction distinguish compare comparison versus",
        "include includes including contain contains cover covers",
        "quick quicker fast faster speed turnaround swiftly",
        "practice practices best tip tips advice recommendation recommendations guideline guidelines step steps",
    )
)

CONTROL_RE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
TAG_CHARS_RE = re.compile("[\U000e0000-\U000e007f]")
SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def clean_question(text: str) -> str:
    """Strip control, bidi-override, zero-width, tag and lone-surrogate characters and fold whitespace."""
    text = unicodedata.normalize("NFC", SURROGATE_RE.sub("", text))
    text = TAG_CHARS_RE.sub("", CONTROL_RE.sub(" ", text))
    return re.sub(r"\s+", " ", text).strip()


def strip_markup(text: str) -> str:
    """The words of a question without HTML, markdown link targets or URLs (kept for display, not analysis)."""
    text = MARKUP_RE.sub(" ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r" \1 ", text)
    text = re.sub(r"\b(?:https?|ftp|javascript|data):\S*", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: enough to meet 'savings'/'save' and 'risks'/'risk' without a library."""
    w = word.lower().replace("’", "'")
    w = w[:-2] if w.endswith("'s") else w
    for suffix, repl in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("isation", "ize"),
        ("ations", "ate"),
        ("ation", "ate"),
        ("ities", "ity"),
        ("ously", "ous"),
        ("ments", "ment"),
        ("ingly", ""),
        ("ings", ""),
        ("ies", "y"),
        ("ing", ""),
        ("ied", "y"),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    return w.rstrip("e") if len(w) >= 4 else w


def words(text: str) -> list[str]:
    """Lower-cased word tokens, numbers and amounts included."""
    return [m.group(0).lower().replace("’", "'") for m in WORD_RE.finditer(text)]


def content_words(text: str) -> list[str]:
    """Words that carry topic: tokens minus stopwords and one-letter tokens."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


def stems(text: str) -> list[str]:
    """Stems of every token, for lexical search."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def _synonym_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in SYNONYM_GROUPS:
        group_stems = {stem(w) for w in group}
        for s in group_stems:
            index.setdefault(s, set()).update(group_stems)
    return {k: frozenset(v) for k, v in index.items()}


SYNONYMS = _synonym_index()


def expand(stem_: str) -> frozenset[str]:
    """A stem together with the stems of its synonyms."""
    return SYNONYMS.get(stem_, frozenset()) | {stem_}


def asked_terms(question: str) -> tuple[set[str], set[str]]:
    """The question's topic stems, and those stems together with their synonyms."""
    exact = {stem(w) for w in content_words(question)}
    return exact, {a for w in exact for a in expand(w)}


def edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """True when a and b are within `limit` edits; bounded so the vocabulary scan stays cheap."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


def typo_limit(word: str) -> int:
    """How many edits a misspelt word of this length may carry and still be recognised."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


@dataclass(frozen=True)
class Unit:
    """A quotable piece of a chunk: a sentence or a list item, with its character span in the source file."""

    text: str
    start: int
    end: int
    kind: str  # "sentence" or "item"
    block: int  # index of the blank-line-separated block it belongs to within the chunk
    intro: bool = False  # a sentence ending in ':' that introduces the list after it


SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s*(?=<)|(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9$])")
MARKUP_RE = re.compile(r"<!--.*?-->|<script\b.*?(?:</script>|$)|<style\b.*?(?:</style>|$)|<[^>]*>", re.S | re.I)
ITEM_RE = re.compile(r"^[ \t]*(?:[-*+•]|\d+[.)])[ \t]+")


def split_units(text: str, offset: int = 0) -> list[Unit]:
    """Split chunk text into sentences and list items whose spans index the source file (offset = chunk start)."""
    units: list[Unit] = []
    block = -1
    pos = 0
    prev_blank = True
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        line_start = pos
        pos += len(line)
        if not body.strip():
            prev_blank = True
            continue
        item = ITEM_RE.match(body)
        if prev_blank or (item and units and units[-1].kind != "item"):
            block += 1
        prev_blank = False
        if body.lstrip().startswith("#"):
            continue
        if item:
            s = line_start + item.end()
            e = line_start + len(body.rstrip())
            if e > s:
                units.append(Unit(text[s:e], offset + s, offset + e, "item", block))
            continue
        _sentences(
            text, line_start + (len(body) - len(body.lstrip())), line_start + len(body.rstrip()), offset, block, units
        )
    # A sentence ending in ':' right before a list is that list's introduction.
    marked = []
    for i, u in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        is_intro = u.kind == "sentence" and u.text.endswith(":") and nxt is not None and nxt.kind == "item"
        marked.append(Unit(u.text, u.start, u.end, u.kind, nxt.block if is_intro else u.block, is_intro))
    return marked


def _sentences(text: str, s: int, e: int, offset: int, block: int, out: list[Unit]) -> None:
    segment = text[s:e]
    cursor = 0
    for m in SENTENCE_END_RE.finditer(segment):
        piece = segment[cursor : m.start()].strip()
        if piece:
            a = s + segment.index(piece, cursor)
            out.append(Unit(piece, offset + a, offset + a + len(piece), "sentence", block))
        cursor = m.end()
    piece = segment[cursor:].strip()
    if piece:
        a = s + segment.index(piece, cursor)
        out.append(Unit(piece, offset + a, offset + a + len(piece), "sentence", block))
    # Markup (comments, scripts, tags) is kept in the source but is never a quotable sentence.
    out[:] = [u for u in out if u.kind != "sentence" or u.block != block or len(words(MARKUP_RE.sub(" ", u.text))) >= 2]
