"""The library API the CLI stands on: one function per user-facing job."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import GlossaryError
from .extract import DocumentResult, DocumentStream, Occurrence, extract_file, extract_text, stream_file
from .lexicon import Lexicon, copy_lexicon, default_lexicon
from .morph import get_analyzer
from .suggest import CheckResult, Suggestion, check, suggest

__all__ = ["CheckResult", "DocumentResult", "DocumentStream", "Occurrence", "Suggestion", "check", "extract_file",
           "extract_many", "extract_text", "get_analyzer", "lexicon", "stream_file", "suggest"]


def lexicon(exceptions: str | Path | None = None) -> Lexicon:
    """The bundled exceptions, plus a user's table when given."""
    if exceptions is None:
        return default_lexicon()
    lex = copy_lexicon(default_lexicon())
    lex.load_file(exceptions)
    return lex


def extract_many(paths: Iterable[str | Path], lex: Lexicon | None = None, analyzer: str | None = None
                 ) -> Iterator[tuple[Path, DocumentStream | None, str | None]]:
    """Extract from each file in turn: (path, stream, None) or (path, None, one-line error).

    Each file is read whole before its first occurrence comes out (memory flat, occurrences spooled to
    disk), so a file that fails half-way gives an error and no partial result."""
    for path in paths:
        try:
            stream = stream_file(path, lex, analyzer)
        except GlossaryError as exc:
            yield Path(path), None, str(exc)
            continue
        yield Path(path), stream, None
