"""The check's reading of the documents' names, in a process of its own beside the build.

A batch run's check begins by reading every document's mentions with Hanzi from the extraction cache
(check.checker.read_names: a spool of mentions, their evidence counted, the unreadable documents). That
depends on the cache only, never on the glossary; the build and refresh that come before the check run in
the main process alone, and on a machine with two cores the other one idles for their whole time. So
the names are read then, in a helper process started when extraction ends (batch.alongside.Helper: its
progress line moves beside the build's), and handed to the check when the build is done: the mentions as
the spool's file, the evidence as one marshal file, the documents' facts and errors through the queue.
The check starts at its expectations; its findings are the same as when it reads the names itself.

The two files are anonymous temporary files that this process opens and the helper inherits (their
descriptors travel with the helper's arguments): they have no name on disk, so nothing is left behind
whatever ends the run — a failing build, a failing helper, a run killed outright.

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from collections.abc import Callable
from multiprocessing.reduction import DupFd
from pathlib import Path
from typing import IO

from glossary.base.errors import GlossaryError
from glossary.base.progress import Stages
from glossary.base.workers import end_with_parent
from glossary.batch.alongside import Helper, RelayedStages
from glossary.check.checker import Names, read_names
from glossary.check.spooling import MentionSpool
from glossary.termbase.evidence import Tally

NICE = 10  # how much lower the names reader's priority is than the build's (os.nice)


class NamesBeside(Helper):
    """Start reading the check's names of ``paths`` from ``source`` now, in a spawned process; `join`
    waits and gives them (check.checker.Names) to the check."""

    def __init__(self, paths: list[Path], source, stages: Stages, log: Callable[..., None]) -> None:
        self.paths = paths
        self.mentions, self.tally = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        super().__init__(_names_job, (paths, source, _Inherited(self.mentions.fileno()),
                                      _Inherited(self.tally.fileno())), "names reader", stages, log)

    def join(self) -> Names:
        """The names, in the files the helper wrote (the check closes them); a GlossaryError in one line
        if the helper failed."""
        try:
            count, docs, errors = super().join()
        except BaseException:
            self.removed()
            raise
        return Names(self.paths, MentionSpool.taken_over(self.mentions, count), HandedTally(self.tally), docs,
                     [(Path(p), reason) for p, reason in errors])

    def removed(self) -> None:
        self.mentions.close()
        self.tally.close()


class HandedTally(Tally):
    """The evidence a helper counted (check.checker's Tally), loaded from its file when the check asks
    for it: in the check's expectations stage, whose line says so, not in a pause between two stages."""

    def __init__(self, file: IO[bytes]) -> None:
        super().__init__()
        self.file: IO[bytes] | None = file

    def result(self):
        if self.file is not None:
            with self.file:
                self.file.seek(0)
                try:
                    self.acc = marshal.loads(self.file.read())
                except (EOFError, ValueError, TypeError) as exc:
                    raise GlossaryError(f"the names read beside the build cannot be read ({exc})") from exc
            self.file = None
        return super().result()


class _Inherited:
    """A file descriptor that a spawned process inherits: pickled while the process is spawned, it is
    passed to it with the others it keeps open (multiprocessing.reduction.DupFd); ``detach`` there gives
    its number."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __reduce__(self):
        return _Inherited, (DupFd(self.fd).detach(),)

    def detach(self) -> int:
        return self.fd


def _names_job(paths: list[Path], source, mentions_fd, tally_fd, queue, parent: int) -> None:
    """In the helper's process: read the names into the two files, progress relayed. It runs at a lower
    priority than the build (NICE): it has the build's and the refresh's time to finish in, and on a
    machine with as many cores as the run has processes the build's merge is the path the run waits on."""
    end_with_parent(parent)
    with contextlib.suppress(OSError, AttributeError):  # no os.nice on Windows
        os.nice(NICE)
    try:
        spool = MentionSpool.writing_to(open(mentions_fd.detach(), "w+b"))  # closed when this process ends
        stages = RelayedStages(queue)
        with stages.stage("check: names", total=len(paths)) as stage:
            names = read_names(paths, spool, source, progress=stage.advance)
            with stage.meanwhile("handing the names to the check"):
                spool.hand_over()
                tally = marshal.dumps(names.tally.acc)
                with open(tally_fd.detach(), "wb") as fh:
                    fh.write(tally)
            stage.notes.update({"mentions": spool.count, "mentions MB": round(spool.file.tell() / 1e6, 1),
                                "tally MB": round(len(tally) / 1e6, 1)})
    except GlossaryError as exc:
        queue.put(("error", str(exc)))
    except Exception as exc:
        queue.put(("error", f"reading the documents' names failed: {type(exc).__name__}: {exc}"))
    else:
        queue.put(("done", (spool.count, names.docs, [(str(p), reason) for p, reason in names.errors])))
