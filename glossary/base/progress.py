"""Where a long run is: a progress line per stage on standard error, and the figures of each stage.

A stage counts in its own unit (documents, MB, entries, rows) and shows done/total, rate and time left
(rich's progress display). The display appears only when standard error is a terminal and the user did
not ask for quiet; it never writes to standard output, where results go. Whether shown or not, each stage
records its wall time, what it counted, its rate and the peak memory so far, for the summary at the end
of `glossary run` (a table, the run log, ``--format json``).

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import resource
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


def peak_rss_mb(children: bool = False) -> int:
    """Peak resident memory of this process (or of its finished children, the largest one) in MB."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return int(usage.ru_maxrss / 1024)  # kB on Linux


@dataclass
class Stage:
    name: str
    unit: str
    total: float | None = None
    done: float = 0.0
    mb: float = 0.0  # text read, for MB/s
    notes: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    started_cpu: float = field(default_factory=time.process_time)
    wall_s: float = 0.0
    cpu_s: float = 0.0  # of this process: on a shared machine, what the stage cost here whatever the load
    peak_mb: int = 0
    doing: str = ""  # what it does while its count cannot move (see meanwhile)
    _task: Any = None
    _display: Any = None

    def advance(self, n: float = 1, mb: float = 0.0) -> None:
        self.done += n
        self.mb += mb
        if self._display is not None:
            elapsed = time.perf_counter() - self.started
            rate = f"{self.mb / elapsed:.1f} MB/s" if self.mb and elapsed else (
                f"{self.done / elapsed:,.0f} {self.unit}/s" if elapsed else "")
            self._display.update(self._task, completed=self.done, rate=rate)

    def set_total(self, total: float) -> None:
        """The count the stage will reach, once it is known."""
        self.total = total
        if self._display is not None:
            self._display.update(self._task, total=total)

    def say(self, text: str) -> None:
        """Show what the stage is doing beside its count (a query, starting workers)."""
        self.doing = text
        if self._display is not None:
            self._display.update(self._task, doing=text)

    @contextmanager
    def meanwhile(self, text: str, every_s: float = 0.5) -> Iterator[None]:
        """``text``, with the seconds it has taken so far, shown while one long call runs that cannot count
        its work (a query over the whole glossary, a pool of workers starting, a zip being written): the
        line says what it waits for and never stands still longer than ``every_s``."""
        stop = threading.Event()
        began = time.perf_counter()

        def beat() -> None:
            while not stop.wait(every_s):
                self.say(f"{text} ({time.perf_counter() - began:.0f} s)")

        self.say(text)
        thread = threading.Thread(target=beat, name=f"progress: {self.name}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
            self.say("")

    def figures(self) -> dict:
        rate, unit = (self.mb / self.wall_s, "MB/s") if self.mb and self.wall_s else (
            (self.done / self.wall_s, f"{self.unit}/s") if self.wall_s else (0.0, ""))
        return {"name": self.name, "wall_s": round(self.wall_s, 2), "cpu_s": round(self.cpu_s, 2),
                "done": self.done, "unit": self.unit,
                "mb": round(self.mb, 4), "rate": round(rate, 3), "rate_unit": unit, "peak_mb": self.peak_mb,
                **({"note": ", ".join(f"{k} {v}" for k, v in self.notes.items())} if self.notes else {}),
                **self.notes}


class Stages:
    """The stages of one run. ``show``: draw the display (if standard error is a terminal)."""

    def __init__(self, show: bool = True) -> None:
        self.show = show and sys.stderr.isatty()
        self.done: list[Stage] = []
        self._display = None
        self.began = time.perf_counter()

    @contextmanager
    def stage(self, name: str, total: float | None = None, unit: str = "documents") -> Iterator[Stage]:
        s = Stage(name, unit, total)
        if self.show:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            if self._display is None:
                self._display = Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                                         TextColumn("{task.fields[unit]}"), TextColumn("{task.fields[rate]}"),
                                         TimeElapsedColumn(), TimeRemainingColumn(),
                                         TextColumn("{task.fields[doing]}"),
                                         console=Console(stderr=True), transient=False)
                self._display.start()
            s._display = self._display
            s._task = self._display.add_task(name, total=total, unit=unit, rate="", doing="")
        try:
            yield s
        finally:
            s.wall_s = time.perf_counter() - s.started
            s.cpu_s = time.process_time() - s.started_cpu
            s.peak_mb = peak_rss_mb()
            if s._display is not None:
                s._display.update(s._task, completed=s.done if s.total is None else max(s.done, s.total or 0),
                                  total=s.total if s.total is not None else s.done)
            self.done.append(s)

    def close(self) -> None:
        if self._display is not None:
            self._display.stop()
            self._display = None

    def summary(self) -> list[dict]:
        """Each stage's figures in the order the stages began, with when (``start_s``, from the run's start):
        stages may overlap (an export beside a check), so the run's time is the last end, not a sum."""
        return [{**s.figures(), "start_s": round(s.started - self.began, 2)}
                for s in sorted(self.done, key=lambda s: s.started)]


def span_s(stages: list[dict]) -> float:
    """The wall time from the first stage's start to the last one's end (Stages.summary's figures)."""
    if not stages:
        return 0.0
    return max(s["start_s"] + s["wall_s"] for s in stages) - min(s["start_s"] for s in stages)


class Quiet(Stages):
    """Records the figures, shows nothing."""

    def __init__(self) -> None:
        super().__init__(show=False)
