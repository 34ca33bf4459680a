"""Append-only JSONL records: the audit trail of each exchange, and the file type feedback is kept in too."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from .answering import Reply


def utc_timestamp() -> str:
    """The current time as an ISO 8601 UTC string, as every record stores it."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class JsonlFile:
    """One JSON object per line, appended whole under a lock so concurrent requests never interleave.

    The records hold client questions: the file is created readable by its owner only (0600), in a folder only
    its owner can list (0700), whatever the umask; an existing file or folder is tightened to the same.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, row: dict[str, Any]) -> None:
        """Write one record, creating the private folder and file on first use."""
        line = json.dumps(row, ensure_ascii=False) + "\n"
        with self._lock:
            folder = self.path.parent
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.fchmod(fd, 0o600)
                os.write(fd, line.encode("utf-8"))
            finally:
                os.close(fd)


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
            "timings_ms": {k: round(v, 2) for k, v in reply.timings.items()},
            "corpus_version": reply.corpus_version,
        }
        with contextlib.suppress(OSError):
            self._file.append(row)
