"""The check's reading of the documents' names, in a process of its own beside the build.

A batch run's check begins by reading every document's mentions with Hanzi from the extraction cache
(check.checker.read_names: a spool of mentions, their evidence counted, the unreadable documents). That
depends on the cache only, never on the glossary; the build and refresh that come before the check run in
the main process alone, and on a machine with two cores the other one idles for their whole time. So
the names are read then, in a helper process started when extraction ends (batch.alongside.Helper: its
progress line moves beside the build's), and handed to the check when the build is done: the mentions as
the spool's file, the evidence as one marshal file, the documents' facts and errors through the queue.
The check starts at its expectations; its findings are the same as when it reads the names itself.

The files live in a temporary folder of their own: the run removes it when its build fails (or when the
helper fails), and the helper removes it when the run that started it is gone (killed).

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

import marshal
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from glossary.base.errors import GlossaryError
from glossary.base.progress import Stages
from glossary.base.workers import end_with_parent
from glossary.batch.alongside import Helper, RelayedStages
from glossary.check.checker import Names, read_names
from glossary.check.spooling import MentionSpool
from glossary.termbase.evidence import Tally

MENTIONS, TALLY = "mentions.bin", "tally.bin"


class NamesBeside(Helper):
    """Start reading the check's names of ``paths`` from ``source`` now, in a spawned process; `join`
    waits and gives them (check.checker.Names) to the check."""

    def __init__(self, paths: list[Path], source, stages: Stages, log: Callable[..., None]) -> None:
        self.paths = paths
        self.folder = Path(tempfile.mkdtemp(prefix="glossary-names-"))
        super().__init__(_names_job, (paths, source, str(self.folder)), "names reader", stages, log)

    def join(self) -> Names:
        """The names, taken over from the helper's files (their folder goes at once: the files stay open
        until read); a GlossaryError in one line if the helper failed."""
        try:
            count, docs, errors = super().join()
            spool = MentionSpool.taken_over(self.folder / MENTIONS, count)
            tally = HandedTally(open(self.folder / TALLY, "rb"))  # closed when read
            return Names(self.paths, spool, tally, docs, [(Path(p), reason) for p, reason in errors])
        finally:
            self.removed()

    def removed(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class HandedTally(Tally):
    """The evidence a helper counted (check.checker's Tally), loaded from its file when the check asks
    for it: in the check's expectations stage, whose line says so, not in a pause between two stages."""

    def __init__(self, fh: BinaryIO) -> None:
        super().__init__()
        self.fh: BinaryIO | None = fh

    def result(self):
        if self.fh is not None:
            with self.fh:
                try:
                    self.acc = marshal.loads(self.fh.read())
                except (OSError, EOFError, ValueError, TypeError) as exc:
                    raise GlossaryError(f"cannot read the names read beside the build ({exc})") from exc
            self.fh = None
        return super().result()


def _names_job(paths: list[Path], source, folder: str, queue, parent: int) -> None:
    """In the helper's process: read the names into the folder's files, progress relayed."""
    end_with_parent(parent, then=lambda: shutil.rmtree(folder, ignore_errors=True))
    try:
        spool = MentionSpool.writing_to(Path(folder) / MENTIONS)
        stages = RelayedStages(queue)
        with stages.stage("check: names", total=len(paths)) as stage:
            names = read_names(paths, spool, source, progress=stage.advance)
            with stage.meanwhile("handing the names to the check"):
                spool.hand_over()
                tally = marshal.dumps(names.tally.acc)
                (Path(folder) / TALLY).write_bytes(tally)
            stage.notes.update(mentions=spool.count, **{"tally MB": round(len(tally) / 1e6, 1),
                                                        "mentions MB": round(
                                                            (Path(folder) / MENTIONS).stat().st_size / 1e6, 1)})
    except GlossaryError as exc:
        queue.put(("error", str(exc)))
    except Exception as exc:
        queue.put(("error", f"reading the documents' names failed: {type(exc).__name__}: {exc}"))
    else:
        queue.put(("done", (spool.count, names.docs, [(str(p), reason) for p, reason in names.errors])))
