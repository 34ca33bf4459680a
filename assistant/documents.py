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
