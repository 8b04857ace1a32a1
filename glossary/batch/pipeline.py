"""Batch runs: a pipeline file names inputs, steps and outputs; `glossary run` carries it out.

Extraction runs in worker processes (spawned, never forked: konlpy's JVM and jieba's state do not
survive a fork) or on a Dask cluster, and each result is cached under the SHA-256 of the document, so
a file that has not changed is never extracted again and a run that was killed picks up where it
stopped. Merging into the glossary is one transaction per document (see build.py); a run log records
what happened to every file.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from glossary.base.errors import GlossaryError
from glossary.check.checker import check, fails
from glossary.extraction.reader import documents
from glossary.outputs.exports import export_csv, export_tbx, jsonl_lines
from glossary.outputs.table import frames
from glossary.outputs.termsheet import export_xlsx
from glossary.termbase.build import BuildReport, add_document, refresh_dirty
from glossary.termbase.cache import cache_path, extract_to_cache, prune_cache, read_cache
from glossary.termbase.curated import Curated, apply_curated, curated_spec
from glossary.termbase.store import Store, file_sha256, now
from glossary.translit.suggest import STYLES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

STEP_KINDS = ("extract", "build", "check", "export")


@dataclass
class Pipeline:
    """A pipeline file, with its paths made absolute against the file's folder."""

    name: str
    base: Path
    inputs: list[str]
    db: Path
    cache: Path
    log: Path
    workers: int = 2
    engine: str = "local"
    analyzer: str = "rule"
    steps: list[dict] = field(default_factory=list)
    style: str | None = None  # the house style: official | customary (None: the glossary's)

    def files(self) -> list[Path]:
        return documents(self.inputs, self.base)


def load(path: str | Path) -> Pipeline:
    """Read a pipeline file (TOML); a clear error for anything missing or unknown."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GlossaryError(f"{p}: no such pipeline file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{p}: not a valid pipeline file ({exc})") from exc
    spec = data.get("pipeline", {})
    if not spec.get("inputs"):
        raise GlossaryError(f"{p}: [pipeline] needs inputs = [\"glob\", …]")
    steps = data.get("steps", [])
    for step in steps:
        if step.get("kind") not in STEP_KINDS:
            raise GlossaryError(f"{p}: unknown step kind {step.get('kind')!r} (one of {', '.join(STEP_KINDS)})")
    style = spec.get("style")
    if style not in (None, *STYLES):
        raise GlossaryError(f"{p}: style is official or customary, not {style!r}")
    base = p.resolve().parent
    out = base / spec.get("output", "out")

    def place(value: str | None, default: str) -> Path:
        v = Path(value or default)
        return (v if v.is_absolute() else (base / v if value else out / v)).resolve()

    return Pipeline(name=spec.get("name", p.stem), base=base, inputs=list(spec["inputs"]),
                    db=place(spec.get("db"), "glossary.db"), cache=place(spec.get("cache"), "cache"),
                    log=place(spec.get("log"), "run.log"), workers=int(spec.get("workers", 2)),
                    engine=spec.get("engine", "local"), analyzer=spec.get("analyzer", "rule"), steps=steps,
                    style=style)


@dataclass
class RunReport:
    extracted: int = 0
    cached: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    build: BuildReport | None = None
    check_failed: bool = False
    outputs: list[str] = field(default_factory=list)

    def exit_status(self) -> int:
        """0 all well; 1 the check found what --fail-on names; 3 some files could not be read."""
        if self.failed:
            return 3
        return 1 if self.check_failed else 0


class RunLog:
    """One JSON object per line: what happened to each file, and the counts at the end."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(path, "a", encoding="utf-8")

    def write(self, event: str, **fields) -> None:
        self.fh.write(json.dumps({"at": now(), "event": event, **fields}, ensure_ascii=False) + "\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()


def _extract_all(pipe: Pipeline, todo: list[tuple[Path, str]], engine: str, scheduler: str | None,
                 report: RunReport, log: RunLog, tick: Callable[[], None], spec: Curated) -> None:
    jobs = [(str(p), sha, str(pipe.cache), pipe.analyzer, spec) for p, sha in todo]
    if not jobs:
        return

    def done(path: str, n: int, error: str | None) -> None:
        if error:
            report.failed.append((path, error))
            log.write("failed", file=path, error=error)
        else:
            report.extracted += 1
            log.write("extracted", file=path, occurrences=n)
        tick()

    if engine == "dask":
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed

        cluster = None if scheduler else LocalCluster(n_workers=pipe.workers, threads_per_worker=1, processes=True)
        client = Client(scheduler or cluster)
        try:
            futures = [client.submit(extract_to_cache, *job, pure=False) for job in jobs]
            for fut in dask_completed(futures):
                done(*fut.result())
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        return
    if pipe.workers <= 1 or len(jobs) == 1:
        for job in jobs:
            done(*extract_to_cache(*job))
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=pipe.workers, mp_context=context) as pool:
        for fut in as_completed([pool.submit(extract_to_cache, *job) for job in jobs]):
            done(*fut.result())


def run(pipe: Pipeline, engine: str | None = None, scheduler: str | None = None, progress: bool = False,
        ) -> RunReport:
    """Carry out the pipeline's steps; returns what happened (see RunReport.exit_status)."""
    engine = engine or pipe.engine
    if engine not in ("local", "dask"):
        raise GlossaryError(f"unknown engine {engine!r} (local or dask)")
    report = RunReport()
    log = RunLog(pipe.log)
    files = pipe.files()
    log.write("start", pipeline=pipe.name, files=len(files), engine=engine, pruned=prune_cache(pipe.cache))
    shas: dict[Path, str] = {}
    for p in files:
        try:
            shas[p] = file_sha256(p)
        except OSError as exc:
            report.failed.append((str(p), f"{p}: {exc.strerror or exc}"))
    kinds = [s["kind"] for s in pipe.steps] or ["extract", "build"]
    if pipe.style is not None:
        with Store(pipe.db) as store:
            store.set_style(pipe.style, f"pipeline {pipe.name}")
    bar = _progress(progress, len(shas))
    try:
        spec, built = _glossary_state(pipe)
        if "build" not in kinds:
            built = {}  # an extract-only run fills the cache for every file
        if "extract" in kinds or "build" in kinds:
            todo = [(p, sha) for p, sha in shas.items() if built.get(str(p.resolve())) != sha
                    and not cache_path(pipe.cache, sha, spec.fingerprint).exists()]
            report.cached = len(shas) - len(todo)
            for _ in range(report.cached):
                bar.tick()
            _extract_all(pipe, todo, engine, scheduler, report, log, bar.tick, spec)
        for step in pipe.steps or [{"kind": "build"}]:
            if step["kind"] == "build":
                report.build = _build(pipe, shas, report, log, spec)
            elif step["kind"] == "check":
                _check(pipe, step, files, report, log)
            elif step["kind"] == "export":
                _export(pipe, step, report, log)
    finally:
        bar.close()
        log.write("end", extracted=report.extracted, cached=report.cached, failed=len(report.failed),
                  occurrences=report.build.occurrences if report.build else 0, outputs=report.outputs)
        log.close()
    return report


def _glossary_state(pipe: Pipeline) -> tuple[Curated, dict[str, str]]:
    """The glossary's approved entries (for extraction in the workers) and the documents it holds, by
    source path → SHA-256 (a build skips those unchanged, so they need no extraction). Empty before the
    first build."""
    if not pipe.db.exists():
        return Curated(), {}
    with Store(pipe.db) as store:
        return curated_spec(store), store.document_hashes()


def _build(pipe: Pipeline, shas: dict[Path, str], report: RunReport, log: RunLog, spec: Curated) -> BuildReport:
    build_report = BuildReport()
    failed = {f for f, _ in report.failed}
    with Store(pipe.db) as store:
        lexicon = apply_curated(spec)
        run_id = store.start_run("run", {"pipeline": pipe.name})
        for p in shas:
            if str(p) in failed:
                continue
            add_document(store, p, run_id, build_report, lexicon, pipe.analyzer,
                         extracted=lambda path, s: read_cache(pipe.cache, path, s, spec.fingerprint))
        build_report.entries_created += refresh_dirty(store, f"run {run_id}", lexicon)
        store.finish_run(run_id, "done", build_report.summary())
    log.write("built", **build_report.summary())
    return build_report


def _check(pipe: Pipeline, step: dict, files: list[Path], report: RunReport, log: RunLog) -> None:

    with Store(pipe.db) as store:
        findings = check(files, store, pipe.analyzer)
    out = (pipe.base / step.get("output", "out/check.jsonl")).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for f in findings:
            fh.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
    report.outputs.append(str(out))
    report.check_failed = fails(findings, step.get("fail_on", "error"))
    log.write("checked", findings=len(findings), failed=report.check_failed, output=str(out))


def _export(pipe: Pipeline, step: dict, report: RunReport, log: RunLog) -> None:
    with Store(pipe.db) as store:
        refresh_dirty(store)
        tables = frames(store)
        for fmt, writer in (("xlsx", lambda p: export_xlsx(store, p, tables=tables)),
                            ("tbx", lambda p: export_tbx(store, p, tables)),
                            ("csv", lambda p: export_csv(store, p, tables=tables))):
            if step.get(fmt):
                target = (pipe.base / step[fmt]).resolve()
                target.parent.mkdir(parents=True, exist_ok=True)
                writer(target)
                report.outputs.append(str(target))
        if step.get("jsonl"):
            target = (pipe.base / step["jsonl"]).resolve()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("".join(line + "\n" for line in jsonl_lines(store, tables)), encoding="utf-8")
            report.outputs.append(str(target))
    log.write("exported", outputs=report.outputs)


class _NoBar:
    def tick(self) -> None:
        pass

    def close(self) -> None:
        pass


class _Bar:
    def __init__(self, total: int) -> None:
        from rich.progress import Progress

        self.progress = Progress(transient=True)
        self.progress.start()
        self.task = self.progress.add_task("documents", total=total)

    def tick(self) -> None:
        self.progress.advance(self.task)

    def close(self) -> None:
        self.progress.stop()


def _progress(show: bool, total: int) -> _NoBar | _Bar:
    return _Bar(total) if show else _NoBar()
