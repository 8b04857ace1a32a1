"""The library API the CLI stands on: one function per user-facing job."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .build import BuildReport, build
from .errors import GlossaryError
from .exports import export_csv, export_tbx, jsonl_lines
from .extract import DocumentResult, DocumentStream, Occurrence, extract_file, extract_text, stream_file
from .han import fold, has_han
from .lexicon import Lexicon, copy_lexicon, default_lexicon
from .morph import get_analyzer
from .store import Store
from .suggest import CheckResult, Suggestion, check, suggest
from .table import frames, records
from .termsheet import ImportReport, export_xlsx, import_xlsx

__all__ = [
    "BuildReport",
    "CheckResult",
    "DocumentResult",
    "DocumentStream",
    "ImportReport",
    "Occurrence",
    "Store",
    "Suggestion",
    "build",
    "check",
    "describe",
    "export_csv",
    "export_tbx",
    "export_xlsx",
    "extract_file",
    "extract_many",
    "extract_text",
    "get_analyzer",
    "import_xlsx",
    "jsonl_lines",
    "lexicon",
    "stream_file",
    "suggest",
]


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


def describe(store: Store, name: str) -> dict | None:
    """An entry by Hanzi (any script) or by one of its Korean spellings, with its evidence."""
    key = fold("".join(name.split())) if has_han(name) else None
    if key is None:
        spelled = "".join(name.split())
        for r in records(frames(store)["forms"]):
            if r["korean"].replace(" ", "") == spelled:
                key = r["key"]
                break
    if key is None or store.entry(key) is None:
        return None
    f = frames(store, occurrences_per_key=0)
    entry = next((r for r in records(f["entries"]) if r["key"] == key), None)
    if entry is None:
        return None
    entry["spellings"] = [r for r in records(f["forms"]) if r["key"] == key]
    entry["seen"] = [f"{r['doc']}:{r['line']}" for r in store.sample_occurrences(20, key)]
    entry["history"] = [f"{h['at']} {h['field']}: {h['old']} → {h['new']} ({h['source']})" for h in store.history(key)]
    return entry
