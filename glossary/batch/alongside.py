"""A run's export step in a process of its own, beside the check (and the machinery, Helper, that runs a
step's work in a process of its own beside the run's: the check's names beside the build use it too,
batch.names_beside).

The export reads only the glossary, which the check does not change, so it need not wait for the check.
And for the first part of a check (its main process reading every document's names, the expectations,
the rules) the check's workers wait with nothing to do: on a machine with two cores one of them idles
for that long. The export runs then, on that core, instead of after the check.

After the build the machine is busy to its last core (the check's rules here, its workers' search, the
export): whichever is served first, all of it ends when its work is done. So the check's workers run a
few steps below the run's priority while an export is beside them (pipeline.YIELD_TO_EXPORT): the
export, which translators wait on, takes a whole core and ends sooner; the workers take every cycle it
leaves, and the check's own process, whose rules the workers wait for, keeps the run's priority.

Its progress lines and its run-log events come back through a queue, and a thread here shows them on the
run's own display as the export makes them: the run looks as it does when the steps run in turn, with the
export's lines moving beside the check's. What it writes is what the same step writes in turn.

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from glossary.base.errors import GlossaryError
from glossary.base.progress import Stage, Stages, peak_rss_mb
from glossary.base.workers import end_with_parent
from glossary.batch.export_step import export_step


class Helper:
    """A step's work in a spawned process of its own, started now: ``job(*args, queue, parent)`` sends its
    progress, its log events and at last ("done", result) or ("error", one line) through ``queue``; a
    thread here relays them to the run's display and log as they come. ``what`` names the work in the
    line said when the process stops without a word. `join` waits and gives the result; `stop` ends it."""

    def __init__(self, job: Callable[..., None], args: tuple, what: str, stages: Stages,
                 log: Callable[..., None]) -> None:
        context = multiprocessing.get_context("spawn")
        self.stages, self.log, self.what = stages, log, what
        self.queue = context.Queue()
        self.result: object = None
        self.finished = False
        self.error: str | None = None
        self.process = context.Process(target=job, args=(*args, self.queue, os.getpid()), name=f"glossary {what}",
                                       daemon=True)
        self.process.start()
        self._open: dict[str, tuple[AbstractContextManager, Stage]] = {}
        self.relay = threading.Thread(target=self._relay, name=f"{what} alongside", daemon=True)
        self.relay.start()

    def join(self):
        """Wait for the process; its result, or a GlossaryError saying why it failed."""
        self.process.join()
        if not self.finished and self.error is None:
            self.queue.put(("gone",))  # it ended without a word (killed): stop the relay
        self.relay.join()
        if self.error is not None:
            raise GlossaryError(self.error)
        if not self.finished:
            raise GlossaryError(f"the {self.what} stopped (exit code {self.process.exitcode})")
        return self.result

    def stop(self) -> None:
        """The run failed: end the process too (see also `removed`)."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.queue.put(("gone",))
        self.relay.join()
        self.removed()

    def removed(self) -> None:
        """Remove what the process left half-written (after `stop`)."""

    def _relay(self) -> None:
        while True:
            kind, *rest = self.queue.get()
            if kind == "open":
                name, total, unit = rest
                opened = self.stages.stage(name, total, unit)
                self._open[name] = (opened, opened.__enter__())
            elif kind in ("advance", "total", "say"):
                stage = self._open[rest[0]][1]
                if kind == "advance":
                    stage.advance(rest[1], rest[2])
                elif kind == "total":
                    stage.set_total(rest[1])
                else:
                    stage.say(rest[1])
            elif kind == "close":
                name, cpu_s, peak_mb, notes = rest
                opened, stage = self._open.pop(name)
                opened.__exit__(None, None, None)
                stage.cpu_s, stage.peak_mb = cpu_s, peak_mb  # the helper process's, not this one's
                stage.notes.update(notes)
            elif kind == "log":
                self.log(rest[0], **rest[1])
            elif kind == "done":
                self.result, self.finished = rest[0], True
                return
            elif kind == "error":
                self.error = rest[0]
                return
            else:  # gone
                for opened, _ in self._open.values():
                    opened.__exit__(None, None, None)
                return


class Alongside(Helper):
    """Start the export step now in a spawned process; `join` waits for it and gives its outputs."""

    def __init__(self, db: Path, base: Path, step: dict, stages: Stages, log: Callable[..., None]) -> None:
        self.targets = [(base / step[fmt]).resolve() for fmt in ("xlsx", "tbx", "csv", "jsonl") if step.get(fmt)]
        super().__init__(_export_job, (db, base, step), "export", stages, log)

    def join(self) -> list[str]:
        """Wait for the export; its outputs, or a GlossaryError saying why it failed."""
        return super().join()

    def removed(self) -> None:
        """A workbook it left half-written beside its path goes (an earlier workbook at the path itself
        stays as it was)."""
        for target in self.targets:
            target.with_name(target.name + ".part").unlink(missing_ok=True)


class _RelayedStage(Stage):
    """A stage of the export's process: each change goes to the run's process as well."""

    queue: object = None

    def advance(self, n: float = 1, mb: float = 0.0) -> None:
        super().advance(n, mb)
        self.queue.put(("advance", self.name, n, mb))  # type: ignore[attr-defined]

    def set_total(self, total: float) -> None:
        super().set_total(total)
        self.queue.put(("total", self.name, total))  # type: ignore[attr-defined]

    def say(self, text: str) -> None:
        super().say(text)
        self.queue.put(("say", self.name, text))  # type: ignore[attr-defined]


class RelayedStages(Stages):
    """The stages of a helper's process (Helper): each is shown and recorded by the run's process."""

    def __init__(self, queue) -> None:
        super().__init__(show=False)
        self.queue = queue

    @contextmanager
    def stage(self, name: str, total: float | None = None, unit: str = "documents") -> Iterator[Stage]:
        self.queue.put(("open", name, total, unit))
        s = _RelayedStage(name, unit, total)
        s.queue = self.queue
        try:
            yield s
        finally:
            self.queue.put(("close", name, time.process_time() - s.started_cpu, peak_rss_mb(), s.notes))


def _export_job(db: Path, base: Path, step: dict, queue, parent: int) -> None:
    """In the export's process: the step, its progress and log events sent back as they come."""
    end_with_parent(parent)
    try:
        outputs = export_step(db, base, step, RelayedStages(queue), lambda event, **fields: queue.put(
            ("log", event, fields)))
    except GlossaryError as exc:
        queue.put(("error", str(exc)))
    except Exception as exc:
        queue.put(("error", f"the export failed: {type(exc).__name__}: {exc}"))
    else:
        queue.put(("done", outputs))
