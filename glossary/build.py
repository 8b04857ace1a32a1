"""Build: extract documents and merge their evidence into the glossary database.

Each document is one transaction: its occurrences replace those of its earlier version and the keys
it touches are marked for recomputation; the entries are recomputed once at the end of the run (or by
the next command, if the run was stopped). An interrupted run loses nothing and a re-run counts
nothing twice (unchanged files are recognised by their SHA-256 and skipped).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .collector import fewer_collections
from .errors import GlossaryError
from .extract import public_fields, stream_file
from .lexicon import Lexicon
from .reader import SUPPORTED
from .resolve import entries_from
from .store import Store, file_sha256


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


def expand(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the supported documents inside folders named (sorted, recursive)."""
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                              and not f.name.startswith("."))
        else:
            yield p


def refresh_entries(store: Store, keys: set[str] | list[str], source: str) -> int:
    """Recompute the machine fields of the entries with these keys from all their occurrences."""
    if not keys:
        return 0
    entries = entries_from(store.evidence(keys))
    return store.upsert_machine_fields(
        ((key, {"type": e.type, "origin": e.origin, "official": e.official, "pinyin": e.pinyin,
                "sino_korean": e.sino_korean, "rule": e.rule}) for key, e in entries.items()), source)


def refresh_dirty(store: Store, source: str = "refresh") -> int:
    """Recompute every entry whose documents changed, a batch of keys per transaction. Builds call it at
    their end; readers call it first, so that a build stopped half-way is completed, not lost."""
    created = 0
    while keys := store.dirty_keys():
        with store.transaction():
            created += refresh_entries(store, keys, source)
            store.clean(keys)
    return created


JIEBA_FLAGS = {"PERSON": "nr", "PLACE": "ns", "ORG": "nt", "MEDIA": "nt", "PRODUCT": "nz", "WORK": "nz",
               "OTHER": "nz"}


@dataclass(frozen=True)
class Curated:
    """What reviewers decided that extraction can use, in a form worker processes receive: approved
    entries as jieba words with their type flag, and chosen Korean forms as known renderings."""

    words: tuple[tuple[str, str], ...] = ()  # (key, jieba flag)
    names: tuple[tuple[str, str], ...] = ()  # (key, chosen Korean form)

    @property
    def fingerprint(self) -> str:
        """Part of the extraction cache key: a cached result made before other decisions is not reused."""
        if not self.words and not self.names:
            return ""
        return hashlib.sha256(repr((self.words, self.names)).encode("utf-8")).hexdigest()[:16]


def curated_spec(store: Store) -> Curated:
    """The approved entries of a glossary (see Curated)."""
    words, names = [], []
    for row in store.entries():
        if row["status"] != "approved":
            continue
        words.append((row["key"], JIEBA_FLAGS.get(row["type"] or "", "nz")))
        if row["chosen_korean"]:
            names.append((row["key"], row["chosen_korean"]))
    return Curated(tuple(words), tuple(names))


# per process: (fingerprint, base lexicon, its version) → lexicon. The base itself is the key (hashed by
# identity, kept alive here), not its id(), which a later lexicon could reuse
_APPLIED: dict[tuple[str, Lexicon, int], Lexicon] = {}


def apply_curated(spec: Curated, lexicon: Lexicon | None = None) -> Lexicon:
    """Put the decisions to work in this process: approved entries go into jieba's user dictionary with
    their type (so 步步高 is no longer taken for a person), and a chosen Korean form becomes a known
    rendering (so a translation like 중국가맹점운영협회 aligns whole). Done once per process and spec."""
    from . import pinyin
    from .lexicon import copy_lexicon, default_lexicon

    base = lexicon or default_lexicon()
    found = _APPLIED.get((spec.fingerprint, base, base.version))
    if found is not None:
        return found
    lex = copy_lexicon(base)
    for key, korean in spec.names:
        lex.add_name(key, korean, "customary", "glossary")
    pinyin.add_user_words(list(spec.words))
    _APPLIED[(spec.fingerprint, base, base.version)] = lex
    return lex


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
        paths = list(expand(inputs))
        run_id = store.start_run("build", {"inputs": [str(p) for p in paths]})
        status = "failed"
        try:
            with _parallel_extraction(paths, workers, analyzer, spec) as extracted:
                for path in paths:
                    add_document(store, path, run_id, report, lexicon, analyzer, extracted.get(path))
                    if progress:
                        progress(path)
            report.entries_created += refresh_dirty(store, f"run {run_id}")
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
        from .batch import read_cache

        sha, future = job

        def read(p: Path, current: str):
            _, _, error = future.result()
            if error is not None or current != sha:
                return None  # failed there (add_document reports why) or changed since: extracted here
            return read_cache(self.cache, p, sha, self.fingerprint)

        return read


@contextmanager
def _parallel_extraction(paths: list[Path], workers: int, analyzer: str | None,
                         spec: Curated | None = None) -> Iterator[_Extracted]:
    """Start extracting every document in worker processes, in order; the caller merges each one as soon
    as it is ready, while the workers go on with the next (merging and extracting overlap)."""
    if workers <= 1 or len(paths) < 2:
        yield _Extracted(None, {})
        return
    from .batch import extract_to_cache

    spec = spec or Curated()
    with tempfile.TemporaryDirectory(prefix="kozh-build-") as tmp:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        try:
            jobs: dict[Path, tuple[str, Future]] = {}
            for p in paths:
                try:
                    sha = file_sha256(p)
                except OSError:
                    continue  # reported by add_document
                jobs[p] = (sha, pool.submit(extract_to_cache, str(p), sha, tmp, analyzer or "rule", spec))
            yield _Extracted(Path(tmp), jobs, spec.fingerprint)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def add_document(store: Store, path: Path, run_id: int, report: BuildReport, lexicon: Lexicon | None = None,
                 analyzer: str | None = None, extracted=None) -> None:
    """Merge one document. ``extracted`` is an optional function (path, sha) → (encoding, occurrence tuples)
    that supplies results computed elsewhere (a batch run's cache), or None; else the document is extracted
    here."""
    source = str(path.resolve()) if path.exists() else str(path)
    try:
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
