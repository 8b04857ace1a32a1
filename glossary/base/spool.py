"""The package's one on-disk record format: marshal frames (a length, then the bytes) of batches of
tuples of core types. It serves the extraction cache (a file per document, read by another process), the
second pass of extraction (occurrences beyond a limit wait on disk) and the check (an archive's mentions).

marshal, not pickle: loading it cannot run code (a cache file is read back from disk) and it is faster
for tuples of str/int/float; one frame per batch keeps the per-record cost low. A file that was cut short
or damaged raises EOFError or ValueError, never returns half a batch as whole.

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import heapq
import marshal
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

FRAME = struct.Struct("<Q")
MAX_FRAME = 1 << 30  # a thousand records take well under 1 MB; a larger length is damage
BATCH = 1000


def write_frame(fh: IO[bytes], value) -> None:
    data = marshal.dumps(value)
    fh.write(FRAME.pack(len(data)))
    fh.write(data)


def read_frame(fh: IO[bytes]):
    """The next value; EOFError/ValueError for a cut or damaged file. (marshal.load straight from a file
    reads it in small pieces and was 35 times slower than loads over the frame's bytes.)"""
    head = fh.read(FRAME.size)
    if len(head) < FRAME.size:
        raise EOFError("cut short")
    (size,) = FRAME.unpack(head)
    if size > MAX_FRAME:
        raise ValueError("damaged frame length")
    data = fh.read(size)
    if len(data) < size:
        raise EOFError("cut short")
    return marshal.loads(data)


class Spool:
    """Records in the order they were added: in memory up to ``keep`` of them, then on disk in a temporary
    file, so that memory stays flat however many there are. Iterable any number of times. ``pack`` turns
    a record into a tuple of core types when it goes to disk and ``unpack`` back when it is read (records
    that stay in memory are never converted)."""

    def __init__(self, keep: int = 0, pack: Callable[[Any], tuple] | None = None,
                 unpack: Callable[[tuple], Any] | None = None) -> None:
        self.keep = keep
        self.pack, self.unpack = pack, unpack
        self.file: IO[bytes] | None = None
        self.buffer: list = []

    def extend(self, records: Iterable) -> None:
        self.buffer.extend(records)
        if len(self.buffer) > self.keep:
            self._flush()

    def append(self, record) -> None:
        self.buffer.append(record)
        if len(self.buffer) > self.keep:
            self._flush()

    def _flush(self) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile()
        self.file.seek(0, 2)
        for i in range(0, len(self.buffer), BATCH):
            self._write_batch(self.buffer[i:i + BATCH])
        self.buffer = []

    def _write_batch(self, batch: list) -> None:
        """One batch to the file: a frame of its packed records (a spool of its own kind frames it its way)."""
        write_frame(self.file, [self.pack(r) for r in batch] if self.pack else batch)  # type: ignore[arg-type]

    def _frames(self) -> Iterator:
        """The frames on disk, in order, each as written."""
        if self.file is not None:
            end = self.file.seek(0, 2)
            self.file.seek(0)
            while self.file.tell() < end:
                yield read_frame(self.file)

    def __iter__(self) -> Iterator:
        for batch in self._frames():
            yield from (map(self.unpack, batch) if self.unpack else batch)
        yield from self.buffer

    def packed(self) -> Iterator:
        """The records as ``pack`` makes them, in order, without unpacking those on disk."""
        for batch in self._frames():
            yield from batch
        yield from (map(self.pack, self.buffer) if self.pack else self.buffer)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        self.buffer = []


class SortedRuns:
    """Records in sorted order without holding them all: runs of ``run_size`` sorted in memory go to disk
    (a Spool each) and are merged when read (heapq.merge). Give records a sequence number in their sort
    key and the order is the one a sort of them all would give."""

    def __init__(self, key: Callable[[Any], Any], pack: Callable[[Any], tuple], unpack: Callable[[tuple], Any],
                 run_size: int = 100_000) -> None:
        self.key, self.pack, self.unpack, self.run_size = key, pack, unpack, run_size
        self.runs: list[Spool] = []
        self.buffer: list = []
        self.count = 0

    def add(self, record) -> None:
        self.buffer.append(record)
        self.count += 1
        if len(self.buffer) >= self.run_size:
            self.buffer.sort(key=self.key)
            run = Spool(0, self.pack, self.unpack)
            run.extend(self.buffer)
            self.runs.append(run)
            self.buffer = []

    def __iter__(self) -> Iterator:
        self.buffer.sort(key=self.key)
        return heapq.merge(*self.runs, self.buffer, key=self.key)

    def close(self) -> None:
        for run in self.runs:
            run.close()
