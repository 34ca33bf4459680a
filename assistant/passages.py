"""Verbatim passages of the sources, and the numbered citations an answer makes of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    """One verbatim passage of a source: text == document_text[start:end]."""

    source: str
    title: str
    section: str
    text: str
    start: int
    end: int
    page: int | None = None  # PDF: the page (from 1) the passage starts on
    page_end: int | None = None  # PDF: the page it ends on (the same page unless it runs over a page break)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON and the UI."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Citation(Passage):
    """A passage an answer cites, with the marker number [n] the answer's text gives it."""

    # Keyword-only: a citation is a passage plus its number, so the passage's fields keep their places.
    n: int = field(kw_only=True)
