"""Pure text helpers: question cleaning, markup removal, and splitting text into quotable sentences and list items."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .language import words

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
