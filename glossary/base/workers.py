"""Where per-document jobs run: in this process, in a pool of spawned processes, or on a Dask cluster.

A job is ``fn(shared, *args)``: ``shared`` is what every job of a run needs (a glossary's spellings, a
matcher's inputs), sent to each worker once — by the pool's initializer, or scattered to every Dask
worker — not with every job. Results come back in the order the jobs were given, and at most a window of
jobs is in flight, so memory does not grow with the number of documents. Processes are spawned, never
forked (konlpy's JVM and jieba's state do not survive a fork).

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_SHARED: Any = None  # what the pool's initializer installed in this worker process
WINDOW_PER_WORKER = 4


def _install(shared: Any) -> None:
    global _SHARED
    _SHARED = shared


def _with_installed(fn: Callable, *args: Any) -> Any:
    return fn(_SHARED, *args)


class Workers:
    """``processes`` ≤ 1 and no ``client``: jobs run here, one after the other. Else in that many spawned
    processes, or on the Dask ``client``'s workers."""

    def __init__(self, processes: int = 1, client: Any = None) -> None:
        self.processes = processes
        self.client = client

    def map(self, fn: Callable, shared: Any, jobs: Iterable[tuple]) -> Iterator[Any]:
        """``fn(shared, *job)`` for every job, results in order."""
        if self.client is not None:
            yield from self._dask(fn, shared, jobs)
        elif self.processes > 1:
            yield from self._pool(fn, shared, jobs)
        else:
            for job in jobs:
                yield fn(shared, *job)

    def _pool(self, fn: Callable, shared: Any, jobs: Iterable[tuple]) -> Iterator[Any]:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.processes, mp_context=context, initializer=_install,
                                 initargs=(shared,)) as pool:
            yield from _windowed((pool.submit(_with_installed, fn, *job) for job in jobs),
                                 self.processes * WINDOW_PER_WORKER, lambda f: f.result())

    def _dask(self, fn: Callable, shared: Any, jobs: Iterable[tuple]) -> Iterator[Any]:
        [everywhere] = self.client.scatter([shared], broadcast=True)
        width = max(1, len(self.client.scheduler_info().get("workers", {}))) * WINDOW_PER_WORKER
        yield from _windowed((self.client.submit(fn, everywhere, *job, pure=False) for job in jobs), width,
                             lambda f: f.result())


def _windowed(futures: Iterator, width: int, result: Callable) -> Iterator[Any]:
    """Results of ``futures`` in order, keeping at most ``width`` of them started ahead."""
    pending: deque = deque()
    for fut in futures:
        pending.append(fut)
        if len(pending) >= width:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())
