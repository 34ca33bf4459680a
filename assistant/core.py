"""The Assistant: the one place that wires settings, embeddings, store, retriever and answerer together."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from langchain_core.embeddings import Embeddings

from . import analysis
from .analysis import warm as warm_language
from .answering import Answerer, Reply, create_chain
from .audit import AuditLog
from .configuration import Settings
from .corpus import read_document
from .documents import DocumentInfo, describe
from .embeddings import make_embeddings
from .errors import InvalidQuestionError
from .followups import FollowUps
from .index import IndexHandle
from .overview import Overview
from .passages import Passage
from .retrieval import HybridRetriever, make_retriever
from .store import IndexStore, make_store
from .text import clean_question, strip_markup


class Assistant:
    """Answers questions from the ingested corpus with verbatim, cited passages.

    >>> bot = Assistant()                      # doctest: +SKIP
    >>> reply = bot.ask("what are the cons?")  # doctest: +SKIP
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embeddings: Embeddings | None = None,
        store: IndexStore | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.store = store or make_store(self.settings)
        # Open the index before loading the model so a missing index fails fast, with its fix.
        self.index = IndexHandle(self.store)
        self.embeddings = embeddings or make_embeddings(self.settings)
        self.retriever: HybridRetriever = make_retriever(self.index, self.embeddings, self.settings.top_k)
        # Load the language resources now (importing spaCy takes seconds), so the first question does not wait.
        warm_language()
        self.answerer: Answerer = create_chain(
            self.retriever, self.settings.min_support, self.settings.max_history_turns
        )
        self.answerer.read_source = self._source_text
        self.follow_ups = FollowUps(self.answerer)
        self.audit = AuditLog(self.settings.data_dir / "audit.jsonl") if self.settings.audit_log else None

    def validate(self, question: Any) -> str:
        """Clean a question or raise InvalidQuestionError saying what is wrong with it."""
        if not isinstance(question, str):
            raise InvalidQuestionError("The question must be text.")
        limit = self.settings.max_question_chars
        if len(question) > limit * 4:
            # Judge absurd inputs before cleaning them, so a megabyte of text costs nothing.
            raise InvalidQuestionError(f"The question is too long: {len(question)} characters; the limit is {limit}.")
        cleaned = clean_question(question)
        if not cleaned:
            raise InvalidQuestionError("The question is empty. Type a question about the sources.")
        if len(cleaned) > limit:
            raise InvalidQuestionError(f"The question is too long: {len(cleaned)} characters; the limit is {limit}.")
        return cleaned

    def ask(self, question: str, history: Sequence[dict[str, Any]] | None = None) -> Reply:
        """Answer one question; history is the earlier conversation as role/content messages."""
        cleaned = self.validate(question)
        limit = self.settings.max_question_chars
        # History is cleaned like a question; markup and link targets are shown as typed but never analysed.
        turns = [
            {"role": m["role"], "content": _clean_turn(str(m.get("content") or ""), m["role"], limit)}
            for m in (history or [])
            if isinstance(m, dict) and m.get("role") in ("user", "assistant")
        ]
        analysed = strip_markup(cleaned) or cleaned
        reply = self.answerer(analysed, turns)
        asked = [m["content"] for m in turns if m["role"] == "user"] + [cleaned]
        reply.follow_ups = self.follow_ups.choose(reply, self.index.current(), asked)
        if self.audit:
            self.audit.record(cleaned, reply)
        return reply

    def context(self, citation: Passage) -> tuple[str, int, int]:
        """The section (for a PDF, the page or pages) that holds a passage (a citation, or an overview entry), and
        the passage's offsets in it."""
        snapshot = self.index.current()
        parts = [c for c in snapshot.chunks if c.source == citation.source and c.section == citation.section]
        if parts:
            start, end = min(c.start for c in parts), max(c.end for c in parts)
            corpus_dir = self.settings.corpus_dir
            try:
                # Read exactly as ingest did (same checks, same extraction or its cached copy), so offsets line up.
                doc = read_document(
                    corpus_dir / citation.source, corpus_dir, cache_dir=self.settings.extraction_cache_dir
                )
            except ValueError:
                doc = None
            text = doc.text if doc else ""
            if doc and doc.pages and citation.page:
                # A PDF passage is shown on its page(s), as the reader would find it in print.
                last = citation.page_end or citation.page
                start = doc.pages[citation.page - 1] if citation.page <= len(doc.pages) else len(text)
                end = doc.pages[last] if last < len(doc.pages) else len(text)
                while end > start and text[end - 1].isspace():
                    end -= 1
            # The file may have changed since ingest; only trust it where the passage is still in place.
            if text[citation.start : citation.end] == citation.text and start <= citation.start < citation.end <= end:
                return text[start:end], citation.start - start, citation.end - start
        return citation.text, 0, len(citation.text)

    def overview(self) -> Overview:
        """The map of the current build (pros, risks with their mitigations, other topics); built once per build,
        and shared with the answerer, which reads it for how-to questions."""
        return self.answerer.overview(self.index.current())

    def prepare(self) -> None:
        """Build the current build's Overview map and read what its first how-to question would wait for, now
        rather than while someone waits for an answer (see Answerer.prepare)."""
        self.answerer.prepare(self.index.current())

    def _source_text(self, source: str) -> str | None:
        """A source's text as ingest reads it (front matter included), or None when it cannot be read now."""
        corpus_dir = self.settings.corpus_dir
        try:
            return read_document(corpus_dir / source, corpus_dir, cache_dir=self.settings.extraction_cache_dir).text
        except (ValueError, OSError):
            return None

    def documents(self) -> list[DocumentInfo]:
        """The documents the current index was built from: title, publisher, date, and whether the publisher
        sells what its document discusses (read from each file as it is now; files gone since ingest are left out)."""
        out = []
        for source in dict.fromkeys(c.source for c in self.index.current().chunks):
            try:
                out.append(describe(self.settings.corpus_dir / source, self.settings.corpus_dir))
            except (ValueError, OSError):
                continue
        return out

    @property
    def corpus_version(self) -> str:
        """Hash of the documents the current index was built from."""
        return self.index.current().info.corpus_version


def _clean_turn(text: str, role: str, limit: int) -> str:
    """One history message cleaned like a question; an assistant's keeps its lines (see analysis.ANSWER_LINES)."""
    if role != "assistant" or not analysis.ANSWER_LINES:
        return strip_markup(clean_question(text)[:limit])
    # Blank lines are kept (one at most): they end a block, a paragraph or a list.
    lines = "\n".join(strip_markup(clean_question(line)) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines).strip()[:limit]
