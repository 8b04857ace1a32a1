"""A run's export step: the glossary's tables once, then each format the step names (xlsx, tbx, csv,
jsonl). The pipeline runs it in order, or beside the check in a process of its own (batch.alongside).

Design: docs/batch-and-scale.md
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from glossary.base.errors import GlossaryError
from glossary.base.progress import Stages
from glossary.outputs.exports import export_csv, export_tbx, jsonl_lines
from glossary.outputs.table import frames
from glossary.outputs.termsheet import export_xlsx
from glossary.termbase.build import refresh_dirty
from glossary.termbase.store import Store


def export_step(db: Path, base: Path, step: dict, stages: Stages, log: Callable[..., None]) -> list[str]:
    """Write the outputs ``step`` names (paths relative to ``base``) from the glossary at ``db``; returns
    them. ``log(event, **fields)`` records the step in the run log."""
    outputs: list[str] = []
    with Store(db) as store:
        refresh_dirty(store)
        with stages.stage("export: tables", total=store.entry_count(), unit="entries") as stage:
            tables = frames(store, progress=stage.advance, meanwhile=stage.meanwhile)
        for fmt, writer in (("xlsx", lambda p, s: export_xlsx(store, p, tables=tables, progress=s.advance)),
                            ("tbx", lambda p, s: export_tbx(store, p, tables)),
                            ("csv", lambda p, s: export_csv(store, p, tables=tables))):
            if step.get(fmt):
                target = (base / step[fmt]).resolve()
                with _writing(target), stages.stage(f"export: {fmt}", total=_rows(tables), unit="rows") as stage, \
                        stage.meanwhile(f"writing {target.name}"):  # its rows count, its other parts do not
                    writer(target, stage)
                outputs.append(str(target))
        if step.get("jsonl"):
            target = (base / step["jsonl"]).resolve()
            with _writing(target):
                target.write_text("".join(line + "\n" for line in jsonl_lines(store, tables)), encoding="utf-8")
            outputs.append(str(target))
    log("exported", outputs=outputs)
    return outputs


@contextmanager
def _writing(target: Path) -> Iterator[None]:
    """An output that cannot be written (a folder in its place, no permission, a full disk) fails the step
    in one line that names it."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        yield
    except OSError as exc:
        raise GlossaryError(f"{target}: cannot write ({exc.strerror or exc})") from exc


def _rows(tables: dict) -> int:
    return sum(len(df) for df in tables.values())
