"""Where per-document jobs run: in this process, in a pool of spawned processes, or on a Dask cluster.

A job is ``fn(shared, *args)``: ``shared`` is what every job of a run needs (a glossary's spellings, a
matcher's inputs), sent to each worker once — written once to a file that each pool worker loads on its
first job, or scattered to every Dask worker — not with every job. As the pool does not need it to
start, it can be started early (``start``): spawning and warming up the workers (a second or more each)
then overlaps the work the caller does before its first ``map``. Results come back in the order the
jobs were given, and at most a window of jobs is in flight, so memory does not grow with the number of
documents. Processes are spawned, never forked (konlpy's JVM and jieba's state do not survive a fork).

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from glossary.base.collector import paused

_SHARED: tuple[str, Any] = ("", None)  # (file, what it holds) in this worker process
WINDOW_PER_WORKER = 4


def _with_shared(path: str, fn: Callable, *args: Any) -> Any:
    global _SHARED
    if _SHARED[0] != path:
        with open(path, "rb") as fh, paused():
            _SHARED = (path, pickle.load(fh))
    return fn(_SHARED[1], *args)


def _noop() -> None:
    return None


def _built(shared: Any, fn: Callable[[Any], object]) -> None:
    """What ``fn`` builds stays in the worker (nothing comes back) for as long as the worker lives: it is
    moved out of the cyclic collector's sight, which would otherwise walk those millions of objects (a
    check's matchers and expectations) again at every full collection while the jobs run."""
    fn(shared)
    gc.collect()
    gc.freeze()


ORPHAN_POLL_S = 1.0


def end_with_parent(parent: int) -> None:
    """In a worker process (a pool's initializer): end this worker soon after the process that started it is gone. A run
    killed outright (an out-of-memory kill, a cancelled CI job) cannot shut its pool down; its idle workers
    would otherwise wait for jobs for ever, each holding its memory and the terminal's output pipes."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def process_pool(processes: int, nice: int = 0) -> ProcessPoolExecutor:
    """A pool of ``processes`` spawned workers that end with this process (every pool of the project),
    ``nice`` steps below its priority (see Workers.start)."""
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_starts, initargs=(os.getpid(), nice))


def _worker_starts(parent: int, nice: int) -> None:
    end_with_parent(parent)
    if nice and hasattr(os, "nice"):  # not on Windows
        os.nice(nice)


class Workers:
    """``processes`` ≤ 1 and no ``client``: jobs run here, one after the other. Else in that many spawned
    processes, or on the Dask ``client``'s workers."""

    def __init__(self, processes: int = 1, client: Any = None) -> None:
        self.processes = processes
        self.client = client
        self._pool: ProcessPoolExecutor | None = None
        self._warming: list = []
        self._prepared: tuple[Any, str] | None = None  # (shared, its file) that prepare sent

    def start(self, warm: Callable[[], object] | None = None, nice: int = 0) -> None:
        """Start the pool now, each worker running ``warm`` (imports, tables its jobs read), while the caller
        goes on; the next ``map`` uses it, and shuts it down when done. No-op without a pool. ``nice``: the
        workers run that many steps below this process's priority — they yield the CPU to work beside them
        that should end first (a run's export beside its check), and take every cycle it leaves."""
        if self.client is not None or self.processes <= 1 or self._pool is not None:
            return
        self._pool = process_pool(self.processes, nice)
        self._warming = [self._pool.submit(warm or _noop) for _ in range(self.processes)]

    def prepare(self, fn: Callable[[Any], object], shared: Any) -> None:
        """Have the workers run ``fn(shared)`` now — what their jobs build once from ``shared`` — while the
        caller goes on; the next ``map`` with this ``shared`` reuses its file. No-op without a pool (the
        first job builds it then)."""
        if self.client is not None or self.processes <= 1:
            return
        self.start()
        self._prepared = (shared, _dump(shared))
        self._warming += [self._pool.submit(_with_shared, self._prepared[1], _built, fn)  # type: ignore[union-attr]
                          for _ in range(self.processes)]

    def close(self) -> None:
        """Shut down the pool: its workers end on their own (waiting for them to exit holds the caller up
        for a second, with nothing to show)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._prepared is not None:
            os.unlink(self._prepared[1])
            self._prepared = None

    def map(self, fn: Callable, shared: Any, jobs: Iterable[tuple]) -> Iterator[Any]:
        """``fn(shared, *job)`` for every job, results in order."""
        if self.client is not None:
            yield from self._dask(fn, shared, jobs)
        elif self.processes > 1:
            yield from self._pool_map(fn, shared, jobs)
        else:
            for job in jobs:
                yield fn(shared, *job)

    def _pool_map(self, fn: Callable, shared: Any, jobs: Iterable[tuple]) -> Iterator[Any]:
        self.start()
        pool, warming = self._pool, self._warming
        prepared = self._prepared is not None and self._prepared[0] is shared
        path = self._prepared[1] if prepared else _dump(shared)  # type: ignore[index]
        try:
            for f in warming:
                f.result()  # a worker that cannot warm up (or prepare) says why here
            yield from _windowed((pool.submit(_with_shared, path, fn, *job) for job in jobs),  # type: ignore[union-attr]
                                 self.processes * WINDOW_PER_WORKER, lambda f: f.result())
        finally:
            self.close()
            if not prepared:
                os.unlink(path)

    def _dask(self, fn: Callable, shared: Any, jobs: Iterable[tuple]) -> Iterator[Any]:
        [everywhere] = self.client.scatter([shared], broadcast=True)
        width = max(1, len(self.client.scheduler_info().get("workers", {}))) * WINDOW_PER_WORKER
        yield from _windowed((self.client.submit(fn, everywhere, *job, pure=False) for job in jobs), width,
                             lambda f: f.result())


def _dump(shared: Any) -> str:
    """``shared`` written to a temporary file, which each pool worker loads on its first job."""
    fd, path = tempfile.mkstemp(prefix="kozh-shared-", suffix=".pickle")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(shared, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _windowed(futures: Iterator, width: int, result: Callable) -> Iterator[Any]:
    """Results of ``futures`` in order, keeping at most ``width`` of them started ahead."""
    pending: deque = deque()
    for fut in futures:
        pending.append(fut)
        if len(pending) >= width:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())
