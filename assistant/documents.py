"""What the answers come from: each indexed document's title, publisher and date, and whether it sells its subject."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .corpus import FRONT_MATTER_RE, read_document
from .language import stem

SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]?")
# The roles that make a publisher a seller of what its document discusses, as the document's own words for them.
SELLER_WORDS = ("provider", "vendor", "supplier")
# Switch: a question about the document alone that asks who put it out ("who published this piece?") or when
# ("when was it released?") is answered with the line of its front matter that says so (`publisher:`, `published:`
# or `date:`, the fields a DocumentInfo is read from), quoted and cited as a span of the file like any passage. The
# body never says who published the article or when, so such questions were answered with its account of itself
# ("This article provides…") or declined for want of a date. See answering.Answerer._fields_asked for which
# questions ask it: who did it in the past (grounding.asks_who_did) or "when" on a past verb, of a question about the
# document alone (selfdescription._alone); the lines replace that part's answer unless it asks more ("…and why?").
# Round 25 (helper `doc25`), dev 871: focused 543 -> 545/631 (+d14-062, d15-062; none lost), declined 217/235, false
# refusals 13, invalid 0 unchanged, precision 0.3417 -> 0.3434; real-history follow-ups 105/134 unchanged. One
# answer to decline changes and stays answered (d11-031, "who wrote it", now the publisher's line, before the
# document's account of itself): the front matter names a publisher, not an author, and the model reads "put out"
# no nearer "publisher" (0.18) than "wrote" (0.46), so the two are not told apart.
FIELD_ANSWERS = True
# Switch (off): for FIELD_ANSWERS, a document named by pointing alone ("who published this piece?", "this" before a
# noun the sources never use that the question does not have act, see selfdescription.AboutDocument.meant) taken for
# the document too. Dev 871: no answer to an answerable item changes; one to decline (dp-012, "who wrote the foreword
# to this guide?") is answered with the publisher's line instead of the document's frame. Off because it also turns
# declines for want of support into answers ("who wrote this piece?" was declined, and the front matter names a
# publisher, not an author): it would answer questions the writers of the evals mean to be declined.
FIELD_POINTED = True
# Round 27 (helper `doc27`): on, now that FIELD_ROLES declines a question for a maker the front matter has no field
# for ("who wrote this piece?" asks for an author) and the pointed noun must stand in the document's own place in its
# account of itself (selfdescription.STAND_IN: "this piece" 0.31, "this report" 0.62; "this merger" 0.06, "this
# hearing" 0.12, so "when did this merger close?" gets no date line). Dev 971 over FIELD_ROLES: declined 246 -> 247/260
# (+dp-012, a question on who penned a preface, now declined for want of an author); nothing else changes.
# Switch: for FIELD_ANSWERS, a question naming a field by its key ("who is the publisher of this article?", "the
# date of this article") asks for that field, as one asking who put it out or when does: the key as written, not its
# stem ("publisher" and "published" share one). Dev 871: no answer changes (no dev question names a key); probes of
# our own: "who is the publisher of this article?" was answered with the document's account of itself.
FIELD_NAMED = True
# The front matter fields that say who put a document out, and when (the keys `describe` reads).
MAKER_FIELDS = ("publisher",)
DATE_FIELDS = ("published", "date")
# Switch: for FIELD_ANSWERS, a question asking who made the document answers from the field of the role it asks
# for: the front matter keys of the makers a document can name (AUTHOR_FIELDS, MAKER_FIELDS), each read as the word
# of its role ("author", "publisher"), against the question's verb read alone. A verb clearly nearer one role
# (ROLE_MARGIN) asks for that role; a question for a role the front matter has no line for is declined, as one asking
# for a field the document lacks ("who wrote it?" of a document naming its publisher only was answered with the
# publisher's line). A verb near neither more than the other ("put out", "made") asks for whichever maker it names.
# A field-naming noun that acts or owns ("does the author weigh…", "the author's closing thoughts") is not the field
# asked: without that check dev lost d7-014, dp-002, dp-004 (declined for want of an author). Round 27 (helper
# `doc27`), dev 971: declined 245 -> 246/260 (+d11-031, "who wrote it", before the publisher's line), focused 604/706,
# false refusals 17, invalid 0, precision 0.3406 unchanged (with FIELD_TITLE); real-history follow-ups 114/146.
FIELD_ROLES = True
# The front matter keys naming who wrote a document (its author, as opposed to who put it out).
AUTHOR_FIELDS = ("author", "authors", "writer")
# A verb this much nearer one role's word than the other's (MiniLM, words read alone) asks for that role. Probes:
# "wrote" 0.66 author vs 0.46 publisher (0.20), "written" 0.15, "penned" 0.20, "authored" 0.32, "writer" 0.13;
# "publish" 0.29 toward publisher; "put out" 0.02, "published" 0.03, "made" 0.08, "created" 0.08, "write" 0.04 (no
# role: any maker the front matter names).
ROLE_MARGIN = 0.1
# And the role's word must be at least this near the verb: "wrote" 0.66, "written" 0.60, "penned" 0.66, "authored"
# 0.79; a verb saying little of a role stays below it however the two compare ("put" alone 0.29 author vs 0.15
# publisher, "made" 0.36, "created" 0.38).
ROLE_FLOOR = 0.5
# Switch: for FIELD_NAMED, the document's title is a field too ("what is the article's title?"), asked by its key
# only; it was answered with the document's account of itself. Dev 971: no answer changes (no dev question names it).
FIELD_TITLE = True
TITLE_FIELDS = ("title",)
FIELD_LINE_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.+?)[ \t]*$", re.M)


@dataclass(frozen=True)
class DocumentInfo:
    """One source document as a reader should know it before trusting its quotes."""

    source: str  # path relative to the corpus folder
    title: str
    publisher: str = ""
    published: str = ""  # the front matter's date, as a reader writes it ("13 December 2023")
    publisher_sells: bool = False  # the document itself presents its publisher as a provider of what it discusses
    evidence: str = ""  # the document's sentence (or front matter field) that shows it

    def as_dict(self) -> dict[str, str | bool]:
        """Plain data for JSON and the UI."""
        return dict(self.__dict__)


def describe(path: Path, corpus_dir: Path) -> DocumentInfo:
    """Read one corpus file's front matter and text into a DocumentInfo (ValueError when it cannot be read)."""
    doc = read_document(path, corpus_dir)
    publisher = doc.meta.get("publisher", "")
    sells, evidence = _sells(doc.meta, doc.text, publisher)
    return DocumentInfo(
        source=doc.source,
        title=doc.title,
        publisher=publisher,
        published=_date(doc.meta.get("published") or doc.meta.get("date") or ""),
        publisher_sells=sells,
        evidence=evidence,
    )


@dataclass(frozen=True)
class FrontMatterLine:
    """One line of a document's front matter ("publisher: Legal Buddies"), as a span of the file's text."""

    key: str
    text: str  # the whole line, as written
    start: int
    end: int


def front_matter_lines(text: str) -> dict[str, FrontMatterLine]:
    """The lines of a document's front matter, by lower-cased key, each a span of `text` (text[start:end] == text)."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}
    out: dict[str, FrontMatterLine] = {}
    for line in FIELD_LINE_RE.finditer(text, m.start(1), m.end(1)):
        key = line.group(1).lower()
        if key not in out and line.group(2).strip("\"' "):
            out[key] = FrontMatterLine(key, line.group(0), line.start(), line.end())
    return out


def _sells(meta: dict[str, str], text: str, publisher: str) -> tuple[bool, str]:
    """Does the document present its publisher as a seller of its subject? A front matter `publisher_role`
    says so outright; otherwise a body sentence naming the publisher as a provider (or vendor, supplier) does."""
    role = meta.get("publisher_role", "")
    if role:
        return True, f"publisher_role: {role}"
    if not publisher:
        return False, ""
    m = FRONT_MATTER_RE.match(text)
    body = text[m.end() :] if m else text
    name = publisher.lower()
    seller = {stem(w) for w in SELLER_WORDS}
    for sentence in SENTENCE_RE.findall(body):
        low = sentence.lower()
        if name in low and any(stem(w) in seller for w in re.findall(r"[a-z]+", low)):
            return True, " ".join(sentence.split())
    return False, ""


def _date(raw: str) -> str:
    """An ISO date as '13 December 2023'; anything else as written."""
    try:
        d = dt.date.fromisoformat(raw.strip())
    except ValueError:
        return raw.strip()
    return f"{d.day} {d.strftime('%B %Y')}"
