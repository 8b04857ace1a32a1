"""The library API the CLI stands on: one function per user-facing job."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import GlossaryError
from .extract import DocumentResult, Occurrence, extract_file, extract_text
from .lexicon import Lexicon, copy_lexicon, default_lexicon
from .morph import get_analyzer
from .suggest import CheckResult, Suggestion, check, suggest

__all__ = ["CheckResult", "DocumentResult", "Occurrence", "Suggestion", "check", "extract_file", "extract_many",
           "extract_text", "get_analyzer", "lexicon", "suggest"]


def lexicon(exceptions: str | Path | None = None) -> Lexicon:
    """The bundled exceptions, plus a user's table when given."""
    if exceptions is None:
        return default_lexicon()
    lex = copy_lexicon(default_lexicon())
    lex.load_file(exceptions)
    return lex


def extract_many(paths: Iterable[str | Path], lex: Lexicon | None = None, analyzer: str | None = None
                 ) -> Iterator[tuple[Path, DocumentResult | None, str | None]]:
    """Extract from each file in turn: (path, result, None) or (path, None, one-line error)."""
    for path in paths:
        try:
            yield Path(path), extract_file(path, lex, analyzer), None
        except GlossaryError as exc:
            yield Path(path), None, str(exc)
