"""How long a batch run's progress display stays still: runs a pipeline file in this process with a
display that records every start, step and end of every stage, then prints, per stage, the longest time
between two of them (and between the end of a stage and the start of the next, when nothing is shown).
A stage that says what it waits for (Stage.say, Stage.meanwhile: a query, the workers) counts as shown.
The aim (issue 29): every stage's line moves as it works, no pause longer than a second unshown. Figures,
not a test: they depend on the machine's load.

Usage: .venv/bin/python bench/bench_progress.py PIPELINE.toml [--limit 1.0]
(the pipeline's output folder is written as by `glossary run`; delete its glossary to time a first run)
"""

from __future__ import annotations

import argparse
import time
from contextlib import contextmanager
from pathlib import Path

from glossary.base.progress import Stages
from glossary.batch import pipeline as batch


class Recording(Stages):
    """Stages that note the time of every event instead of drawing them."""

    def __init__(self) -> None:
        super().__init__(show=False)
        self.events: list[tuple[float, str]] = []

    @contextmanager
    def stage(self, name: str, total: float | None = None, unit: str = "documents"):
        self.events.append((time.perf_counter(), f"{name}: start"))
        with super().stage(name, total, unit) as s:
            step = s.advance

            def advance(n: float = 1, mb: float = 0.0) -> None:
                step(n, mb)
                self.events.append((time.perf_counter(), name))

            s.advance = advance  # type: ignore[method-assign]
            tell = s.say

            def say(text: str) -> None:
                tell(text)
                self.events.append((time.perf_counter(), name))

            s.say = say  # type: ignore[method-assign]
            yield s
        self.events.append((time.perf_counter(), f"{name}: end"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pipeline", type=Path)
    ap.add_argument("--limit", type=float, default=1.0, help="a pause longer than this is flagged (s)")
    args = ap.parse_args()
    stages = Recording()
    start = time.perf_counter()
    batch.run(batch.load(args.pipeline), stages=stages)
    longest: dict[str, tuple[float, float]] = {}  # where → (pause, when)
    last = start
    for at, what in stages.events:
        name = what.removesuffix(": start").removesuffix(": end")
        label = f"before {name}" if what.endswith(": start") else name
        pause = at - last
        if pause > longest.get(label, (0.0, 0.0))[0]:
            longest[label] = (pause, at - start)
        last = at
    print(f"{'where':<28} {'longest pause s':>16} {'at s':>8}")
    for label, (pause, at) in longest.items():
        flag = "  <- longer than the limit" if pause > args.limit else ""
        print(f"{label:<28} {pause:>16.2f} {at:>8.1f}{flag}")


if __name__ == "__main__":
    main()
