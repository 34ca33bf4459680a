"""Reading corpus files and splitting them into chunks whose text is an exact span of the source."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from .readers import READERS, Heading, extract

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + tuple(READERS)
MAX_BINARY_BYTES = 200 * 1024 * 1024  # PDFs of hundreds of pages with figures are large
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
MAX_FILE_BYTES = 20 * 1024 * 1024
SECTION_SEP = " > "  # joins a heading path into Chunk.section
# Bump when chunking, sentence splitting or what is embedded changes: ids include it, so everything re-embeds.
EMBED_RECIPE = "minilm-l6-v2/heading-context-2"


@dataclass(frozen=True)
class SourceDocument:
    """One corpus file as read: its text, title and front-matter fields."""

    source: str  # path relative to the corpus folder, with forward slashes
    text: str  # for PDF, Word and HTML: the extracted text, which citation offsets index
    title: str
    meta: dict[str, str] = field(default_factory=dict)
    headings: tuple[Heading, ...] | None = None  # given by the reader; None: Markdown headings in text
    pages: tuple[int, ...] = ()  # PDF only: offset in text where each page starts
    file_digest: str = ""  # SHA-256 of the file's bytes, for documents read from binary formats

    @property
    def digest(self) -> str:
        """Content hash, used to tell which corpus version an answer came from."""
        return self.file_digest or hashlib.sha256(self.text.encode()).hexdigest()

    def page_span(self, start: int, end: int) -> tuple[int, int] | None:
        """First and last page (from 1) of the span [start, end), or None for a document without pages."""
        if not self.pages:
            return None
        return bisect.bisect_right(self.pages, start), bisect.bisect_right(self.pages, max(start, end - 1))


@dataclass(frozen=True)
class Chunk:
    """A retrievable span of a source document with the headings above it."""

    id: str
    source: str
    title: str
    section: str  # heading path joined with SECTION_SEP
    text: str
    start: int
    end: int
    ordinal: int  # position within its section, to pair an edited chunk with its predecessor
    page: int = 0  # PDF: the page (from 1) the chunk starts on; 0 for documents without pages
    page_breaks: tuple[int, ...] = ()  # PDF: offsets inside the chunk where a new page starts
    # (depth in `sections`, start, end) of each heading of its path that this chunk is the first chunk under, where
    # the heading's name stands verbatim in the source: a citation for the heading itself (see layout).
    opens: tuple[tuple[int, int, int], ...] = ()

    def pages_of(self, start: int, end: int) -> tuple[int | None, int | None]:
        """First and last page of a span inside this chunk (None, None without pages)."""
        if not self.page:
            return None, None
        first = self.page + sum(1 for b in self.page_breaks if b <= start)
        return first, self.page + sum(1 for b in self.page_breaks if b <= max(start, end - 1))

    @property
    def heading(self) -> str:
        """The chunk's own (innermost) heading, or "" before the first heading."""
        return self.section.rpartition(SECTION_SEP)[2]

    @property
    def sections(self) -> list[str]:
        """Every heading path the chunk sits in, outermost first ("Risks", "Risks > Data"); [] before any heading."""
        parts = self.section.split(SECTION_SEP) if self.section else []
        return [SECTION_SEP.join(parts[: i + 1]) for i in range(len(parts))]

    @property
    def parent_section(self) -> str:
        """The heading path of the section this chunk's section sits in ("" at the top level)."""
        return self.section.rpartition(SECTION_SEP)[0]

    def embedding_text(self) -> str:
        """What is embedded: the heading path gives short passages their topic."""
        return f"{self.section}\n\n{self.text}" if self.section else self.text

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata as Chroma stores it."""
        meta: dict[str, str | int] = {
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "ordinal": self.ordinal,
        }
        if self.page:
            meta["page"] = self.page
            meta["page_breaks"] = ",".join(map(str, self.page_breaks))
        if self.opens:
            meta["opens"] = ",".join(":".join(map(str, o)) for o in self.opens)
        return meta

    @staticmethod
    def opens_from_metadata(meta: dict) -> tuple[tuple[int, int, int], ...]:
        """The headings a chunk opens, as metadata() stored them (none in a build made before they were kept)."""
        return tuple(tuple(int(x) for x in o.split(":")) for o in str(meta.get("opens") or "").split(",") if o)

    @staticmethod
    def pages_from_metadata(meta: dict) -> tuple[int, tuple[int, ...]]:
        """The (page, page_breaks) that metadata() stored."""
        breaks = str(meta.get("page_breaks") or "")
        return int(meta.get("page") or 0), tuple(int(b) for b in breaks.split(",") if b)


@dataclass
class CorpusProblem:
    """A file that could not be read, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def iter_corpus_files(corpus_dir: Path) -> Iterator[Path]:
    """Every supported file below corpus_dir, in a stable order, hidden files skipped."""
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        yield path


def read_document(
    path: Path, corpus_dir: Path, *, cache_dir: Path | None = None, progress: bool = False
) -> SourceDocument:
    """Read one file strictly: binary, non-UTF-8 or unreadable files raise ValueError with the reason.

    PDF, Word and HTML files go through their reader (assistant.readers); cache_dir keeps their extracted text.
    """
    rel = path.relative_to(corpus_dir).as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValueError(f"unsupported file type '{path.suffix or 'none'}' (use {', '.join(SUPPORTED_SUFFIXES)})")
    limit = MAX_FILE_BYTES if suffix in TEXT_SUFFIXES else MAX_BINARY_BYTES
    try:
        if path.stat().st_size > limit:
            raise ValueError(f"file is larger than {limit // (1024 * 1024)} MiB")
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror or exc})") from exc
    if suffix in READERS:
        got = extract(raw, suffix, rel, cache_dir=cache_dir, progress=progress)
        title = got.title or path.stem.replace("-", " ").replace("_", " ").strip()
        return SourceDocument(
            source=rel,
            text=got.text,
            title=title,
            headings=got.headings,
            pages=got.pages,
            file_digest=hashlib.sha256(raw).hexdigest(),
        )
    if b"\x00" in raw:
        raise ValueError("looks binary (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8") from exc
    # Offsets are character positions in the file as Python reads it (universal newlines), so citations
    # can be checked with Path.read_text()[start:end].
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValueError("is empty")
    meta = _front_matter(text)
    title = meta.get("title") or _first_heading(text) or path.stem.replace("-", " ").replace("_", " ").strip()
    return SourceDocument(source=rel, text=text, title=title, meta=meta)


def load_corpus(
    corpus_dir: Path, *, cache_dir: Path | None = None, progress: bool = False
) -> tuple[list[SourceDocument], list[CorpusProblem]]:
    """All readable documents of the corpus, and a problem entry for each file that was skipped."""
    docs: list[SourceDocument] = []
    problems: list[CorpusProblem] = []
    files = list(iter_corpus_files(corpus_dir))
    for path in tqdm(files, desc="reading documents", unit="doc", disable=not progress or len(files) < 20):
        try:
            docs.append(read_document(path, corpus_dir, cache_dir=cache_dir, progress=progress))
        except ValueError as exc:
            problems.append(CorpusProblem(path.relative_to(corpus_dir).as_posix(), str(exc)))
    return docs, problems


def _front_matter(text: str) -> dict[str, str]:
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip()] = value.strip().strip('"').strip("'")
    return meta


def _first_heading(text: str) -> str | None:
    m = HEADING_RE.search(text)
    return m.group(2).strip() if m else None


@dataclass
class _Section:
    path: list[str]
    start: int
    end: int
    spans: list[tuple[int, int] | None]  # where each heading of `path` has its name verbatim in the source text


def _headings(doc: SourceDocument) -> tuple[int, list[Heading]]:
    """Where the body starts, and the headings: the reader's, or the Markdown ones after any front matter."""
    if doc.headings is not None:
        return 0, list(doc.headings)
    body_start = FRONT_MATTER_RE.match(doc.text).end() if FRONT_MATTER_RE.match(doc.text) else 0
    marks = [
        Heading(len(m.group(1)), m.group(2).strip(), m.start(), m.end())
        for m in HEADING_RE.finditer(doc.text)
        if m.start() >= body_start
    ]
    return body_start, marks


def _sections(doc: SourceDocument) -> list[_Section]:
    """Body spans between headings, each with its heading path (the document title heading left out)."""
    body_start, headings = _headings(doc)
    sections: list[_Section] = []
    stack: list[tuple[int, str, tuple[int, int] | None]] = []
    cursor, path, spans = body_start, [], []
    for m in headings:
        sections.append(_Section(list(path), cursor, m.start, list(spans)))
        level, name = m.level, m.name
        # A reader may give a heading's name with its spacing tidied: then it has no verbatim span to cite.
        at = doc.text.find(name, m.start, m.end)
        stack = [(lvl, n, sp) for lvl, n, sp in stack if lvl < level]
        stack.append((level, name, (at, at + len(name)) if at >= 0 else None))
        # A level-1 heading equal to the document title adds nothing to a section path.
        kept = [(n, sp) for lvl, n, sp in stack if not (lvl == 1 and n == doc.title)]
        path, spans = [n for n, _ in kept], [sp for _, sp in kept]
        cursor = m.end
    sections.append(_Section(list(path), cursor, len(doc.text), list(spans)))
    return sections


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Blank-line-separated blocks inside [start, end), as spans with surrounding whitespace trimmed."""
    spans = []
    for m in re.finditer(r"\S(?:.*?\S)?(?=\n[ \t]*\n|\s*\Z)", text[start:end], re.S):
        spans.append((start + m.start(), start + m.end()))
    return spans


def _merge_lists(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep a list and the sentence introducing it together, so no chunk holds half a list."""
    merged: list[tuple[int, int]] = []
    for s, e in blocks:
        piece = text[s:e].lstrip()
        is_item = bool(re.match(r"(?:[-*+•]|\d+[.)])\s", piece))
        if merged and is_item:
            ps, pe = merged[-1]
            prev = text[ps:pe]
            if prev.rstrip().endswith(":") or re.search(r"^(?:[-*+•]|\d+[.)])\s", prev.splitlines()[-1].lstrip()):
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


def _split_oversized(text: str, s: int, e: int, fits: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Split one block that is too large at line, then sentence, then word boundaries."""
    for pattern in (r"\n", r"(?<=[.!?])\s+", r"\s+"):
        cuts = [s] + [s + m.end() for m in re.finditer(pattern, text[s:e])] + [e]
        if len(cuts) <= 2:
            continue
        out, cur = [], cuts[0]
        for i in range(1, len(cuts)):
            if not fits(cur, cuts[i]) and cuts[i - 1] > cur:
                out.append((cur, cuts[i - 1]))
                cur = cuts[i - 1]
        out.append((cur, e))
        out = [(a, b - (len(text[a:b]) - len(text[a:b].rstrip()))) for a, b in out]
        if all(fits(a, b) for a, b in out):
            return out
        return [piece for a, b in out for piece in _split_oversized(text, a, b, fits)] if len(out) > 1 else out
    return [(s, e)]


def chunk_document(doc: SourceDocument, count_tokens: Callable[[str], int], max_tokens: int) -> list[Chunk]:
    """Split along headings, then pack whole blocks up to max_tokens (heading path included)."""
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    opened: set[tuple[str, ...]] = set()  # heading paths that already have a chunk under them
    for sec in _sections(doc):
        section = SECTION_SEP.join(sec.path)
        header = f"{section}\n\n" if section else ""

        def fits(a: int, b: int, header: str = header) -> bool:
            return count_tokens(header + doc.text[a:b]) <= max_tokens

        pieces: list[tuple[int, int]] = []
        for s, e in _merge_lists(doc.text, _blocks(doc.text, sec.start, sec.end)):
            pieces.extend([(s, e)] if fits(s, e) else _split_oversized(doc.text, s, e, fits))
        packed: list[tuple[int, int]] = []
        for s, e in pieces:
            if packed and fits(packed[-1][0], e):
                packed[-1] = (packed[-1][0], e)
            else:
                packed.append((s, e))
        for ordinal, (s, e) in enumerate(packed):
            text = doc.text[s:e]
            # The recipe version is part of the id, so changing how chunks are embedded re-embeds them all.
            key = f"{EMBED_RECIPE}\x1f{doc.source}\x1f{section}\x1f{text}"
            # Legal texts repeat themselves (the same notice twice in one licence file): a repeat gets its
            # occurrence number in the id, so ids stay unique and the first occurrence keeps its id across edits.
            repeat = seen.get(key, 0)
            seen[key] = repeat + 1
            if repeat:
                key += f"\x1f#{repeat}"
            digest = hashlib.sha256(key.encode()).hexdigest()[:24]
            span = doc.page_span(s, e)
            page, breaks = (span[0], tuple(p for p in doc.pages if s < p < e)) if span else (0, ())
            opens = []
            for depth, sp in enumerate(sec.spans):
                prefix = tuple(sec.path[: depth + 1])
                if prefix not in opened:
                    opened.add(prefix)
                    if sp is not None:
                        opens.append((depth, *sp))
            chunks.append(
                Chunk(digest, doc.source, doc.title, section, text, s, e, ordinal, page, breaks, tuple(opens))
            )
    return chunks
