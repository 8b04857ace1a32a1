"""The `glossary` command: a thin layer over the library (each command a few lines)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from glossary import api
from glossary.base.errors import BAD_INPUT, NEGATIVE, OK, PARTIAL, GlossaryError
from glossary.base.progress import Stages
from glossary.extraction.extract import PUBLIC_FIELDS

EXIT_CODES = ("Exit status (every command): 0 done; 1 done, with a result that needs attention (check findings, "
              "import conflicts, an unknown name); 2 usage error or bad input, nothing written; 3 some inputs "
              "could not be read and were skipped.")
app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Find Chinese names written in Korean with their Hanzi, and curate them into a glossary.\n\n"
                       + EXIT_CODES)


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


STYLE_OPTION = typer.Option(None, "--style", help="House style: official (NIKL's spelling) or customary (the form in "
                                                  "established use where one is known).")


@app.command()
def suggest(
    hanzi: list[str] = typer.Argument(None, help="Hanzi names (or, with --check, KOREAN HANZI pairs)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | jsonl"),
    check: bool = typer.Option(False, "--check", help="Judge KOREAN HANZI pairs: official, variant or not."),
    person: bool = typer.Option(None, "--person/--not-person", help="Force or forbid the surname reading."),
    exceptions: Path = typer.Option(None, "--exceptions", help="Extra TSV of hanzi, korean[, kind, source]."),
    origin: str = typer.Option(None, "--origin", help="zh (Mandarin rules), ja (Japanese reading and rules) or ko "
                                                      "(a Korean name: Sino-Korean reading); default: ja where a "
                                                      "character is a form Chinese does not write, else zh."),
    style: str = STYLE_OPTION,
) -> None:
    """Korean spellings of Hanzi names: official (NIKL's rules), customary (in established use), and the one
    recommended under the house style; pinyin (or Japanese reading) and Sino-Korean reading.

    Example: glossary suggest 彭建真 欧阳修 香港 --format jsonl

    Example: glossary suggest 成龙 周润发 --style official

    Example: glossary suggest 安倍晋三 --origin ja

    Example: glossary suggest --check 펑지엔전 彭建真
    """
    items = hanzi or []
    if origin not in (None, "zh", "ja", "ko"):
        _fail(f"--origin takes zh, ja or ko, not {origin!r}")
    if not items:
        _fail("name at least one Hanzi name (e.g. glossary suggest 彭建真), or KOREAN HANZI pairs with --check")
    try:
        lex = api.lexicon(exceptions)
    except GlossaryError as exc:
        _fail(str(exc))
    if check:
        if len(items) % 2:
            _fail("--check takes KOREAN HANZI pairs")
        results = [api.check(k, h, lex) for k, h in zip(items[::2], items[1::2])]
        rows = [r.to_dict() for r in results]
        if fmt == "jsonl":
            for row in rows:
                typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            for r in results:
                extra = f" (official {r.official}, distance {r.distance})" if r.verdict != "official" else ""
                typer.echo(f"{r.korean}\t{r.hanzi}\t{r.verdict}{extra}")
        return
    if style not in (None, *api.STYLES):
        _fail(f"--style takes official or customary, not {style!r}")
    results = [api.suggest(h, lex, person=person, origin=origin, style=style) for h in items]
    if fmt == "jsonl":
        for r in results:
            row = r.to_dict()
            if row["error"] is None:
                row.pop("error")
            typer.echo(json.dumps(row, ensure_ascii=False))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("hanzi", "pinyin or reading", "korean", "official", "customary", "sino-korean", "rule")
        for r in results:
            korean = r.korean or f"[red]{r.error}[/red]"
            official = f"{r.official} ({r.official_rule})" if r.official else ""
            customary = "; ".join(f"{k} ({src})" for k, src in r.customary)
            table.add_row(r.hanzi, r.pinyin or "", korean, official, customary, r.sino_korean or "", r.rule or "")
        Console().print(table)
    bad = [r for r in results if r.error]
    for r in bad:
        typer.echo(f"warning: {r.hanzi!r}: {r.error}", err=True)
    if results and len(bad) == len(results):
        raise typer.Exit(NEGATIVE)




@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Documents or folders: .txt/.md (UTF-8, CP949/EUC-KR, UTF-16), "
                                                 ".docx, .html, .pdf, .hwpx, .hwp."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | table"),
    exceptions: Path = typer.Option(None, "--exceptions", help="Extra TSV of hanzi, korean[, kind, source]."),
    analyzer: str = typer.Option("rule", "--analyzer", help="Korean analyzer: rule | komoran | okt | kiwi."),
) -> None:
    """Every Korean–Hanzi name pair in the documents, one occurrence per row (progress on a terminal, on
    standard error).

    Example: glossary extract data/samples/newsletter-sample.txt --format table

    Example: glossary extract data/samples > pairs.jsonl
    """
    if fmt not in ("jsonl", "csv", "table"):
        _fail(f"unknown format {fmt!r} (jsonl, csv or table)")
    try:
        lex = api.lexicon(exceptions)
        api.get_analyzer(analyzer)
    except GlossaryError as exc:
        _fail(str(exc))
    rows: list[dict] = []
    read = failed = 0
    writer = None
    if fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(PUBLIC_FIELDS), extrasaction="ignore")
        writer.writeheader()
    paths = api.documents(files)
    stages = Stages()
    with stages.stage("extract", total=len(paths)) as stage:
        for path, result, error in api.extract_many(paths, lex, analyzer):
            stage.advance(1, _mb(path))
            if error:
                typer.echo(f"error: {error}", err=True)
                failed += 1
                continue
            read += 1
            _rows_out(path, result, fmt, writer, rows)
    stages.close()
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table("doc", "line", "korean", "hanzi", "english", "type", "origin", "score")
        for r in rows:
            table.add_row(r["doc"], str(r["line"]), r["korean"] or "", r["hanzi"], r["english"] or "", r["type"],
                          r["origin"], f"{r['score']:.2f}")
        Console().print(table)
    raise typer.Exit(_read_status(read, failed))


def _rows_out(path: Path, result, fmt: str, writer, rows: list[dict]) -> None:
    if result.encoding not in ("utf-8", "utf-8-sig", "docx", "pdf", "hwpx", "hwp"):
        typer.echo(f"note: {path}: read as {result.encoding}", err=True)
    for occ in result.occurrences:
        row = occ.to_dict()
        if fmt == "jsonl":
            typer.echo(json.dumps(row, ensure_ascii=False))
        elif writer is not None:
            writer.writerow(row)
        else:
            rows.append(row)


def _mb(path: Path) -> float:
    try:
        return path.stat().st_size / 1e6
    except OSError:
        return 0.0


DB_OPTION = typer.Option(Path("glossary.db"), "--db", help="The glossary database (SQLite file).")


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., help="Documents or folders of documents."),
    db: Path = DB_OPTION,
    exceptions: Path = typer.Option(None, "--exceptions", help="Extra TSV of hanzi, korean[, kind, source]."),
    analyzer: str = typer.Option("rule", "--analyzer", help="Korean analyzer: rule | komoran | okt | kiwi."),
    workers: int = typer.Option(1, "--workers", help="Extract in this many processes (spawned)."),
    style: str = typer.Option(None, "--style", help="Set the glossary's house style: official or customary "
                                                    "(kept in the glossary; export and check follow it)."),
) -> None:
    """Extract documents and merge their evidence into the glossary (reviewed fields are never touched).

    Example: glossary build data/samples --db glossary.db

    Example: glossary build data/samples --db glossary.db --style official
    """
    try:
        lex = api.lexicon(exceptions)
        if style is not None:
            with api.Store(db) as store:
                api.set_style(store, style, "build")
        paths = api.documents(inputs)
        stages = Stages()
        with stages.stage("build", total=len(paths)) as stage:
            report = api.build(paths, db, lex, analyzer, workers=workers,
                               progress=lambda path: stage.advance(1, _mb(path)))
        stages.close()
    except GlossaryError as exc:
        _fail(str(exc))
    for _path, error in report.failed:
        typer.echo(f"error: {error}", err=True)
    s = report.summary()
    typer.echo(f"{s['added']} documents added, {s['unchanged']} unchanged, {s['failed']} failed; "
               f"{s['occurrences']} occurrences of names, {s['entries_created']} new entries in {db}"
               + (f" ({s['korean_words']} Korean words in Hanzi set aside)" if s["korean_words"] else ""))
    raise typer.Exit(_read_status(len(report.added) + len(report.unchanged), len(report.failed)))


@app.command("export")
def export_(
    db: Path = DB_OPTION,
    xlsx: Path = typer.Option(None, "--xlsx", help="Excel term sheet to write."),
    tbx: Path = typer.Option(None, "--tbx", help="TBX-Basic file to write."),
    csv_path: Path = typer.Option(None, "--csv", help="MultiTerm-style CSV to write (.tsv: tab-separated)."),
    fmt: str = typer.Option(None, "--format", "-f", help="jsonl: one entry per line on standard output."),
    occurrences_per_entry: int = typer.Option(3, "--occurrences-per-entry",
                                              help="Places shown per entry in the term sheet's Occurrences sheet."),
    status: str = typer.Option(None, "--status", help="Only entries with this status (e.g. candidate)."),
    since: str = typer.Option(None, "--since", help="Only entries new or changed since this date (2026-11-01)."),
    docs: list[Path] = typer.Option(None, "--doc", help="Only entries seen in this document (repeatable)."),
    style: str = typer.Option(None, "--style", help="Recommend by this house style (official or customary) in "
                                                    "this export; default: the glossary's."),
) -> None:
    """Export the glossary: term sheet, TBX-Basic, CSV/TSV, or JSONL; all of it or what needs review.

    Example: glossary export --db glossary.db --xlsx terms.xlsx --tbx terms.tbx

    Example: glossary export --db glossary.db --xlsx this-week.xlsx --status candidate --since 2026-11-23
    """
    if not (xlsx or tbx or csv_path or fmt):
        _fail("say what to export: --xlsx, --tbx, --csv or --format jsonl")
    if fmt not in (None, "jsonl"):
        _fail(f"unknown format {fmt!r} (jsonl)")
    try:
        with api.Store(db, create=False) as store:
            # read once, written in every format asked for
            tables, chosen = api.export_tables(store, occurrences_per_entry, status=status, since=since,
                                               docs=docs or (), style=style)
            if chosen != "all entries":
                typer.echo(f"{len(tables['entries'])} entries: {chosen}", err=True)
            if xlsx:
                stages = Stages()
                with stages.stage("export: xlsx", total=sum(len(df) for df in tables.values()), unit="rows") as st:
                    n = api.export_xlsx(store, xlsx, occurrences_per_entry, tables, filter_text=chosen,
                                        progress=st.advance)
                stages.close()
                typer.echo(f"wrote {xlsx}: {n['entries']} entries, {n['forms']} spellings", err=True)
            if tbx:
                typer.echo(f"wrote {tbx}: {api.export_tbx(store, tbx, tables)} entries", err=True)
            if csv_path:
                delimiter = "\t" if csv_path.suffix.lower() == ".tsv" else ","
                typer.echo(f"wrote {csv_path}: {api.export_csv(store, csv_path, delimiter, tables)} entries", err=True)
            if fmt == "jsonl":
                for line in api.jsonl_lines(store, tables):
                    typer.echo(line)
    except GlossaryError as exc:
        _fail(str(exc))


@app.command("import")
def import_(
    sheet: Path = typer.Argument(..., help="A term sheet exported by `glossary export --xlsx`, reviewed."),
    db: Path = DB_OPTION,
    reviewer: str = typer.Option(None, "--reviewer", help="Who decided (default: the sheet's Reviewer field, "
                                                          "else your user name)."),
    prefer: str = typer.Option(None, "--prefer", help="Settle conflicts: sheet (take the sheet's values) or "
                                                      "glossary (keep the glossary's)."),
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
    if not report.written:
        typer.echo(f"{len(report.conflicts)} conflicts with changes made since {sheet} was exported "
                   f"({report.exported}): nothing imported; settle them with --prefer sheet or --prefer glossary",
                   err=True)
        raise typer.Exit(NEGATIVE)
    settled = f", {len(report.conflicts)} conflicts settled ({report.settled} kept)" if report.conflicts else ""
    typer.echo(f"{len(report.changes)} changes from {sheet} by {report.reviewer}{settled}", err=True)


@app.command()
def show(
    names: list[str] = typer.Argument(..., help="Hanzi (any script) or a Korean spelling."),
    db: Path = DB_OPTION,
    fmt: str = typer.Option("text", "--format", "-f", help="text | json"),
) -> None:
    """One entry with its spellings, decisions, evidence and history (who decided what, from which sheet).

    Example: glossary show 彭建真 --db glossary.db

    Example: glossary show 펭지엔전 --db glossary.db --format json
    """
    if fmt not in ("text", "json"):
        _fail(f"unknown format {fmt!r} (text or json)")
    missing = 0
    try:
        with api.Store(db, create=False) as store:
            for name in names:
                info = api.describe(store, name)
                if info is None:
                    typer.echo(f"{name}: not in {db}", err=True)
                    missing += 1
                elif fmt == "json":
                    typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
                else:
                    typer.echo(_entry_text(info))
    except GlossaryError as exc:
        _fail(str(exc))
    if missing:
        raise typer.Exit(NEGATIVE)


def _entry_text(info: dict) -> str:
    """An entry as a person reads it: the name, the decisions, the spellings with counts, the history."""
    lines = [f"{info['hanzi']}  →  {info['recommended'] or '?'}   [{info['status']}] {info['type'] or ''} "
             f"{info['origin'] or ''}".rstrip(),
             f"  key {info['key']}; pinyin {info['pinyin'] or '-'}; official {info['official'] or '-'}"
             + (f" ({info['rule']})" if info.get("rule") else "")
             + (f"; customary {info['customary']}" if info.get("customary") else "")]
    if info.get("chosen_korean"):
        lines.append(f"  chosen Korean: {info['chosen_korean']}")
    if info.get("note"):
        lines.append(f"  note: {info['note']}")
    if info.get("english"):
        lines.append(f"  English: {info['english']}")
    lines.append(f"  why: {info['reason']}")
    if info.get("type_confidence") is not None:
        lines.append(f"  type {info['type']}: {info['type_confidence']:.2f} sure")
    if info.get("origin_evidence"):
        lines.append(f"  origin {info['origin']}: " + "; ".join(info["origin_evidence"]))
    lines.append(f"  {info['occurrences']} occurrences in {info['documents']}")
    lines.append("  spellings:")
    for sp in info["spellings"]:
        status = f", {sp['status']}" if sp.get("status") else ""
        lines.append(f"    {sp['korean']:<12} {sp['count']:>4}×  {sp['kind']}{status}")
    if info["seen"]:
        lines.append("  seen at: " + ", ".join(info["seen"][:10]) + (" …" if len(info["seen"]) > 10 else ""))
    if info.get("first_context"):
        lines.append(f"  first context: {info['first_context']}")
    lines.append("  history:")
    for h in info["history"]:
        who = f" by {h['reviewer']}" if h.get("reviewer") else ""
        lines.append(f"    {h['at']}  {h['field']}: {h['old']} → {h['new']}  ({h['source']}{who})")
    return "\n".join(lines)


@app.command("check")
def check_(
    inputs: list[Path] = typer.Argument(..., help="Documents or folders to check (.txt/.md, .docx, .html, .pdf, "
                                                  ".hwpx, .hwp)."),
    db: Path = typer.Option(None, "--db", help="Check against this glossary's approved forms too."),
    fmt: str = typer.Option("text", "--format", "-f", help="text (path:line:col: …) | table | jsonl"),
    xlsx: Path = typer.Option(None, "--xlsx", help="Also write the findings to this spreadsheet."),
    html: Path = typer.Option(None, "--html", help="Also write a self-contained HTML report to this file."),
    annotate: Path = typer.Option(None, "--annotate", help="Also write a copy of the (one) .docx, .pdf or .hwpx "
                                                           "document (by this file's suffix) with a comment at each "
                                                           "error and warning (Word comments; PDF highlights; "
                                                           "HWPX memos)."),
    fail_on: str = typer.Option("error", "--fail-on", help="Exit 1 if findings at this level: error | warning | "
                                                           "info | never."),
    style: str = typer.Option(None, "--style", help="House style: official or customary (the other correct "
                                                    "spelling becomes an error); default: the glossary's, else "
                                                    "both are correct."),
) -> None:
    """Report names spelled more than one way, or not the approved way (gate a publishing step with it).

    Only what deviates is reported: the occurrences spelled otherwise than the expected spelling (the
    approved one, else the official one, else the documents' dominant one); another name for the same
    Hanzi (a translation, a short form) is a note.

    Example: glossary check data/samples --db glossary.db --fail-on error

    Example: glossary check article.docx --html report.html --annotate checked.docx

    Example: glossary check data/samples --style official
    """
    from glossary.check import report
    from glossary.check.checker import LEVELS, check, fails
    from glossary.check.report import write_xlsx

    if fail_on not in (*LEVELS, "never"):
        _fail(f"--fail-on takes error, warning, info or never, not {fail_on!r}")
    if fmt not in ("text", "table", "jsonl"):
        _fail(f"unknown format {fmt!r} (text, table or jsonl)")
    if style not in (None, *api.STYLES):
        _fail(f"--style takes official or customary, not {style!r}")
    try:
        store = api.Store(db, create=False) if db else None
        stages = Stages()
        findings = check(inputs, store, style=style, stages=stages)
        stages.close()
        if xlsx:
            write_xlsx(findings, xlsx)
        if html:
            from glossary.check.html_report import write_html

            write_html(findings, inputs, html, store)
        if annotate:
            from glossary.check.annotate import annotate as write_annotated

            write_annotated(inputs, findings, annotate)
    except GlossaryError as exc:
        _fail(str(exc))
    if fmt == "jsonl":
        for line in report.jsonl_lines(findings):
            typer.echo(line)
        typer.echo(report.summary(findings), err=True)
    elif fmt == "table":
        report.print_table(findings)
    else:
        for line in report.text_lines(findings):
            typer.echo(line)
    if fails(findings, fail_on):
        raise typer.Exit(NEGATIVE)


@app.command("fix")
def fix_(
    inputs: list[Path] = typer.Argument(..., help="Documents (.txt/.md, .docx, .html, .hwpx) or folders to "
                                                                "correct (.pdf and .hwp are not rewritten)."),
    output: Path = typer.Option(..., "--output", "-o", help="The corrected copy (a folder for several documents)."),
    db: Path = typer.Option(None, "--db", help="Use this glossary's approved spellings too."),
    hanzi: str = typer.Option("keep", "--hanzi", help="keep: add Hanzi where the first mention lacks them; "
                                                      "first-only: also remove them from later mentions."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write nothing; print a unified diff."),
) -> None:
    """Write a corrected copy: every deviating spelling replaced by the expected one (the particle after it
    chosen again: 펭지엔전은 → 펑젠전은), the Hanzi added at a name's first mention. Everything else stays byte
    for byte; a report lists each change with its reason.

    Example: glossary fix data/samples/editor-issue.txt -o fixed.txt --dry-run

    Example: glossary fix issue.docx --db glossary.db -o issue-fixed.docx --hanzi first-only
    """
    from glossary.check.fix import fix

    if hanzi not in ("keep", "first-only"):
        _fail(f"--hanzi takes keep or first-only, not {hanzi!r}")
    try:
        store = api.Store(db, create=False) if db else None
        results = fix(inputs, output, store, first_only=hanzi == "first-only", dry_run=dry_run)
    except GlossaryError as exc:
        _fail(str(exc))
    for r in results:
        if r.note:
            typer.echo(f"note: {r.note}", err=True)
            continue
        if dry_run and r.diff:
            typer.echo(r.diff, nl=False)
        for c in r.changes:
            typer.echo(c.describe(), err=dry_run)
    written = [r for r in results if not r.note]
    total = sum(len(r.changes) for r in written)
    verb = "would change" if dry_run else "changed"
    typer.echo(f"{verb} {total} places in {sum(bool(r.changes) for r in written)} of {len(results)} documents"
               + ("" if dry_run or not written else f"; corrected copy in {output}"), err=True)


@app.command("run")
def run_(
    pipeline: Path = typer.Argument(..., help="A pipeline file (TOML), e.g. pipelines/weekly.toml."),
    engine: str = typer.Option(None, "--engine", help="local (process pool) or dask; default: the file's."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    workers: int = typer.Option(None, "--workers", help="Worker processes (default: the file's)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show each stage's progress (on a "
                                                                         "terminal, on standard error)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary; errors still show."),
    fmt: str = typer.Option("text", "--format", "-f", help="text | json: the summary as one JSON object on "
                                                           "standard output."),
    style: str = typer.Option(None, "--style", help="House style: official or customary (default: the file's "
                                                    "`style`, else the glossary's)."),
) -> None:
    """Run a batch pipeline: extract (parallel, cached by content), build, check, export; resumable.

    Each stage shows its progress on a terminal (documents, entries, rows, with rate and time left), and
    a table of where the time went closes the run (also in run.log; --format json for scripts).

    Example: glossary run pipelines/weekly.toml --workers 2

    Example: glossary run pipelines/weekly.toml --quiet --format json

    Exit status: 0 all well; 1 the check step failed; 2 a bad pipeline file; 3 some files could not be read
    (they are skipped).
    """
    from glossary.batch import pipeline as batch

    if fmt not in ("text", "json"):
        _fail(f"unknown format {fmt!r} (text or json)")
    try:
        pipe = batch.load(pipeline)
        if workers:
            pipe.workers = workers
        if style is not None:
            pipe.style = api.check_style(style)
        report = batch.run(pipe, engine, scheduler, Stages(show=progress and not quiet))
    except GlossaryError as exc:
        _fail(str(exc))
    for _path, error in report.failed:
        typer.echo(f"error: {error}", err=True)
    built = report.build.summary() if report.build else {}
    if fmt == "json":
        typer.echo(json.dumps({"extracted": report.extracted, "cached": report.cached, "failed": len(report.failed),
                               "build": built, "outputs": report.outputs, "stages": report.stages,
                               "worker_peak_mb": report.worker_peak_mb, "log": str(pipe.log)}, ensure_ascii=False))
    else:
        if not quiet:
            _print_stages(report.stages, report.worker_peak_mb)
            typer.echo(f"{report.extracted} extracted, {report.cached} from cache, {len(report.failed)} failed; "
                       f"{built.get('added', 0)} documents merged, {built.get('entries_created', 0)} new entries; "
                       f"log {pipe.log}", err=True)
        for out in report.outputs:
            typer.echo(out)
    raise typer.Exit(report.exit_status())


def _print_stages(stages: list[dict], worker_peak_mb: int) -> None:
    """Where the time went, on standard error: stage, wall time, rate, peak memory, notes."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table("stage", "wall s", "rate", "peak MB", "notes", title="glossary run", title_justify="left",
                  box=box.SIMPLE)
    for s in stages:
        rate = f"{s['rate']:,.1f} {s['rate_unit']}" if s.get("rate") else ""
        table.add_row(s["name"], f"{s['wall_s']:.1f}", rate, str(s["peak_mb"]), s.get("note", ""))
    table.add_row("total", f"{sum(s['wall_s'] for s in stages):.1f}", "", f"workers {worker_peak_mb}", "")
    Console(stderr=True).print(table)
