"""Every error the assistant raises on purpose, each with a message that names the fix."""


class AssistantError(Exception):
    """Base class: a failure the user can act on, reported without a stack trace."""


class InvalidQuestionError(AssistantError, ValueError):
    """The question is empty, too long, or otherwise unusable."""


class IndexMissingError(AssistantError):
    """No usable index exists yet where the settings point."""


class IndexCorruptError(AssistantError):
    """An index exists but cannot be opened or read."""


class IngestError(AssistantError):
    """Ingest could not produce an index."""


class IngestLockedError(IngestError):
    """Another ingest holds the writer lock."""


class StoreUnavailableError(AssistantError):
    """The configured Chroma server cannot be reached."""
