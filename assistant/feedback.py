"""Local feedback store (JSONL) so the evaluation set can grow from real use."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from .audit import JsonlFile, utc_timestamp

REASONS = ("wrong answer", "wrong citation", "should have declined", "other")


class FeedbackStore:
    """Appends one JSON object per rating or reason to data_dir/feedback.jsonl."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = JsonlFile(path)

    def add(
        self,
        *,
        rating: str,
        question: str,
        answer: str,
        citations: list[dict[str, Any]],
        reason: str | None = None,
        comment: str = "",
        ref: str | None = None,
    ) -> str:
        """Store a rating ('up'/'down') with the exchange it is about; returns the record id."""
        if rating not in ("up", "down"):
            raise ValueError("rating must be 'up' or 'down'")
        if reason is not None and reason not in REASONS:
            raise ValueError(f"reason must be one of {REASONS}")
        rid = ref or uuid.uuid4().hex[:12]
        row = {
            "id": rid,
            "time": utc_timestamp(),
            "rating": rating,
            "reason": reason,
            "comment": comment[:2000],
            "question": question,
            "answer": answer,
            "citations": citations,
        }
        self._file.append(row)
        return rid

    def read(self) -> list[dict[str, Any]]:
        """Every record, latest version of each id last."""
        if not self.path.exists():
            return []
        return [json.loads(x) for x in self.path.read_text(encoding="utf-8").splitlines() if x.strip()]
