"""Batch runs: a pipeline file names inputs, steps and outputs; `glossary run` carries it out.

One pass over the documents: extraction runs in worker processes (spawned, never forked: konlpy's JVM
and jieba's state do not survive a fork) or on a Dask cluster, and writes each document's occurrences
once, to the cache, under the SHA-256 of the document. The build merges them from there (one transaction
per document, see build.py) and writes the run's occurrences with their positions to
``positions/run-N.jsonl.gz``; the check reads them from there too and searches the mentions without
Hanzi per document in the same workers (check.checker). A file that has not changed is never extracted
again, and a run that was killed picks up where it stopped. The run log records what happened to every
file and, at the end, each stage's figures (wall time, rate, peak memory, cache hits).

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import functools
import json
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from glossary.base import caches
from glossary.base.collector import fewer_collections
from glossary.base.errors import GlossaryError
from glossary.base.progress import Stage, Stages, peak_rss_mb
from glossary.base.workers import Workers, process_pool
from glossary.batch.alongside import Alongside
from glossary.batch.export_step import export_step
from glossary.batch.names_beside import NamesBeside
from glossary.check.checker import Finding, Names, check_stream, fails
from glossary.check.search import warm_up
from glossary.extraction.reader import documents
from glossary.termbase.build import BuildReport, add_document, refresh_dirty
from glossary.termbase.cache import CachedSource, cache_path, extract_to_cache, prune_cache, read_cache
from glossary.termbase.curated import Curated, apply_curated, curated_spec
from glossary.termbase.positions import PositionsFile, read_member
from glossary.termbase.resolve import Hints
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
    findings: dict[str, int] = field(default_factory=dict)  # the check's findings by severity
    outputs: list[str] = field(default_factory=list)
    stages: list[dict] = field(default_factory=list)  # each stage's figures (base.progress)
    worker_peak_mb: int = 0
    cache_counts: dict[int, dict[str, tuple[int, int]]] = field(default_factory=dict)  # by worker process

    def cache_hits(self) -> dict[str, tuple[int, int]]:
        """(hits, misses) of each bounded cache, summed over the workers that extracted."""
        total: dict[str, tuple[int, int]] = {}
        for stats in self.cache_counts.values():
            for name, (h, m) in stats.items():
                th, tm = total.get(name, (0, 0))
                total[name] = (th + h, tm + m)
        return total

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


def _extract_all(pipe: Pipeline, todo: list[tuple[Path, str]], client, report: RunReport, log: RunLog,
                 stage: Stage, spec: Curated) -> None:
    run = uuid.uuid4().hex  # each worker writes a suggestion's hints once in this run (cache._hints_written)
    jobs = [(str(p), sha, str(pipe.cache), pipe.analyzer, spec, True, run) for p, sha in todo]
    if not jobs:
        return
    sizes = {str(p): p.stat().st_size / 1e6 for p, _ in todo}

    def done(path: str, n: int, error: str | None, peak_mb: int, counts: tuple) -> None:
        pid, stats = counts
        report.cache_counts[pid] = stats  # counted since the worker started: the latest is its total
        if error:
            report.failed.append((path, error))
            log.write("failed", file=path, error=error)
        else:
            report.extracted += 1
            log.write("extracted", file=path, occurrences=n)
        report.worker_peak_mb = max(report.worker_peak_mb, peak_mb)
        stage.advance(1, sizes.get(path, 0.0))

    if client is not None:
        from dask.distributed import as_completed as dask_completed

        for fut in dask_completed([client.submit(extract_to_cache, *job, pure=False) for job in jobs]):
            done(*fut.result())
        return
    if pipe.workers <= 1 or len(jobs) == 1:
        for job in jobs:
            done(*extract_to_cache(*job))
        return
    with process_pool(pipe.workers) as pool:
        for fut in as_completed([pool.submit(extract_to_cache, *job) for job in jobs]):
            done(*fut.result())


@contextmanager
def _dask_client(pipe: Pipeline, engine: str, scheduler: str | None) -> Iterator[object]:
    """One Dask client for the run's extraction and check (a local cluster unless a scheduler is named);
    None for the local engine."""
    if engine != "dask":
        yield None
        return
    from dask.distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(n_workers=pipe.workers, threads_per_worker=1, processes=True)
    client = Client(scheduler or cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run(pipe: Pipeline, engine: str | None = None, scheduler: str | None = None, stages: Stages | None = None,
        ) -> RunReport:
    """Carry out the pipeline's steps; returns what happened (see RunReport.exit_status). ``stages`` shows
    and records the progress of each stage (default: recorded, not shown)."""
    engine = engine or pipe.engine
    if engine not in ("local", "dask"):
        raise GlossaryError(f"unknown engine {engine!r} (local or dask)")
    stages = stages or Stages(show=False)
    report = RunReport()
    log = RunLog(pipe.log)
    files = pipe.files()
    log.write("start", pipeline=pipe.name, files=len(files), engine=engine, pruned=prune_cache(pipe.cache))
    shas: dict[Path, str] = {}
    with stages.stage("read", total=len(files)) as stage:
        for p in files:
            try:
                shas[p] = file_sha256(p)
                stage.advance(1, p.stat().st_size / 1e6)
            except OSError as exc:
                report.failed.append((str(p), f"{p}: {exc.strerror or exc}"))
    kinds = [s["kind"] for s in pipe.steps] or ["extract", "build"]
    if pipe.style is not None:
        with Store(pipe.db) as store:
            store.set_style(pipe.style, f"pipeline {pipe.name}")
    try:
        with _dask_client(pipe, engine, scheduler) as client:
            spec, built = _glossary_state(pipe)
            if "build" not in kinds:
                built = {}  # an extract-only run fills the cache for every file
            if "extract" in kinds or "build" in kinds:
                todo = [(p, sha) for p, sha in shas.items() if built.get(str(p.resolve())) != sha
                        and not cache_path(pipe.cache, sha, spec.fingerprint).exists()]
                report.cached = len(shas) - len(todo)
                with stages.stage("extract", total=len(todo)) as stage:
                    _extract_all(pipe, todo, client, report, log, stage, spec)
                    stage.notes.update({"cache hits": f"{report.cached}/{len(shas)}",
                                        "worker MB": report.worker_peak_mb})
                    aligner = caches.ratios({k: v for k, v in report.cache_hits().items() if k in ALIGNER_CACHES})
                    if aligner:  # the caches that decide the speed of new names (all of them in the run log)
                        stage.notes["aligner caches"] = ", ".join(f"{k} {v}" for k, v in aligner.items())
            # a pool pays for its start (≈1 s a worker): worth it for more than a few documents
            workers = Workers(pipe.workers if len(files) >= PARALLEL_CHECK_FROM else 1, client)
            steps = pipe.steps or [{"kind": "build"}]
            beside: set[int] = set()  # export steps run beside a check
            helpers = client is None and workers.processes > 1  # a process beside the run's is worth its start
            names: NamesBeside | None = None  # the next check's names, read beside the build before it
            try:
                for i, step in enumerate(steps):
                    if step["kind"] == "build":
                        if NAMES_BESIDE_BUILD and helpers and i + 1 < len(steps) and steps[i + 1]["kind"] == "check":
                            names = NamesBeside(documents(files), _source(pipe, shas, spec), stages, log.write)
                            # the check's workers warm up on the core the build leaves idle, not beside its
                            # expectations and the export; with an export beside the check they yield the CPU
                            # to it (batch.alongside)
                            workers.start(functools.partial(warm_up, pipe.analyzer),
                                          nice=YIELD_TO_EXPORT if _export_beside(steps, i + 1) is not None else 0)
                        report.build = _build(pipe, shas, report, log, spec, stages)
                    elif step["kind"] == "check":
                        helper, names = names, None
                        read = helper.join() if helper is not None else None
                        j = _export_beside(steps, i) if helpers else None
                        if j is None:
                            _check(pipe, step, files, shas, spec, report, log, workers, stages, read)
                            continue
                        beside.add(j)
                        export = Alongside(pipe.db, pipe.base, steps[j], stages, log.write)
                        try:
                            _check(pipe, step, files, shas, spec, report, log, workers, stages, read)
                        except BaseException:
                            export.stop()
                            raise
                        report.outputs.extend(export.join())
                    elif step["kind"] == "export" and i not in beside:
                        _export(pipe, step, report, log, stages)
            finally:
                if names is not None:  # the build failed: the names reader ends, its files go
                    names.stop()
                workers.close()  # a pool started for a check that never came
    finally:
        stages.close()
        report.stages = stages.summary()
        log.write("end", extracted=report.extracted, cached=report.cached, failed=len(report.failed),
                  occurrences=report.build.occurrences if report.build else 0, outputs=report.outputs)
        log.write("summary", stages=report.stages, main_peak_mb=peak_rss_mb(),
                  worker_peak_mb=max(report.worker_peak_mb, peak_rss_mb(children=True)),
                  caches=caches.ratios(report.cache_hits()))
        log.close()
    return report


PARALLEL_CHECK_FROM = 8  # documents
YIELD_TO_EXPORT = 10  # steps of priority the check's workers give an export beside the check (batch.alongside)
NAMES_BESIDE_BUILD = True  # a check right after a build has its names read beside it (batch.names_beside)


def _export_beside(steps: list[dict], check: int) -> int | None:
    """The export step that can run beside the check at ``check`` (batch.alongside): the next export
    after it, unless a build comes between (the export must see what that build adds)."""
    for j in range(check + 1, len(steps)):
        if steps[j]["kind"] == "build":
            return None
        if steps[j]["kind"] == "export":
            return j
    return None
WRITE_STEP = 1000  # findings written between two steps of the progress line
ALIGNER_CACHES = ("align.columns", "align.word", "align.exact")  # shown in the extract stage's note


def _glossary_state(pipe: Pipeline) -> tuple[Curated, dict[str, str]]:
    """The glossary's approved entries (for extraction in the workers) and the documents it holds, by
    source path → SHA-256 (a build skips those unchanged, so they need no extraction). Empty before the
    first build."""
    if not pipe.db.exists():
        return Curated(), {}
    with Store(pipe.db) as store:
        return curated_spec(store), store.document_hashes()


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps with options makes one a call


def _build(pipe: Pipeline, shas: dict[Path, str], report: RunReport, log: RunLog, spec: Curated,
           stages: Stages) -> BuildReport:
    build_report = BuildReport()
    failed = {f for f, _ in report.failed}
    hints = Hints()  # what the workers computed for the entries, read with each document's occurrences
    with ExitStack() as opened, fewer_collections():  # merging and refreshing allocate much that dies young
        # the stage starts before the glossary is opened, the lexicon made and the run started: no second
        # of it goes unshown
        with stages.stage("build", total=len(shas)) as stage:
            store = opened.enter_context(Store(pipe.db))
            lexicon = apply_curated(spec)
            run_id = store.start_run("run", {"pipeline": pipe.name})
            positions = PositionsFile(pipe.db.parent / "positions" / f"run-{run_id}.jsonl.gz")

            def extracted(path: Path, sha: str):
                found: dict = {}
                encoding, rows = read_cache(pipe.cache, path, sha, spec.fingerprint, hints=found)
                source = str(path.resolve())
                stored = read_member(cache_path(pipe.cache, sha, spec.fingerprint), source)
                if stored is None:  # an entry from before members were kept, or this content under another path
                    return encoding, _then(positions.tee(source, rows), lambda: hints.add(found))

                def done() -> None:
                    hints.add(found)
                    positions.add(stored)
                return encoding, _then(rows, done)

            try:
                with store.bulk():
                    merged = store.document_hashes()
                    store.defer_indexes(sum(1 for p, sha in shas.items()
                                            if str(p) not in failed and merged.get(str(p.resolve())) != sha))
                    for p in shas:
                        if str(p) not in failed:
                            add_document(store, p, run_id, build_report, lexicon, pipe.analyzer,
                                         extracted=extracted, sha=shas[p])
                        stage.advance(1, p.stat().st_size / 1e6)
                    store.make_indexes()
                took = time.perf_counter() - stage.started
                stage.notes.update(occurrences=build_report.occurrences, merged=len(build_report.added),
                                   unchanged=len(build_report.unchanged),
                                   **{"rows/s": round(build_report.occurrences / took) if took else 0})
            finally:
                positions.close()
        with stages.stage("refresh", total=store.dirty_count(), unit="entries") as stage:
            build_report.entries_created += refresh_dirty(store, f"run {run_id}", lexicon, stage.advance, hints)
            stage.notes.update(new=build_report.entries_created, hinted=f"{hints.used}/{stage.done:g}")
        store.finish_run(run_id, "done", build_report.summary())
    if build_report.added:
        report.outputs.append(str(positions.path))
    else:
        positions.path.unlink(missing_ok=True)
    log.write("built", positions=str(positions.path) if build_report.added else None, **build_report.summary())
    return build_report


def _then(rows: Iterator[tuple], done) -> Iterator[tuple]:
    """The rows, then ``done()`` once they have all been read."""
    yield from rows
    done()


def _source(pipe: Pipeline, shas: dict[Path, str], spec: Curated) -> CachedSource:
    """Where the check reads each document's occurrences: the run's extraction cache."""
    return CachedSource(pipe.cache, {str(p): sha for p, sha in shas.items()}, spec.fingerprint, pipe.analyzer, spec)


def _check(pipe: Pipeline, step: dict, files: list[Path], shas: dict[Path, str], spec: Curated,
           report: RunReport, log: RunLog, workers: Workers, stages: Stages, names: Names | None = None) -> None:
    """The check step; ``names``: the documents' names read already (beside the build, NamesBeside)."""
    with Store(pipe.db) as store:
        findings = check_stream(files, store, pipe.analyzer, source=_source(pipe, shas, spec), workers=workers,
                                stages=stages, names=names)
    out = (pipe.base / step.get("output", "out/check.jsonl")).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    fail_on = step.get("fail_on", "error")
    severities: dict[str, int] = {}
    firsts: dict[str, Finding] = {}  # the first finding of each severity: fails() reads only severities
    with findings, stages.stage("check: write", total=findings.total, unit="findings") as stage, \
            open(out, "w", encoding="utf-8") as fh:
        write, encode, n = fh.write, _ENCODE, 0
        for f in findings.records():  # streamed from disk in order: an archive's findings are never all in memory
            write(encode(f) + "\n")
            severity = f["severity"]
            if severity not in firsts:
                firsts[severity] = Finding(**f)
            severities[severity] = severities.get(severity, 0) + 1
            n += 1
            if n == WRITE_STEP:
                stage.advance(n)
                n = 0
        stage.advance(n)
    for severity, count in severities.items():
        report.findings[severity] = report.findings.get(severity, 0) + count
    report.outputs.append(str(out))
    report.check_failed = fails(firsts.values(), fail_on)
    log.write("checked", findings=findings.total, failed=report.check_failed, output=str(out))


def _export(pipe: Pipeline, step: dict, report: RunReport, log: RunLog, stages: Stages) -> None:
    report.outputs.extend(export_step(pipe.db, pipe.base, step, stages, log.write))
