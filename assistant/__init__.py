"""Grounded, cited answers about outsourcing legal-assistant work, from a local corpus."""

from .answering import Reply
from .configuration import Settings
from .core import Assistant
from .errors import (
    AssistantError,
    IndexCorruptError,
    IndexMissingError,
    IngestError,
    IngestLockedError,
    InvalidQuestionError,
    StoreUnavailableError,
)
from .ingestion import IngestReport, ingest
from .overview import Mitigation, Overview, Risk, Topic
from .passages import Citation, Passage

__all__ = [
    "Assistant",
    "AssistantError",
    "Citation",
    "IndexCorruptError",
    "IndexMissingError",
    "IngestError",
    "IngestLockedError",
    "IngestReport",
    "InvalidQuestionError",
    "Mitigation",
    "Overview",
    "Passage",
    "Reply",
    "Risk",
    "Topic",
    "Settings",
    "StoreUnavailableError",
    "ingest",
]
