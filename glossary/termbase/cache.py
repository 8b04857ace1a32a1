"""The extraction cache of batch runs and parallel builds: one file per document, by its content
(SHA-256) and the glossary's decisions (Curated.fingerprint), written atomically by worker processes and
read back by the merging process. The file format is the package's one spool format (base.spool).

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import marshal
import operator
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from glossary.base import caches
from glossary.base.collector import fewer_collections
from glossary.base.errors import GlossaryError
from glossary.base.progress import peak_rss_mb
from glossary.base.spool import FRAME, MAX_FRAME, read_frame, write_frame
from glossary.extraction.extract import record_fields, stream_file
from glossary.extraction.record import RECORD_FIELDS
from glossary.termbase.curated import Curated, apply_curated
from glossary.termbase.evidence import is_name
from glossary.termbase.facts import DocFacts
from glossary.termbase.positions import Lines, member, member_path
from glossary.termbase.resolve import hints_of

CACHE_FORMAT = 5  # 5: the type's confidence among the public fields; 4: the line where the Korean starts, after
# the public fields (3 had the public fields only;
# 2 was unframed marshal, slow to load; 1 was JSON lines)
CACHE_FIELDS = RECORD_FIELDS
_ORIGIN, _TYPE = CACHE_FIELDS.index("origin"), CACHE_FIELDS.index("type")
_NAME = operator.itemgetter(*(CACHE_FIELDS.index(f) for f in ("key", "korean", "hanzi", "origin")))


# an entry ({sha}[.{fingerprint}].v{format}.bin), its positions member beside it (…v{format}.{path's digest}
# .positions.gz, termbase.positions), or an entry of the first format (….jsonl)
_CACHE_NAME = re.compile(r"([0-9a-f]{64}(?:\.[0-9a-f]{16})?)\.(?:v(\d+)\.(bin|[0-9a-f]{16}\.positions\.gz)|jsonl)")
STALE_PART_S = 24 * 3600  # a half-written entry this old belongs to no running worker


def prune_cache(cache: Path) -> int:
    """Delete cache entries of earlier formats (a newer version never reads them), half-written ones left
    by killed workers a day ago or more, and positions members a day old whose entry is gone; returns how
    many. Only files named as this tool names them are touched."""
    if not cache.is_dir():
        return 0
    removed = 0
    limit = time.time() - STALE_PART_S
    for sub in cache.iterdir():
        if not (sub.is_dir() and len(sub.name) == 2):
            continue
        for f in sub.iterdir():
            m = _CACHE_NAME.fullmatch(f.name)
            old = m is not None and (m.group(2) is None or int(m.group(2)) != CACHE_FORMAT)
            orphan = (m is not None and not old and m.group(3) != "bin"
                      and not (sub / f"{m.group(1)}.v{CACHE_FORMAT}.bin").exists())
            stale = (f.suffix == ".part" or orphan) and f.stat().st_mtime < limit
            if old or stale:
                f.unlink(missing_ok=True)
                removed += 1
    return removed


def cache_path(cache: Path, sha: str, fingerprint: str = "") -> Path:
    """Where the extraction of a document (by content) under a glossary's decisions (by fingerprint) is."""
    return cache / sha[:2] / f"{sha}{'.' + fingerprint if fingerprint else ''}.v{CACHE_FORMAT}.bin"


def extract_to_cache(path: str, sha: str, cache: str, analyzer: str = "rule",
                     curated: Curated | None = None, for_run: bool = True, run: str = ""
                     ) -> tuple[str, int, str | None, int, tuple]:
    """Worker job: extract one document into the cache, atomically (a killed worker leaves no half file).
    Returns (path, occurrences, error or None, the worker's peak memory in MB, (its process id, the hits and
    misses of its caches so far: base.caches.stats)). ``for_run``: also what a batch run's later stages read
    (the document's positions lines beside the entry, the check's facts after its end mark). ``curated`` carries the
    glossary's approved entries into the worker (jieba's user dictionary, known renderings), as in-process
    extraction has them. ``run``: a token of the run the job belongs to; within one run a process writes
    each key's and each pair's hints once, in the first document it extracts with them (_hints_written).

    The cache holds marshal data (core types only: loading it cannot run code, unlike pickle) in frames
    of a length and the bytes: a header, then the occurrences in batches of tuples in CACHE_FIELDS order
    (the public fields, then the line where the Korean starts, which the check needs), then an end mark
    with their number. Everything the build and the check need of a document is in it: neither extracts
    it again."""
    # the whole job, its second pass and the hints included, with the collector run less often: a worker's
    # caches hold millions of objects that every collection of the old generations walks again
    with fewer_collections():
        return _extract_to_cache(path, sha, cache, analyzer, curated, for_run, run)


# the keys and (Korean, Hanzi) pairs whose hints this process wrote in the run of the token, and the token:
# a build merges every document its run extracted and reads the hints of all, so one document's copy of a
# suggestion is enough (an entry keeps its first; each is the same in every document of a run, one
# lexicon). An archive names each name in ten documents or so: written once, the hints are a tenth of what
# the workers computed, marshalled and the build read again, document by document. A key whose hints are
# in no document the build reads (another run reads this entry alone) is suggested there, the same.
# (An entry written again in the run — two files with one content — keeps all its hints: it replaces the
# one that had them.)
_HINTS_WRITTEN: dict[str, tuple[set[str], set[tuple[str, str]], set[str]]] = {}
HINTS_MEMORY = 1_000_000  # keys and pairs remembered per process (then forgotten: hints written again)


def _hints_written(run: str, fingerprint: str) -> tuple[set[str], set[tuple[str, str]], set[str]] | None:
    """The keys, the pairs and the entries (their file names) this process wrote hints into in the run."""
    if not run:
        return None
    token = f"{run}.{fingerprint}"
    written = _HINTS_WRITTEN.get(token)
    if written is None or len(written[0]) + len(written[1]) > HINTS_MEMORY:
        _HINTS_WRITTEN.clear()
        written = _HINTS_WRITTEN[token] = (set(), set(), set())
    return written


def _extract_to_cache(path: str, sha: str, cache: str, analyzer: str, curated: Curated | None, for_run: bool,
                      run: str) -> tuple[str, int, str | None, int, tuple]:
    fingerprint = curated.fingerprint if curated else ""
    target = cache_path(Path(cache), sha, fingerprint)
    try:
        lexicon = apply_curated(curated) if fingerprint else None
        source = str(Path(path).resolve())  # as the build names the document (add_document)
        stream = stream_file(path, lexicon, analyzer=analyzer)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        n = 0
        with os.fdopen(fd, "wb") as fh:
            write_frame(fh, {"format": CACHE_FORMAT, "encoding": stream.encoding, "fields": CACHE_FIELDS})
            batch: list[tuple] = []
            names: dict[tuple, None] = {}
            # what only a batch run's later stages read (glossary build's merge does not): the document's
            # lines of the positions file and the facts of the check's search
            facts, lines = (DocFacts(), Lines(source)) if for_run else (None, None)
            for occ in stream.occurrences:
                record = record_fields(occ)
                batch.append(record)
                if is_name(record[_ORIGIN], record[_TYPE]):
                    names[_NAME(record)] = None
                if len(batch) == 1000:
                    write_frame(fh, batch)
                    if facts is not None and lines is not None:
                        facts.add(batch)
                        lines.add(batch)
                    n, batch = n + len(batch), []
            write_frame(fh, batch)
            if facts is not None and lines is not None:
                facts.add(batch)
                lines.add(batch)
            n += len(batch)
            # a file without the end mark was cut short; it carries the suggestions and alignments computed
            # here, so that the process merging the documents does not compute them again (resolve.Hints)
            written = _hints_written(run, fingerprint)
            again = written is None or target.name in written[2]
            hints = hints_of(names, lexicon, None if again else written[:2])
            write_frame(fh, {"end": n, "hints": hints})
            if facts is not None:
                # after it, where read_cache never looks, the facts the check's search needs (read_facts),
                # so that the search reads neither every occurrence nor the hints again
                write_frame(fh, {"facts": facts.dumps()})
        if lines is not None:  # the document's positions lines (termbase.positions), before its entry
            fd, tmp_lines = tempfile.mkstemp(dir=target.parent, suffix=".part")
            with os.fdopen(fd, "wb") as fh:
                fh.write(member(lines.text()))
            os.replace(tmp_lines, member_path(target, source))
        os.replace(tmp, target)
        if written is not None:  # in this entry now: not in the next document's
            written[0].update(hints["suggested"])
            written[1].update((korean, hanzi) for korean, hanzi, *_ in hints["aligned"])
            written[2].add(target.name)
        return path, n, None, peak_rss_mb(), (os.getpid(), caches.stats())
    except GlossaryError as exc:
        return path, 0, str(exc), peak_rss_mb(), (os.getpid(), caches.stats())


def read_cache(cache: Path, path: Path, sha: str, fingerprint: str = "", hints: dict | None = None
               ) -> tuple[str, Iterator[tuple]]:
    """The encoding and the occurrences (tuples in CACHE_FIELDS order: extract.PUBLIC_FIELDS, then the line
    where the Korean starts) of a cached extraction. ``hints``, when given, gets the document's hints
    (resolve.hints_of) once the occurrences have been read to their end."""
    where = cache_path(cache, sha, fingerprint)
    fh = open(where, "rb")  # closed by the generator below
    try:
        head = read_frame(fh)
        if not isinstance(head, dict) or tuple(head.get("fields", ())) != CACHE_FIELDS:
            raise ValueError("not a cache header of this version")
    except (EOFError, ValueError, TypeError) as exc:
        fh.close()
        raise GlossaryError(f"{path}: unreadable cache entry {where} ({exc})") from exc

    def rows() -> Iterator[tuple]:
        n = 0
        with fh:
            while True:
                try:
                    batch = read_frame(fh)
                except (EOFError, ValueError, TypeError) as exc:
                    raise GlossaryError(f"{path}: unreadable cache entry {where} ({exc})") from exc
                if isinstance(batch, dict):
                    if batch.get("end") != n:
                        raise GlossaryError(f"{path}: unreadable cache entry {where} (count mismatch)")
                    if hints is not None:
                        hints.update(batch.get("hints") or {})
                    return  # the end mark
                n += len(batch)
                yield from batch

    return head["encoding"], rows()


def read_facts(cache: Path, sha: str, fingerprint: str = "") -> DocFacts | None:
    """The facts of a cached extraction (termbase.facts), from the entry's last frame, after its end mark:
    the frames before it are skipped by their lengths, never loaded. None if the entry is missing, has
    none (an entry written before they were kept ends at its end mark) or they cannot be read: the caller
    then reads the occurrences, whose reading tells a damaged entry (read_cache)."""
    try:
        with open(cache_path(cache, sha, fingerprint), "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            at = length = 0
            while at < size:
                head = fh.read(FRAME.size)
                if len(head) < FRAME.size:
                    return None
                (length,) = FRAME.unpack(head)
                at += FRAME.size + length
                if at < size:
                    fh.seek(at)
            if at != size or not 0 < length <= MAX_FRAME:
                return None
            last = marshal.loads(fh.read(length))
            return DocFacts.loads(last["facts"]) if isinstance(last, dict) and "facts" in last else None
    except (OSError, EOFError, ValueError, TypeError):
        return None


class CachedSource:
    """Each document's occurrences as a run's extraction left them in the cache (the check reads them
    instead of extracting again); a document without a cache entry is extracted where it is asked for.
    Plain data: it travels to worker processes and Dask workers."""

    def __init__(self, cache: str | Path, shas: dict[str, str], fingerprint: str = "", analyzer: str = "rule",
                 curated: Curated | None = None) -> None:
        self.cache, self.shas, self.fingerprint = str(cache), shas, fingerprint
        self.analyzer, self.curated = analyzer, curated

    def facts(self, path: Path) -> DocFacts | None:
        """The document's facts for the check's search as its extraction stored them, or None (then its
        rows give them)."""
        sha = self.shas.get(str(path))
        return read_facts(Path(self.cache), sha, self.fingerprint) if sha is not None else None

    def rows(self, path: Path) -> Iterator[tuple]:
        sha = self.shas.get(str(path))
        if sha is not None and cache_path(Path(self.cache), sha, self.fingerprint).exists():
            return read_cache(Path(self.cache), path, sha, self.fingerprint)[1]
        lexicon = apply_curated(self.curated) if self.curated and self.fingerprint else None
        stream = stream_file(path, lexicon, analyzer=self.analyzer)
        return map(record_fields, stream.occurrences)
