"""The library API the CLI stands on: one function per user-facing job.

Design: docs/how-it-works.md
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from glossary.base.errors import GlossaryError
from glossary.base.han import fold, has_han
from glossary.base.hangul import compact
from glossary.extraction import reader
from glossary.extraction.classify import origin_evidence
from glossary.extraction.extract import (
    DocumentResult,
    DocumentStream,
    Occurrence,
    extract_file,
    extract_text,
    stream_file,
)
from glossary.extraction.morph import get_analyzer
from glossary.outputs import exports, table, termsheet
from glossary.outputs.table import records, select
from glossary.outputs.termsheet import Conflict, ImportReport, import_xlsx
from glossary.termbase.build import BuildReport, build, refresh_dirty
from glossary.termbase.store import Store
from glossary.translit import reverse
from glossary.translit.lexicon import Lexicon, copy_lexicon, default_lexicon
from glossary.translit.reverse import Candidate, KnownName, is_korean_name
from glossary.translit.suggest import STYLES, CheckResult, Suggestion, check, check_style, suggest

__all__ = [
    "STYLES",
    "BuildReport",
    "Candidate",
    "CheckResult",
    "Conflict",
    "DocumentResult",
    "DocumentStream",
    "ImportReport",
    "Occurrence",
    "Store",
    "Suggestion",
    "build",
    "build_documents",
    "check",
    "check_documents",
    "describe",
    "documents",
    "export_csv",
    "export_tables",
    "export_tbx",
    "export_xlsx",
    "extract_file",
    "extract_many",
    "extract_text",
    "fix_documents",
    "get_analyzer",
    "hanzi_candidates",
    "import_xlsx",
    "is_korean_name",
    "jsonl_lines",
    "lexicon",
    "load_pipeline",
    "run_pipeline",
    "set_style",
    "stream_file",
    "suggest",
    "write_findings",
]


def frames(store: Store, occurrences_per_key: int | None = None, style: str | None = None) -> dict:
    """The glossary's tables (entries, forms, occurrences: pandas), after completing a build that was left
    unfinished (the one write: reading the tables never writes). ``style``: the house style for this output
    (default: the glossary's)."""
    refresh_dirty(store)
    return table.frames(store, occurrences_per_key, style)


def set_style(store: Store, style: str | None, source: str = "user") -> bool:
    """Choose the glossary's house style: ``official`` (NIKL's spelling recommended, customary forms flagged
    by the check) or ``customary`` (the customary form where one is known); logged in the history."""
    return store.set_style(check_style(style) if style is not None else None, source)


def export_xlsx(store: Store, path: str | Path, max_occurrences_per_entry: int = 3, tables: dict | None = None,
                filter_text: str = "all entries", progress=None) -> dict:
    """The term sheet (see outputs.termsheet); ``progress`` is told how many rows were written."""
    tables = tables if tables is not None else frames(store, max_occurrences_per_entry)
    return termsheet.export_xlsx(store, path, max_occurrences_per_entry, tables, filter_text, progress)


def documents(inputs: Iterable[str | Path]) -> list[Path]:
    """The documents named: files as given, folders read for every document type the tool reads."""
    return reader.documents(inputs)


def export_tbx(store: Store, path: str | Path, tables: dict | None = None) -> int:
    """TBX-Basic for CAT tools (see outputs.exports)."""
    return exports.export_tbx(store, path, tables if tables is not None else frames(store))


def export_csv(store: Store, path: str | Path, delimiter: str = ",", tables: dict | None = None) -> int:
    """MultiTerm-style CSV, or TSV with a tab delimiter (see outputs.exports)."""
    return exports.export_csv(store, path, delimiter, tables if tables is not None else frames(store))


def jsonl_lines(store: Store, tables: dict | None = None) -> list[str]:
    """One JSON object per entry (see outputs.exports)."""
    return exports.jsonl_lines(store, tables if tables is not None else frames(store))


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


def export_tables(store: Store, occurrences_per_entry: int | None = None, *, status: str | None = None,
                  since: str | None = None, docs: Iterable[str | Path] = (), style: str | None = None
                  ) -> tuple[dict, str]:
    """The glossary's tables for an export, narrowed to what needs review, and a sentence saying which
    entries were chosen (the term sheet's Summary shows it): ``status`` (e.g. candidate), entries new or
    changed ``since`` a date (ISO, e.g. 2026-11-01), entries seen in the documents ``docs``."""
    from glossary.termbase.store import STATUSES

    tables = frames(store, occurrences_per_entry, check_style(style) if style else None)
    said = []
    keys: set[str] | None = None
    if status is not None:
        if status not in STATUSES:
            raise GlossaryError(f"--status takes {', '.join(STATUSES)}, not {status!r}")
        df = tables["entries"]
        keys = set(df.loc[df["status"] == status, "key"])
        said.append(f"status {status}")
    if since is not None:
        since = _iso_date(since)
        changed = store.keys_changed_since(since)
        keys = changed if keys is None else keys & changed
        said.append(f"new or changed since {since}")
    docs = list(docs)
    if docs:
        seen, unknown = store.keys_in_documents(docs)
        if unknown:
            raise GlossaryError(f"{unknown[0]}: no such document in {store.path} (build it first)")
        keys = seen if keys is None else keys & seen
        said.append("seen in " + ", ".join(Path(d).name for d in docs))
    if keys is None:
        return tables, "all entries"
    return select(tables, keys), "; ".join(said)


def _iso_date(text: str) -> str:
    import datetime as dt

    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise GlossaryError(f"--since takes a date such as 2026-11-01 (or a time, 2026-11-01T09:00), not {text!r}"
                            ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def describe(store: Store, name: str) -> dict | None:
    """An entry by Hanzi (any script) or by one of its Korean spellings, with its evidence."""
    key = fold("".join(name.split())) if has_han(name) else None
    if key is None:
        spelled = "".join(name.split())
        for r in records(frames(store)["forms"]):
            if compact(r["korean"]) == spelled:
                key = r["key"]
                break
    if key is None or store.entry(key) is None:
        return None
    f = frames(store, occurrences_per_key=0)
    entry = next((r for r in records(f["entries"]) if r["key"] == key), None)
    if entry is None:
        return None
    entry["spellings"] = [r for r in records(f["forms"]) if r["key"] == key]
    seen = entry["spellings"][0]["korean"] if entry["spellings"] else None
    entry["origin_evidence"] = origin_evidence(entry["hanzi"].split(" / ")[0], seen, entry["origin"] or "zh",
                                               context=entry.get("first_context") or "")
    entry["seen"] = store.seen_at(key, 20)
    entry["history"] = [{k: h.get(k) for k in ("at", "field", "old", "new", "source", "reviewer")}
                        for h in store.history(key)]
    return entry


def build_documents(paths: list[Path], db: str | Path, lex: Lexicon | None = None, analyzer: str | None = None, *,
              workers: int = 1, style: str | None = None, progress=None) -> BuildReport:
    """`build`, for a glossary that may not exist yet: a new database is kept only when at least one
    document was read (a build of nothing but unreadable files leaves nothing behind)."""
    db = Path(db)
    new = not db.exists()
    try:
        if style is not None:
            with Store(db) as store:
                set_style(store, style, "build")
        report = build(paths, db, lex, analyzer, workers=workers, progress=progress)
    except BaseException:
        if new:
            _remove_db(db)
        raise
    if new and not (report.added or report.unchanged):
        _remove_db(db)
    return report


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)


def check_documents(inputs: Iterable[str | Path], db: str | Path | None = None, style: str | None = None,
                    stages=None) -> list:
    """The editors' check of the documents (see check.checker), against the glossary at ``db`` if given."""
    from glossary.check.checker import check as check_docs

    if db is None:
        return check_docs(inputs, None, style=style, stages=stages)
    with Store(db, create=False) as store:
        return check_docs(inputs, store, style=style, stages=stages)


def write_findings(findings: list, inputs: Iterable[str | Path], db: str | Path | None = None, *,
                   xlsx: str | Path | None = None, html: str | Path | None = None,
                   annotate: str | Path | None = None) -> None:
    """The check's findings as a spreadsheet, an HTML report, or a copy of the document with comments."""
    from glossary.check import annotate as annotating
    from glossary.check import html_report, report

    inputs = list(inputs)
    if xlsx:
        report.write_xlsx(findings, xlsx)
    if html:
        store = Store(db, create=False) if db else None
        try:
            html_report.write_html(findings, inputs, html, store)
        finally:
            if store is not None:
                store.close()
    if annotate:
        annotating.annotate(inputs, findings, annotate)


def fix_documents(inputs: Iterable[str | Path], output: str | Path, db: str | Path | None = None, *,
                  first_only: bool = False, dry_run: bool = False) -> list:
    """Corrected copies of the documents (see check.fix)."""
    from glossary.check.fix import fix

    if db is None:
        return fix(inputs, output, None, first_only=first_only, dry_run=dry_run)
    with Store(db, create=False) as store:
        return fix(inputs, output, store, first_only=first_only, dry_run=dry_run)


def load_pipeline(path: str | Path, *, workers: int | None = None, style: str | None = None):
    """A batch pipeline file (see batch.pipeline), with the command line's overrides."""
    from glossary.batch import pipeline

    pipe = pipeline.load(path)
    if workers:
        pipe.workers = workers
    if style is not None:
        pipe.style = check_style(style)
    return pipe


def run_pipeline(pipe, engine: str | None = None, scheduler: str | None = None, stages=None):
    """Run a batch pipeline: extract, build, check, export; resumable (see batch.pipeline)."""
    from glossary.batch import pipeline

    return pipeline.run(pipe, engine, scheduler, stages)


def hanzi_candidates(spellings: Iterable[str], lex: Lexicon | None = None, db: str | Path | None = None,
                     limit: int = 10) -> list[tuple[str, list[Candidate]]]:
    """Ranked Hanzi candidates for Korean spellings of Chinese names (핀둬둬 → 拼多多), each with its pinyin,
    source and score (see translit.reverse): the names of the glossary at ``db`` first when given (by
    spelling and phonetic key), then the lexicon's, the dictionaries' and composed persons. Guesses for a
    person to confirm: nothing is written, and the check and `fix --hanzi` never use them."""
    names: list[KnownName] = []
    if db is not None:
        with Store(db, create=False) as store:
            names = known_names(store)
    known = reverse.NameIndex(names)
    return [(s, reverse.candidates(s, lex, known, limit)) for s in spellings]


def known_names(store: Store) -> list[KnownName]:
    """The glossary's names with every Korean spelling it has for them (chosen, recommended, official,
    customary, seen in the documents), for the reverse look-up; rejected and forbidden entries left out
    (they are not names, or not to be used). Read only: a build left unfinished is not completed here."""
    from glossary.termbase.resolve import customary_forms

    f = table.frames(store, occurrences_per_key=0)
    seen: dict[str, list[str]] = {}
    for r in records(f["forms"]):
        seen.setdefault(r["key"], []).append(r["korean"])
    out = []
    for r in records(f["entries"]):
        if r["status"] in ("rejected", "forbidden"):
            continue
        spellings = [r["chosen_korean"], r["recommended"], r["official"],
                     *(k for k, _ in customary_forms(r["customary"])), *seen.get(r["key"], ())]
        forms = tuple(dict.fromkeys(s for s in spellings if s))
        if forms:
            out.append(KnownName(r["hanzi"].split(" / ")[0], forms, r["pinyin"]))
    return out
