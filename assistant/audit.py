"""Append-only JSONL records: the audit trail of each exchange, and the file type feedback is kept in too."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from pathlib import Path
from typing import Any

from .answering import Reply


def utc_timestamp() -> str:
    """The current time as an ISO 8601 UTC string, as every record stores it."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class JsonlFile:
    """One JSON object per line, appended whole under a lock so concurrent requests never interleave."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, row: dict[str, Any]) -> None:
        """Write one record, creating the folder on first use."""
        line = json.dumps(row, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(line)


class AuditLog:
    """Writes one line per answered question; never stores credentials or settings."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = JsonlFile(path)

    def record(self, question: str, reply: Reply) -> None:
        """Append the exchange; a failing disk must not fail the answer, so errors are swallowed after one try."""
        row = {
            "time": utc_timestamp(),
            "question": question,
            "query": reply.query,
            "retrieved": [d.id for d in reply.documents],
            "answer": reply.answer,
            "citations": [c.as_dict() for c in reply.citations],
            "abstained": reply.abstained,
            "reason": reply.reason,
            "latency_ms": round(reply.latency_ms, 2),
            "corpus_version": reply.corpus_version,
        }
        with contextlib.suppress(OSError):
            self._file.append(row)
