"""The `glossary` command: a thin layer over the library API (glossary.api), each command a few lines.

The choices of each option are typed (typer shows them and refuses others with exit 2); the options that
several commands share are declared once below; what a person reads is shaped in outputs.console and
check.report. Every failure is one line, ``error: …``, and an exit code from base.errors.

Design: docs/how-it-works.md
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Literal

import typer

from glossary import api
from glossary.base.errors import BAD_INPUT, NEGATIVE, OK, PARTIAL, GlossaryError
from glossary.base.progress import Stages
from glossary.base.words import plural
from glossary.extraction.extract import PUBLIC_FIELDS
from glossary.outputs import console

EXIT_CODES = ("Exit status (every command): 0 done; 1 done, with a result that needs attention (check findings, "
              "import conflicts, an unknown name); 2 usage error or bad input, nothing written; 3 some inputs "
              "could not be read and were skipped.")
app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Find Chinese names written in Korean with their Hanzi, and curate them into a glossary.\n\n"
                       + EXIT_CODES)

Style = Literal["official", "customary"]
Analyzer = Literal["rule", "komoran", "okt", "kiwi"]
Level = Literal["error", "warning", "info", "never"]

DB_OPTION = typer.Option(Path("glossary.db"), "--db", help="The glossary database (SQLite file).")
EXCEPTIONS_OPTION = typer.Option(None, "--exceptions", help="Extra TSV of hanzi, korean[, kind, source].")
ANALYZER_OPTION = typer.Option("rule", "--analyzer", help="Korean analyzer.")
STYLE_OPTION = typer.Option(None, "--style", help="House style: official (NIKL's spelling) or customary (the form "
                                                  "in established use where one is known); default: the "
                                                  "glossary's, else both are correct.")


@app.callback()
def _root() -> None:
    """Find Chinese names written in Korean with their Hanzi, and curate them into a glossary."""


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


def _read_status(read: int, failed: int) -> int:
    """Exit status after reading inputs: 2 when nothing could be read, 3 when some could not."""
    if failed and not read:
        return BAD_INPUT
    return PARTIAL if failed else OK


def _mb(path: Path) -> float:
    try:
        return path.stat().st_size / 1e6
    except OSError:
        return 0.0


@app.command()
def suggest(
    hanzi: list[str] = typer.Argument(None, help="Hanzi names, Korean spellings (for Hanzi candidates), or "
                                                 "KOREAN HANZI pairs with --check."),
    fmt: Literal["table", "jsonl"] = typer.Option("table", "--format", "-f"),
    check: bool = typer.Option(False, "--check", help="Judge KOREAN HANZI pairs: official, variant or not."),
    person: bool = typer.Option(None, "--person/--not-person", help="Force or forbid the surname reading."),
    exceptions: Path = EXCEPTIONS_OPTION,
    origin: Literal["zh", "ja", "ko"] = typer.Option(None, "--origin", help="zh (Mandarin rules), ja (Japanese "
                                                     "reading and rules) or ko (a Korean name: Sino-Korean "
                                                     "reading); default: ja where a character is a form Chinese "
                                                     "does not write, else zh."),
    style: Style = STYLE_OPTION,
    db: Path = typer.Option(None, "--db", help="Korean input: this glossary's names come first."),
) -> None:
    """Korean spellings of Hanzi names: the one recommended under the house style, official (NIKL's rules)
    and customary (in established use); pinyin (or Japanese reading) and Sino-Korean reading. Korean spellings
    instead give ranked Hanzi candidates (glossary, tables, dictionaries, composed persons) to confirm.

    Example: glossary suggest 彭建真 欧阳修 香港 --format jsonl

    Example: glossary suggest 成龙 周润发 --style official

    Example: glossary suggest 安倍晋三 --origin ja

    Example: glossary suggest --check 펑지엔전 彭建真

    Example: glossary suggest 핀둬둬 레이쥔 --format jsonl
    """
    items = hanzi or []
    if not items or (check and len(items) % 2):
        _fail("name Hanzi names (glossary suggest 彭建真), or KOREAN HANZI pairs with --check")
    try:
        lex = api.lexicon(exceptions)
    except GlossaryError as exc:
        _fail(str(exc))
    if check:
        results = [api.check(k, h, lex) for k, h in zip(items[::2], items[1::2])]
        for r in results:
            typer.echo(json.dumps(r.to_dict(), ensure_ascii=False) if fmt == "jsonl" else console.verdict_line(r))
        return
    if any(api.is_korean_name(i) for i in items):
        return _suggest_hanzi(items, lex, db, fmt)
    results = [api.suggest(h, lex, person=person, origin=origin, style=style) for h in items]
    if fmt == "jsonl":
        for r in results:
            typer.echo(json.dumps({k: v for k, v in r.to_dict().items() if k != "error" or v}, ensure_ascii=False))
    else:
        console.print_suggestions(results)
    bad = [r for r in results if r.error]
    for r in bad:
        typer.echo(f"warning: {r.hanzi!r}: {r.error}", err=True)
    if len(bad) == len(results):
        raise typer.Exit(NEGATIVE)


def _suggest_hanzi(items: list[str], lex, db: Path | None, fmt: str) -> None:
    """`suggest` with Korean spellings: ranked Hanzi candidates (outputs.candidates renders them)."""
    from glossary.outputs import candidates

    if not all(api.is_korean_name(i) for i in items):
        _fail("give Hanzi names or Korean spellings, not both in one call")
    try:
        answers = api.hanzi_candidates(items, lex, db)
    except GlossaryError as exc:
        _fail(str(exc))
    candidates.render(answers, fmt, typer.echo)
    for korean, found in answers:
        if not found:
            typer.echo(f"warning: {korean!r}: no Hanzi candidate", err=True)
    if not any(found for _, found in answers):
        raise typer.Exit(NEGATIVE)


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Documents or folders: .txt/.md (UTF-8, CP949/EUC-KR, UTF-16), "
                                                 ".docx, .html, .pdf, .hwpx, .hwp."),
    fmt: Literal["jsonl", "csv", "table"] = typer.Option("jsonl", "--format", "-f"),
    exceptions: Path = EXCEPTIONS_OPTION,
    analyzer: Analyzer = ANALYZER_OPTION,
) -> None:
    """Every Korean–Hanzi name pair in the documents, one occurrence per row (progress on a terminal, on
    standard error).

    Example: glossary extract data/samples/newsletter-sample.txt --format table

    Example: glossary extract data/samples > pairs.jsonl
    """
    try:
        lex = api.lexicon(exceptions)
        api.get_analyzer(analyzer)
    except GlossaryError as exc:
        _fail(str(exc))
    rows: list[dict] = []
    writer = csv.DictWriter(sys.stdout, fieldnames=list(PUBLIC_FIELDS), extrasaction="ignore") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    paths = api.documents(files)
    read = failed = 0
    stages = Stages()
    with stages.stage("extract", total=len(paths)) as stage:
        for path, result, error in api.extract_many(paths, lex, analyzer):
            stage.advance(1, _mb(path))
            if error:
                typer.echo(f"error: {error}", err=True)
                failed += 1
                continue
            read += 1
            _rows_out(path, result, writer, rows if fmt == "table" else None)
    stages.close()
    if fmt == "table":
        console.print_occurrences(rows)
    raise typer.Exit(_read_status(read, failed))


def _rows_out(path: Path, result, writer, rows: list[dict] | None) -> None:
    """A document's occurrences as JSON lines, CSV rows, or kept for a table."""
    if result.encoding not in ("utf-8", "utf-8-sig", "docx", "pdf", "hwpx", "hwp"):
        typer.echo(f"note: {path}: read as {result.encoding}", err=True)
    for occ in result.occurrences:
        row = occ.to_dict()
        if rows is not None:
            rows.append(row)
        elif writer is not None:
            writer.writerow(row)
        else:
            typer.echo(json.dumps(row, ensure_ascii=False))


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., help="Documents or folders of documents."),
    db: Path = DB_OPTION,
    exceptions: Path = EXCEPTIONS_OPTION,
    analyzer: Analyzer = ANALYZER_OPTION,
    workers: int = typer.Option(1, "--workers", help="Extract in this many processes (spawned)."),
    style: Style = typer.Option(None, "--style", help="Set the glossary's house style (kept in the glossary; "
                                                      "export and check follow it)."),
) -> None:
    """Extract documents and merge their evidence into the glossary (reviewed fields are never touched). A
    new glossary is only made when at least one document could be read.

    Example: glossary build data/samples --db glossary.db

    Example: glossary build data/samples --db glossary.db --style official
    """
    try:
        lex = api.lexicon(exceptions)
        paths = api.documents(inputs)
        stages = Stages()
        with stages.stage("build", total=len(paths)) as stage:
            report = api.build_documents(paths, db, lex, analyzer, workers=workers, style=style,
                                         progress=lambda path: stage.advance(1, _mb(path)))
        stages.close()
    except GlossaryError as exc:
        _fail(str(exc))
    for _path, error in report.failed:
        typer.echo(f"error: {error}", err=True)
    typer.echo(console.build_line(report.summary(), db))
    raise typer.Exit(_read_status(len(report.added) + len(report.unchanged), len(report.failed)))


@app.command("export")
def export_(
    db: Path = DB_OPTION,
    xlsx: Path = typer.Option(None, "--xlsx", help="Excel term sheet to write."),
    tbx: Path = typer.Option(None, "--tbx", help="TBX-Basic file to write."),
    csv_path: Path = typer.Option(None, "--csv", help="MultiTerm-style CSV to write (.tsv: tab-separated)."),
    fmt: Literal["jsonl"] = typer.Option(None, "--format", "-f", help="One entry per line on standard output."),
    occurrences_per_entry: int = typer.Option(3, "--occurrences-per-entry",
                                              help="Places shown per entry in the term sheet's Occurrences sheet."),
    status: str = typer.Option(None, "--status", help="Only entries with this status (e.g. candidate)."),
    since: str = typer.Option(None, "--since", help="Only entries new or changed since this date (2026-11-01)."),
    docs: list[Path] = typer.Option(None, "--doc", help="Only entries seen in this document (repeatable)."),
    style: Style = typer.Option(None, "--style", help="Recommend by this house style in this export; default: the "
                                                      "glossary's."),
) -> None:
    """Export the glossary: term sheet, TBX-Basic, CSV/TSV, or JSONL; all of it or what needs review.

    Example: glossary export --db glossary.db --xlsx terms.xlsx --tbx terms.tbx

    Example: glossary export --db glossary.db --xlsx this-week.xlsx --status candidate --since 2026-11-23
    """
    if not (xlsx or tbx or csv_path or fmt):
        _fail("say what to export: --xlsx, --tbx, --csv or --format jsonl")
    try:
        with api.Store(db, create=False) as store:
            # read once, written in every format asked for
            tables, chosen = api.export_tables(store, occurrences_per_entry, status=status, since=since,
                                               docs=docs or (), style=style)
            if chosen != "all entries":
                typer.echo(f"{plural(len(tables['entries']), 'entry', 'entries')}: {chosen}", err=True)
            _export(store, tables, chosen, xlsx, tbx, csv_path, fmt, occurrences_per_entry)
    except GlossaryError as exc:
        _fail(str(exc))


def _export(store, tables: dict, chosen: str, xlsx: Path | None, tbx: Path | None, csv_path: Path | None,
            fmt: str | None, occurrences_per_entry: int) -> None:
    if xlsx:
        stages = Stages()
        with stages.stage("export: xlsx", total=sum(len(df) for df in tables.values()), unit="rows") as st:
            n = api.export_xlsx(store, xlsx, occurrences_per_entry, tables, filter_text=chosen, progress=st.advance)
        stages.close()
        typer.echo(f"wrote {xlsx}: {plural(n['entries'], 'entry', 'entries')}, {plural(n['forms'], 'spelling')}",
                   err=True)
    if tbx:
        typer.echo(f"wrote {tbx}: {plural(api.export_tbx(store, tbx, tables), 'entry', 'entries')}", err=True)
    if csv_path:
        n = api.export_csv(store, csv_path, "\t" if csv_path.suffix.lower() == ".tsv" else ",", tables)
        typer.echo(f"wrote {csv_path}: {plural(n, 'entry', 'entries')}", err=True)
    if fmt == "jsonl":
        for line in api.jsonl_lines(store, tables):
            typer.echo(line)


@app.command("import")
def import_(
    sheet: Path = typer.Argument(..., help="A term sheet exported by `glossary export --xlsx`, reviewed."),
    db: Path = DB_OPTION,
    reviewer: str = typer.Option(None, "--reviewer", help="Who decided (default: the sheet's Reviewer field, "
                                                          "else your user name)."),
    prefer: Literal["sheet", "glossary"] = typer.Option(None, "--prefer", help="Settle conflicts: take the sheet's "
                                                        "values, or keep the glossary's."),
) -> None:
    """Apply reviewers' decisions (status, chosen Korean, note, type, form status) from a term sheet.

    Only the cells changed in the sheet are applied. A cell that also changed in the glossary since the
    export (another reviewer's import, a build) is a conflict: nothing is written, the conflicts are
    listed, and the exit status is 1 until --prefer settles them.

    Example: glossary import reviewed.xlsx --db glossary.db --reviewer kim

    Example: glossary import reviewed.xlsx --db glossary.db --prefer glossary
    """
    try:
        with api.Store(db, create=False) as store:
            report = api.import_xlsx(store, sheet, reviewer=reviewer, prefer=prefer)
    except GlossaryError as exc:
        _fail(str(exc))
    for line in report.lines():
        typer.echo(line)
    conflicts = plural(len(report.conflicts), "conflict")
    if not report.written:
        typer.echo(f"{conflicts} with changes made since {sheet} was exported ({report.exported}): nothing "
                   "imported; settle them with --prefer sheet or --prefer glossary", err=True)
        raise typer.Exit(NEGATIVE)
    settled = f", {conflicts} settled ({report.settled} kept)" if report.conflicts else ""
    typer.echo(f"{plural(len(report.changes), 'change')} from {sheet} by {report.reviewer}{settled}", err=True)


@app.command()
def show(
    names: list[str] = typer.Argument(..., help="Hanzi (any script) or a Korean spelling."),
    db: Path = DB_OPTION,
    fmt: Literal["text", "json"] = typer.Option("text", "--format", "-f"),
) -> None:
    """One entry with its spellings, decisions, evidence and history (who decided what, from which sheet).

    Example: glossary show 彭建真 --db glossary.db

    Example: glossary show 펭지엔전 --db glossary.db --format json
    """
    missing = 0
    try:
        with api.Store(db, create=False) as store:
            for name in names:
                info = api.describe(store, name)
                if info is None:
                    typer.echo(f"{name}: not in {db}", err=True)
                    missing += 1
                else:
                    typer.echo(json.dumps(info, ensure_ascii=False, indent=2) if fmt == "json"
                               else console.entry_text(info))
    except GlossaryError as exc:
        _fail(str(exc))
    if missing:
        raise typer.Exit(NEGATIVE)


@app.command("check")
def check_(
    inputs: list[Path] = typer.Argument(..., help="Documents or folders to check (.txt/.md, .docx, .html, .pdf, "
                                                  ".hwpx, .hwp)."),
    db: Path = typer.Option(None, "--db", help="Check against this glossary's approved forms too."),
    fmt: Literal["text", "table", "jsonl"] = typer.Option("text", "--format", "-f", help="text: path:line:col: …"),
    xlsx: Path = typer.Option(None, "--xlsx", help="Also write the findings to this spreadsheet."),
    html: Path = typer.Option(None, "--html", help="Also write a self-contained HTML report to this file."),
    annotate: Path = typer.Option(None, "--annotate", help="Also write a copy of the (one) .docx, .pdf or .hwpx "
                                                           "document (by this file's suffix) with a comment at each "
                                                           "error and warning (Word comments; PDF highlights; "
                                                           "HWPX memos)."),
    fail_on: Level = typer.Option("error", "--fail-on", help="Exit 1 if there are findings at this level."),
    style: Style = STYLE_OPTION,
) -> None:
    """Report names spelled more than one way, or not the approved way, and writers' slips of names written
    without Hanzi (gate a publishing step with it).

    Only what deviates is reported: the occurrences spelled otherwise than the expected spelling (the
    approved one, else the official one, else the documents' dominant one); another name for the same
    Hanzi (a translation, a short form) is a note. A document that cannot be read is named on standard
    error, and the exit status is 3 (2 when none could be read).

    Example: glossary check data/samples --db glossary.db --fail-on error

    Example: glossary check article.docx --html report.html --annotate checked.docx

    Example: glossary check data/samples --style official
    """
    from glossary.check import report

    try:
        stages = Stages()
        found = api.check_documents(inputs, db, style=style, stages=stages)
        stages.close()
        skipped = [f for f in found if f.kind == "unreadable"]
        findings = [f for f in found if f.kind != "unreadable"]
        read = len(api.documents(inputs)) - len(skipped)
        if read:
            api.write_findings(findings, inputs, db, xlsx=xlsx, html=html, annotate=annotate)
    except GlossaryError as exc:
        _fail(str(exc))
    for f in skipped:
        typer.echo(f"error: {f.context}", err=True)
    if read:
        report.show(findings, fmt)
    if skipped:
        raise typer.Exit(_read_status(read, len(skipped)))
    if report.fails(findings, fail_on):
        raise typer.Exit(NEGATIVE)


@app.command("fix")
def fix_(
    inputs: list[Path] = typer.Argument(..., help="Documents (.txt/.md, .docx, .html, .hwpx) or folders to "
                                                  "correct (.pdf and .hwp are not rewritten)."),
    output: Path = typer.Option(..., "--output", "-o", help="The corrected copy (a folder for several documents)."),
    db: Path = typer.Option(None, "--db", help="Use this glossary's approved spellings too."),
    hanzi: Literal["keep", "first-only"] = typer.Option("keep", "--hanzi", help="keep: add Hanzi where the first "
                                                        "mention lacks them; first-only: also remove them from "
                                                        "later mentions."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write nothing; print a unified diff."),
) -> None:
    """Write a corrected copy: every deviating spelling replaced by the expected one (the particle after it
    chosen again: 펭지엔전은 → 펑젠전은, 레이준과 → 레이쥔과), the Hanzi added at a name's first mention.
    Everything else stays byte for byte; a report lists each change with its reason.

    Example: glossary fix data/samples/editor-issue.txt -o fixed.txt --dry-run

    Example: glossary fix issue.docx --db glossary.db -o issue-fixed.docx --hanzi first-only
    """
    try:
        results = api.fix_documents(inputs, output, db, first_only=hanzi == "first-only", dry_run=dry_run)
    except GlossaryError as exc:
        _fail(str(exc))
    for r in results:
        if r.note:
            typer.echo(f"note: {r.note}", err=True)
            continue
        if dry_run and r.diff:
            typer.echo(r.diff if r.diff.endswith("\n") else r.diff + "\n", nl=False)
        for c in r.changes:
            typer.echo(c.describe(), err=dry_run)
    written = [r for r in results if not r.note]
    total = plural(sum(len(r.changes) for r in written), "place")
    docs = f"{sum(bool(r.changes) for r in written)} of {plural(len(results), 'document')}"
    typer.echo(f"{'would change' if dry_run else 'changed'} {total} in {docs}"
               + ("" if dry_run or not written else f"; corrected copy in {output}"), err=True)


@app.command("run")
def run_(
    pipeline: Path = typer.Argument(..., help="A pipeline file (TOML), e.g. pipelines/weekly.toml."),
    engine: Literal["local", "dask"] = typer.Option(None, "--engine", help="local (process pool) or dask; "
                                                    "default: the file's."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    workers: int = typer.Option(None, "--workers", help="Worker processes (default: the file's)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show each stage's progress (on a "
                                                                         "terminal, on standard error)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary; errors still show."),
    fmt: Literal["text", "json"] = typer.Option("text", "--format", "-f", help="json: the summary as one JSON "
                                                "object on standard output."),
    style: Style = typer.Option(None, "--style", help="House style (default: the file's `style`, else the "
                                                      "glossary's)."),
) -> None:
    """Run a batch pipeline: extract (parallel, cached by content), build, check, export; resumable.

    Each stage shows its progress on a terminal (documents, entries, rows, with rate and time left), and
    a table of where the time went closes the run (also in run.log; --format json for scripts).

    Example: glossary run pipelines/weekly.toml --workers 2

    Example: glossary run pipelines/weekly.toml --quiet --format json

    Exit status: 0 all well; 1 the check step failed; 2 a bad pipeline file; 3 some files could not be read
    (they are skipped).
    """
    try:
        pipe = api.load_pipeline(pipeline, workers=workers, style=style)
        report = api.run_pipeline(pipe, engine, scheduler, Stages(show=progress and not quiet))
    except GlossaryError as exc:
        _fail(str(exc))
    for _path, error in report.failed:
        typer.echo(f"error: {error}", err=True)
    built = report.build.summary() if report.build else {}
    if fmt == "json":
        typer.echo(json.dumps({"extracted": report.extracted, "cached": report.cached, "failed": len(report.failed),
                               "build": built, "findings": report.findings, "outputs": report.outputs,
                               "stages": report.stages, "worker_peak_mb": report.worker_peak_mb,
                               "log": str(pipe.log)}, ensure_ascii=False))
    else:
        if not quiet:
            console.print_stages(report.stages, report.worker_peak_mb)
            typer.echo(console.run_line(report, built, pipe.log), err=True)
        for out in report.outputs:
            typer.echo(out)
    raise typer.Exit(report.exit_status())


def main() -> None:
    """The `glossary` program: the app, with a usage error said in one line too (exit 2)."""
    try:  # typer vendors click from 0.2x on; the same classes otherwise
        from typer._click.exceptions import NoArgsIsHelpError, UsageError
    except ImportError:  # pragma: no cover
        from click.exceptions import NoArgsIsHelpError, UsageError

    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError:
        app(["--help"], standalone_mode=False)
        code = BAD_INPUT
    except UsageError as exc:
        typer.echo(f"error: {exc.format_message()}", err=True)
        code = BAD_INPUT
    except typer.Abort:
        typer.echo("error: interrupted", err=True)
        code = 130
    sys.exit(code if isinstance(code, int) else OK)
