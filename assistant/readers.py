"""Reading PDF, Word and saved web pages into plain text with heading spans and page offsets, deterministically."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Bump when any reader's output changes: cached extractions carry it in their name, so they are redone.
READER_VERSION = "2"
PAGED_PROGRESS_MIN = 20  # a PDF with at least this many pages shows a per-page progress bar while it is read
MIN_MAIN_WORDS = 5  # an HTML page whose main content has fewer words than this has no main text
_SPACE_RE = re.compile(r"\s+")
_CLOSED_RE = re.compile(r"[.!?:;)\]\"'”’]\s*$")


class UnreadableError(ValueError):
    """A document that cannot be read; the message says why, in words for the person who owns the file."""


@dataclass(frozen=True)
class Heading:
    """A heading of an extracted document: its level (1 = top), its name and its span in the extracted text."""

    level: int
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Extracted:
    """The text a reader made of a document; citations index this text, so it must be reproducible."""

    text: str
    title: str
    headings: tuple[Heading, ...]
    pages: tuple[int, ...] = ()  # offset in text where each page starts (PDF only; page N starts at pages[N-1])

    def to_json(self) -> str:
        """Serialised for the extraction cache."""
        return json.dumps(
            {
                "text": self.text,
                "title": self.title,
                "headings": [[h.level, h.name, h.start, h.end] for h in self.headings],
                "pages": list(self.pages),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, data: str) -> Extracted:
        """The inverse of to_json."""
        d = json.loads(data)
        return cls(d["text"], d["title"], tuple(Heading(*h) for h in d["headings"]), tuple(d["pages"]))


class _Builder:
    """Assembles paragraphs into one text, blank-line separated (the chunker's block boundary), keeping spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.headings: list[Heading] = []
        self.pages: list[int] = []
        self.paragraphs: list[tuple[int, int]] = []
        self._in_list = False

    def _sep(self) -> None:
        if self.length:
            self.parts.append("\n\n")
            self.length += 2

    def continues(self, text: str) -> bool:
        """Whether text carries on the last paragraph over a page break: that one stops mid-sentence (no closing
        punctuation) and this one starts in lower case. Joined, a sentence split by the break stays quotable."""
        if not self.paragraphs or (self.pages and self.pages[-1] == self.length) or self._in_list:
            return False
        if self.headings and (self.headings[-1].start, self.headings[-1].end) == self.paragraphs[-1]:
            return False  # a heading is never continued
        return not _CLOSED_RE.search(self.parts[-1]) and text[:1].islower()

    def continue_on_new_page(self, text: str) -> None:
        """Start the next page inside the last paragraph: joined by a space, the page starting at text."""
        self.parts.append(" ")
        self.length += 1
        self.pages.append(self.length)
        self.parts.append(text.strip())
        self.length += len(text.strip())
        self.paragraphs[-1] = (self.paragraphs[-1][0], self.length)

    def end_list(self) -> None:
        self._in_list = False

    def start_page(self) -> None:
        self._in_list = False
        self._sep()
        self.pages.append(self.length)

    def add(self, text: str, heading_level: int | None = None, item: bool = False) -> None:
        """Append a paragraph (or a list item: consecutive items share one block, one line each, as in Markdown)."""
        text = text.strip()
        if not text:
            return
        if item and self._in_list:
            self.parts.append("\n- " + text)
            self.length += 3 + len(text)
            self.paragraphs[-1] = (self.paragraphs[-1][0], self.length)
            return
        self._in_list = item
        text = f"- {text}" if item else text
        if not (self.pages and self.pages[-1] == self.length):  # a new page has already put its break
            self._sep()
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.paragraphs.append((start, self.length))
        if heading_level is not None:
            self.headings.append(Heading(heading_level, _SPACE_RE.sub(" ", text), start, self.length))

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _words(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


# -- PDF ---------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_pypdf():
    """pypdf logs a warning per damaged object (hundreds for one broken file); the skip reason says enough."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        log.setLevel(level)


def read_pdf(raw: bytes, name: str, progress: bool = False) -> Extracted:
    """Text of every page (layout mode, so paragraphs keep their blank-line breaks), outline entries as headings."""
    with _quiet_pypdf():
        return _read_pdf(raw, name, progress)


def _read_pdf(raw: bytes, name: str, progress: bool) -> Extracted:
    from pypdf import PdfReader
    from tqdm.auto import tqdm

    head = raw[:1024]
    if b"%PDF-" not in head:
        raise UnreadableError("is not a PDF (no %PDF header)")
    # Every complete PDF ends with an end-of-file marker; without it the file was cut short, and pypdf's repair
    # would quietly index whatever pages survived.
    if b"%%EOF" not in raw[-2048:]:
        raise UnreadableError("is truncated (no %%EOF end marker): the copy or download was cut short")
    try:
        reader = PdfReader(io.BytesIO(raw))
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many types for damaged files; all mean the same to the user
        raise UnreadableError(f"is a damaged PDF ({type(exc).__name__}: {exc})") from exc
    if encrypted:
        try:
            # A PDF protected only by an owner password (printing/editing limits) opens with an empty password.
            opened = bool(reader.decrypt(""))
        except Exception:
            opened = False
        if not opened:
            raise UnreadableError("is encrypted (password-protected); save an unprotected copy to ingest it")
    b = _Builder()
    try:
        pages = reader.pages
        count = len(pages)
        bar = tqdm(
            total=count,
            desc=f"reading {name}",
            unit="page",
            leave=True,
            disable=not progress or count < PAGED_PROGRESS_MIN,
        )
        with bar:
            for page in pages:
                paras = _pdf_paragraphs(page.extract_text(extraction_mode="layout"))
                if paras and b.continues(paras[0]):
                    b.continue_on_new_page(paras.pop(0))
                else:
                    b.start_page()
                for para in paras:
                    b.add(para)
                bar.update(1)
        outline = _pdf_outline(reader)
        meta_title = _words(str((reader.metadata or {}).get("/Title") or ""))
    except UnreadableError:
        raise
    except Exception as exc:
        raise UnreadableError(f"is a damaged PDF ({type(exc).__name__}: {exc})") from exc
    if not b.paragraphs:
        raise UnreadableError("has no text layer (a scanned image?); run OCR on it first")
    text = b.text
    tops = [t for lvl, t, _ in outline if lvl == 1]
    title = tops[0] if len(tops) == 1 else meta_title
    headings = _place_outline(text, b.paragraphs, b.pages, outline)
    return Extracted(text, title, tuple(headings), tuple(b.pages))


def _pdf_paragraphs(layout: str) -> list[str]:
    """Lines of a page joined into paragraphs at blank lines; layout padding collapsed to single spaces."""
    paras: list[str] = []
    current: list[str] = []
    for line in layout.splitlines():
        line = _words(line)
        if line:
            current.append(line)
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras


def _pdf_outline(reader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every outline entry whose page can be resolved, in outline order."""
    out: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:
                continue
            title = _words(str(item.title or ""))
            if title and page is not None and page >= 0:
                out.append((level, title, page))

    try:
        walk(reader.outline, 1)
    except Exception:  # a broken outline costs the section paths, not the document
        return []
    return out


def _place_outline(
    text: str, paragraphs: list[tuple[int, int]], pages: list[int], outline: list[tuple[int, str, int]]
) -> list[Heading]:
    """Find each outline entry's heading line on its page; where it is not printed, the section starts at the page."""
    headings: list[Heading] = []
    floor = 0
    for level, title, page in outline:
        if page >= len(pages):
            continue
        page_start = pages[page]
        page_end = pages[page + 1] if page + 1 < len(pages) else len(text)
        want = title.casefold()
        found = next(
            ((s, e) for s, e in paragraphs if max(page_start, floor) <= s < page_end and text[s:e].casefold() == want),
            None,
        )
        if found is None:
            s = e = max(page_start, floor)
        else:
            s, e = found
        headings.append(Heading(level, title, s, e))
        floor = e
    return headings


# -- DOCX --------------------------------------------------------------------------------------------------

_HEADING_STYLE_RE = re.compile(r"^heading (\d)$", re.I)


def read_docx(raw: bytes, name: str, progress: bool = False) -> Extracted:
    """Paragraphs and tables in document order; 'Heading N' styles are headings, 'Title' is level 1."""
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise UnreadableError("is not a Word .docx document (not a zip package)")
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        if "word/document.xml" not in z.namelist():
            raise UnreadableError("is not a Word document: the zip holds no word/document.xml")
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(raw))
        b = _Builder()
        title = _words(document.core_properties.title or "")
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                rows = [" | ".join(_words(c.text) for c in row.cells) for row in block.rows]
                b.add("\n".join(r for r in rows if r.strip(" |")))
                continue
            style = (block.style.name if block.style is not None else "") or ""
            body = _words(block.text)
            m = _HEADING_STYLE_RE.match(style)
            if style.lower() == "title":
                title = title or body
                b.add(body, heading_level=1)
            elif m:
                b.add(body, heading_level=int(m.group(1)))
            else:
                b.add(body, item=style.lower().startswith("list"))
    except Exception as exc:
        raise UnreadableError(f"is a damaged Word document ({type(exc).__name__}: {exc})") from exc
    text, headings = b.text, b.headings
    if not text.strip():
        raise UnreadableError("has no text")
    if not title:
        title = next((h.name for h in headings if h.level == 1), "")
    return Extracted(text, title, tuple(headings))


# -- HTML --------------------------------------------------------------------------------------------------


def read_html(raw: bytes, name: str, progress: bool = False) -> Extracted:
    """Main content by trafilatura (navigation, headers, footers, cookie banners dropped); h1-h6 are headings."""
    import trafilatura
    from lxml import etree

    try:
        xml = trafilatura.extract(
            raw,
            output_format="xml",
            with_metadata=True,
            include_tables=True,
            include_comments=False,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception as exc:
        raise UnreadableError(f"is a web page that cannot be parsed ({type(exc).__name__}: {exc})") from exc
    if not xml:
        raise UnreadableError("has no main text (only navigation, banners or boilerplate)")
    root = etree.fromstring(xml.encode())
    main = root.find("main")
    b = _Builder()
    for el in main if main is not None else []:
        tag = el.tag
        if tag == "head":
            m = re.match(r"h(\d)", el.get("rend") or "")
            b.add(_words("".join(el.itertext())), heading_level=int(m.group(1)) if m else 2)
        elif tag == "list":
            for i in el.iter("item"):
                b.add(_words("".join(i.itertext())), item=True)
            b.end_list()  # a list directly after another list is a block of its own
        elif tag == "table":
            rows = [" | ".join(_words("".join(c.itertext())) for c in r.iter("cell")) for r in el.iter("row")]
            b.add("\n".join(r for r in rows if r.strip(" |")))
        else:
            b.add(_words("".join(el.itertext())))
    text = b.text
    if len(text.split()) < MIN_MAIN_WORDS:
        raise UnreadableError("has no main text (only navigation, banners or boilerplate)")
    title = _words(root.get("title") or "") or next((h.name for h in b.headings if h.level == 1), "")
    return Extracted(text, title, tuple(b.headings))


READERS: dict[str, Callable[[bytes, str, bool], Extracted]] = {
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".html": read_html,
    ".htm": read_html,
}


def extract(raw: bytes, suffix: str, name: str, *, cache_dir: Path | None = None, progress: bool = False) -> Extracted:
    """Extract a document, reusing the cached extraction of the same bytes (so re-ingest and the source view cost
    only a hash); the cache is keyed by the file's SHA-256, so an edited file is always read afresh."""
    reader = READERS[suffix]
    digest = hashlib.sha256(raw).hexdigest()
    cached = cache_dir / f"{READER_VERSION}-{digest}.json" if cache_dir else None
    if cached and cached.is_file():
        try:
            return Extracted.from_json(cached.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache entry is redone below
    result = reader(raw, name, progress)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        # Written whole then renamed, so a reader never sees half an entry.
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(result.to_json())
        os.replace(tmp, cached)
    return result


def prune_cache(cache_dir: Path, keep_digests: set[str]) -> None:
    """Delete cached extractions of files no longer in the corpus (or made by an older reader version)."""
    if not cache_dir.is_dir():
        return
    keep = {f"{READER_VERSION}-{d}.json" for d in keep_digests}
    for entry in cache_dir.iterdir():
        if entry.name not in keep:
            entry.unlink(missing_ok=True)
