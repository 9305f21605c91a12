"""Domain errors. Each carries a one-line message a user can act on."""
from __future__ import annotations

REBUILD_HINT = "run `python -m qa build` to rebuild it"
BRIEF_CHARS = 60


def brief(value: object) -> str:
    """``repr(value)`` cut to ``BRIEF_CHARS`` characters: a value read from a damaged file goes into a
    one-line message, whatever its size."""
    text = repr(value)
    return text if len(text) <= BRIEF_CHARS else text[: BRIEF_CHARS - 1] + "…"


class QAError(Exception):
    """Base class for every error `qa` reports to a user."""


class CorpusError(QAError):
    """The corpus directory or one of its files cannot be used."""


class IndexMissingError(QAError):
    """There is no index where one was expected."""


class IndexStaleError(QAError):
    """The index was built from a different corpus than the one on disk."""


class IndexCorruptError(QAError):
    """An index file is truncated, altered or unreadable."""


class ModelMismatchError(QAError):
    """The embedding model asked for is not the one that built the index."""


class QuestionError(QAError, ValueError):
    """A question that cannot be answered as given (empty, too long...).

    ``kind`` names the case for a reply in the reader's language (``empty``, ``no_words``; see the
    languages' ``ui`` strings), "" for the others."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


class BusyError(QAError):
    """Another build holds the index lock."""


class IndexWriteError(QAError):
    """The index could not be written (read-only, permission, full disk); the old one is intact."""


class MissingExtraError(QAError):
    """An optional dependency (an extra such as ``[dense]``) is not installed."""


class IndexTargetError(QAError):
    """The build target is not an index directory (or an empty/new one); nothing was touched."""


class ModelLoadError(QAError):
    """An embedding model cannot be loaded (not installed, not on disk, hub offline, bad files)."""
