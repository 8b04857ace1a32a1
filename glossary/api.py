"""The library API the CLI stands on: one function per user-facing job."""

from __future__ import annotations

from pathlib import Path

from .lexicon import Lexicon, copy_lexicon, default_lexicon
from .suggest import CheckResult, Suggestion, check, suggest

__all__ = ["CheckResult", "Suggestion", "check", "lexicon", "suggest"]


def lexicon(exceptions: str | Path | None = None) -> Lexicon:
    """The bundled exceptions, plus a user's table when given."""
    if exceptions is None:
        return default_lexicon()
    lex = copy_lexicon(default_lexicon())
    lex.load_file(exceptions)
    return lex
