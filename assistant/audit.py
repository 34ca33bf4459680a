"""An append-only JSONL record of each exchange, for a firm's own review of what the assistant said."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from .answering import Reply


class AuditLog:
    """Writes one line per answered question; never stores credentials or settings."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(self, question: str, reply: Reply) -> None:
        """Append the exchange; a failing disk must not fail the answer, so errors are swallowed after one try."""
        row = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
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
        line = json.dumps(row, ensure_ascii=False) + "\n"
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with open(self.path, "a", encoding="utf-8") as fh:
                    fh.write(line)
        except OSError:
            pass
