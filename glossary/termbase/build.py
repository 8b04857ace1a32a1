"""Build: extract documents and merge their evidence into the glossary database.

Each document's occurrences replace those of its earlier version and the keys it touches are marked for
recomputation, all or nothing; documents are committed together about once a second (Store.bulk); the
entries are recomputed once at the end of the run (or by the next command, if the run was stopped).
An interrupted run loses nothing and a re-run counts nothing twice (unchanged files are recognised by
their SHA-256 and skipped).

Design: docs/glossary-and-review.md
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from glossary.base.collector import fewer_collections
from glossary.base.errors import GlossaryError
from glossary.base.workers import process_pool
from glossary.extraction.extract import public_fields, stream_file
from glossary.extraction.reader import documents
from glossary.termbase.cache import extract_to_cache, read_cache
from glossary.termbase.curated import Curated, apply_curated, curated_spec
from glossary.termbase.resolve import Hints, customary_text, entries_from
from glossary.termbase.store import Store, file_sha256, type_confidence
from glossary.translit.lexicon import Lexicon


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    occurrences: int = 0  # of names: what the glossary's entries count (the term sheet's Summary too)
    entries_created: int = 0
    korean_words: int = 0  # Korean words written in Hanzi (origin ko): stored, but no entry's evidence

    def summary(self) -> dict:
        return {"added": len(self.added), "unchanged": len(self.unchanged), "failed": len(self.failed),
                "occurrences": self.occurrences, "entries_created": self.entries_created,
                "korean_words": self.korean_words}


def refresh_entries(store: Store, keys: set[str] | list[str], source: str, lexicon: Lexicon | None = None,
                    hints: Hints | None = None) -> int:
    """Recompute the machine fields of the entries with these keys from all their occurrences."""
    if not keys:
        return 0
    typed: dict[str, list[tuple]] = {}
    # neither linked nor recommended: what is stored is the machine fields (a reader recommends)
    entries = entries_from(store.evidence(keys, typed), lexicon=lexicon, hints=hints, related=False,
                           recommended=False)
    sure = type_confidence(typed, {key: e.type for key, e in entries.items()})
    return store.upsert_machine_fields(
        ((key, {"type": e.type, "origin": e.origin, "official": e.official, "pinyin": e.pinyin,
                "sino_korean": e.sino_korean, "rule": e.rule, "customary": customary_text(e.customary),
                "type_confidence": sure.get(key)})
         for key, e in entries.items()), source)


def refresh_dirty(store: Store, source: str = "refresh", lexicon: Lexicon | None = None,
                  progress: Callable[[int], object] | None = None, hints: Hints | None = None) -> int:
    """Recompute every entry whose evidence changed (the keys the merged documents touched), a batch of
    keys per transaction, resolved a chunk at a time (its evidence read by the indexes). Builds call
    it at their end; readers call it first, so that a build stopped half-way is completed, not lost.
    ``progress`` is told how many entries each chunk recomputed (a line that moves as it works);
    ``hints`` are the suggestions the extraction workers computed (resolve.Hints). A run that at least
    doubled the glossary then has it rewritten into full pages (Store.compact)."""
    created = 0
    while keys := store.dirty_keys(REFRESH_BATCH):
        with store.transaction():
            for i in range(0, len(keys), REFRESH_CHUNK):
                chunk = keys[i:i + REFRESH_CHUNK]
                created += refresh_entries(store, chunk, source, lexicon, hints)
                if progress is not None:
                    progress(len(chunk))
            store.clean(keys)
    store.compact()  # after a run that at least doubled the glossary: into full pages
    return created


REFRESH_BATCH = 20_000  # keys per transaction
REFRESH_CHUNK = 500  # keys resolved between two reports of progress


def build(inputs: Iterable[str | Path], db: str | Path, lexicon: Lexicon | None = None,
          analyzer: str | None = None, progress=None, workers: int = 1) -> BuildReport:
    """Extract every input and merge it into the database at ``db``; bad files are reported, not fatal.

    With ``workers`` > 1 the documents are extracted in that many spawned processes while this process
    merges them in order as they come (one transaction per document). A user exceptions table applies
    in-process only."""
    report = BuildReport()
    with Store(db) as store, fewer_collections():
        spec = curated_spec(store)
        lexicon = apply_curated(spec, lexicon)
        paths = documents(inputs)
        run_id = store.start_run("build", {"inputs": [str(p) for p in paths]})
        status = "failed"
        try:
            with _parallel_extraction(paths, workers, analyzer, spec) as extracted, store.bulk():
                merged = store.document_hashes()
                store.defer_indexes(sum(1 for p in paths if str(p.resolve()) not in merged))
                for path in paths:
                    if not extracted.ready(path):
                        store.flush()  # about to wait for a worker or to extract here: commit, at no cost
                    add_document(store, path, run_id, report, lexicon, analyzer, extracted.get(path))
                    if progress:
                        progress(path)
                store.make_indexes()
            report.entries_created += refresh_dirty(store, f"run {run_id}", lexicon)
            status = "done"
        finally:
            store.finish_run(run_id, status, report.summary())
    return report


class _Extracted:
    """Documents being extracted in worker processes, by path: ``get`` gives add_document a function that
    waits for that one document and reads its result, or None (extract it here)."""

    def __init__(self, cache: Path | None, jobs: dict[Path, tuple[str, Future]], fingerprint: str = "") -> None:
        self.cache, self.jobs, self.fingerprint = cache, jobs, fingerprint

    def get(self, path: Path):
        job = self.jobs.get(path)
        if self.cache is None or job is None:
            return None
        sha, future = job

        def read(p: Path, current: str):
            error = future.result()[2]
            if error is not None or current != sha:
                return None  # failed there (add_document reports why) or changed since: extracted here
            return read_cache(self.cache, p, sha, self.fingerprint)

        return read

    def ready(self, path: Path) -> bool:
        """Whether the document's extraction is done (False: it is extracted here, or a worker is on it)."""
        job = self.jobs.get(path)
        return self.cache is not None and job is not None and job[1].done()


@contextmanager
def _parallel_extraction(paths: list[Path], workers: int, analyzer: str | None,
                         spec: Curated | None = None) -> Iterator[_Extracted]:
    """Start extracting every document in worker processes, in order; the caller merges each one as soon
    as it is ready, while the workers go on with the next (merging and extracting overlap)."""
    if workers <= 1 or len(paths) < 2:
        yield _Extracted(None, {})
        return
    spec = spec or Curated()
    with tempfile.TemporaryDirectory(prefix="kozh-build-") as tmp:
        pool = process_pool(workers)
        try:
            jobs: dict[Path, tuple[str, Future]] = {}
            for p in paths:
                try:
                    sha = file_sha256(p)
                except OSError:
                    continue  # reported by add_document
                jobs[p] = (sha, pool.submit(extract_to_cache, str(p), sha, tmp, analyzer or "rule", spec, False))
            yield _Extracted(Path(tmp), jobs, spec.fingerprint)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def add_document(store: Store, path: Path, run_id: int, report: BuildReport, lexicon: Lexicon | None = None,
                 analyzer: str | None = None, extracted=None, sha: str | None = None) -> None:
    """Merge one document. ``extracted`` is an optional function (path, sha) → (encoding, occurrence tuples)
    that supplies results computed elsewhere (a batch run's cache), or None; else the document is extracted
    here. ``sha``: the document's SHA-256 if the caller has it (a batch run hashed every file once: the
    cache entry it reads is that version's), else it is computed here."""
    source = str(path.resolve()) if path.exists() else str(path)
    try:
        if sha is None:
            sha = file_sha256(path) if path.is_file() else None
        if sha is not None and store.document_hash(source) == sha:
            report.unchanged.append(str(path))
            return
        found = extracted(path, sha) if extracted is not None and sha is not None else None
        if found is not None:
            encoding, rows = found
        else:
            stream = stream_file(path, lexicon, analyzer)
            encoding, rows = stream.encoding, map(public_fields, stream.occurrences)
        with store.transaction():
            count, _, korean_words = store.replace_document(source, path.name, sha or "", encoding, run_id, rows)
    except GlossaryError as exc:
        report.failed.append((str(path), str(exc)))
        return
    except OSError as exc:
        report.failed.append((str(path), f"{path}: {exc.strerror or exc}"))
        return
    report.added.append(str(path))
    report.occurrences += count
    report.korean_words += korean_words
