"""A batch run's positions file: every occurrence the build merged, with its place in its document, as JSON
lines in gzip (``positions/run-N.jsonl.gz``: the full list the glossary no longer keeps; it keeps counts
and a few samples per entry). A line is one JSON object: {"doc", "line", "start", "end", "korean",
"hanzi", "key", "type", "origin", "source"}.

The file is one gzip member per document, one after another (gzip, zcat and every reader of the format
read such a file as one stream). A document's member is made where it is extracted: the extraction
worker writes it beside the document's cache entry (termbase.cache), so the process that merges the
documents — the path a run waits on — only copies its bytes. A document whose member is not there (an
entry written before they were kept, or the same content under another path: a line names its source)
has its lines made while it is merged, by the same code: the file's bytes are the same either way.

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import hashlib
import json
import operator
import queue
import threading
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from glossary.base.errors import GlossaryError
from glossary.extraction.record import PUBLIC_FIELDS

FIELDS = ("doc", "line", "start", "end", "korean", "hanzi", "key", "type", "origin")
LEVEL = 1  # zlib's fastest: the file is written once and read rarely
_AT = operator.itemgetter(*(PUBLIC_FIELDS.index(f) for f in FIELDS[1:]))
_STRING = json.encoder.encode_basestring  # JSON text of a str (ensure_ascii=False), in C


def _json(value) -> str:
    """One value of a positions record as json.dumps writes it (str, int or None)."""
    if value is None:
        return "null"
    return _STRING(value) if isinstance(value, str) else json.dumps(value)


class Lines:
    """One document's lines, made batch by batch from its occurrence tuples (extract.PUBLIC_FIELDS order
    first), from a template: a C call per string (a dict and an encoder call per occurrence were half of
    a build's time)."""

    def __init__(self, source: str) -> None:
        # the document's name and path are the same on every line
        self.head = f'{{"doc": {_STRING(Path(source).name)}, "line": '
        self.tail = f', "source": {_STRING(source)}}}\n'
        self.words: dict = {None: "null"}  # types, origins: a few values, encoded once
        self.parts: list[str] = []

    def add(self, rows: Iterable[tuple]) -> None:
        head, tail, words, out = self.head, self.tail, self.words, self.parts.append
        for r in rows:
            n, s, e, k, h, key, t, o = _AT(r)
            tj = words.get(t) or words.setdefault(t, _json(t))
            oj = words.get(o) or words.setdefault(o, _json(o))
            if n.__class__ is int and s.__class__ is int and e.__class__ is int:
                place = f'{n}, "start": {s}, "end": {e}'
            else:
                place = f'{_json(n)}, "start": {_json(s)}, "end": {_json(e)}'
            out(f'{head}{place}, "korean": {"null" if k is None else _STRING(k)}, "hanzi": '
                f'{_json(h)}, "key": {_json(key)}, "type": {tj}, "origin": {oj}{tail}')

    def text(self) -> str:
        return "".join(self.parts)


def member(text: str) -> bytes:
    """The gzip member of a document's lines (no time stamp: the same lines give the same bytes; none for
    a document without occurrences)."""
    return zlib.compress(text.encode("utf-8"), LEVEL, 31) if text else b""


def member_path(entry: Path, source: str) -> Path:
    """Where the member of the document at ``source`` lies beside its cache entry ``entry``
    (termbase.cache.cache_path): named by the path too, since its lines name it."""
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return entry.with_name(f"{entry.name.removesuffix('.bin')}.{digest}.positions.gz")


def read_member(entry: Path, source: str) -> bytes | None:
    """The member stored for ``source`` beside ``entry``, or None (its lines are then made again)."""
    try:
        return member_path(entry, source).read_bytes()
    except OSError:
        return None


class PositionsFile:
    """The run's positions file, written while the documents are merged: each document's member, stored
    (`add`) or made from its rows as they pass (`tee`). The members are compressed and written by a
    thread of its own (zlib works without the interpreter's lock, so it runs beside the merge); the queue
    is bounded."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.fh = open(path, "wb")
        self.queue: queue.Queue = queue.Queue(maxsize=16)
        self.failed: BaseException | None = None
        self.writer = threading.Thread(target=self._write, name="positions", daemon=True)
        self.writer.start()

    def _write(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.failed is None:
                try:
                    self.fh.write(item if isinstance(item, bytes) else member(item))
                except BaseException as exc:  # reported by close(), in the merging thread
                    self.failed = exc

    def add(self, stored: bytes) -> None:
        """A document's member as its extraction stored it (read_member)."""
        self.queue.put(stored)

    def tee(self, source: str, rows: Iterable[tuple]) -> Iterator[tuple]:
        """The rows, passed on; their document's lines made on the way and written once all have passed
        (a document that fails halfway has none in the file, as it has none in the glossary)."""
        lines = Lines(source)
        batch: list[tuple] = []
        for r in rows:
            batch.append(r)
            if len(batch) == 1000:
                lines.add(batch)
                batch.clear()
            yield r
        lines.add(batch)
        self.queue.put(lines.text())

    def close(self) -> None:
        self.queue.put(None)
        self.writer.join()
        self.fh.close()
        if self.failed is not None:
            raise GlossaryError(f"{self.path}: cannot write the positions ({self.failed})") from self.failed
