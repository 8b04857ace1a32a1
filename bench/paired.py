"""Timing helpers shared by the benchmarks: a baseline measured beside each run, for as long as the run.

Why: this 2-core VM changes speed by 30–50 % from one minute to the next. A regex scan that takes 0.2 s,
timed in one block before a 6-s extraction, lands on a fast or a slow moment at random, and a best-of
over short scans picks the fastest moments only. Timing the baseline right after each run, repeated
for the same wall time, compares the two under the same conditions; the ratio is reported per round.

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(job: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = job()
    return time.perf_counter() - t0, result


def baseline_beside(seconds: float, job: Callable[[], object], min_runs: int = 3) -> float:
    """Mean seconds of one ``job``, repeated for at least ``seconds`` of wall time (and ``min_runs`` times)."""
    runs, spent = 0, 0.0
    while runs < min_runs or spent < seconds:
        spent += timed(job)[0]
        runs += 1
    return spent / runs


def summary(ratios: list[float]) -> str:
    """'1/a (median), 1/b … 1/c over n rounds' for ratios given as slowdowns (ours / baseline)."""
    return (f"1/{statistics.median(ratios):.1f} median, 1/{min(ratios):.1f} … 1/{max(ratios):.1f} "
            f"over {len(ratios)} rounds")


def best_of(runs: int, job: Callable[[], object]) -> tuple[float, object]:
    """(best wall time, result) over several runs."""
    best, result = float("inf"), None
    for _ in range(runs):
        seconds, result = timed(job)
        best = min(best, seconds)
    return best, result


def seed_option(ap, root) -> None:
    """--seed: the text repeated into a bench's documents (the seed newsletter in ../shared by default)."""
    from pathlib import Path

    ap.add_argument("--seed", type=Path, default=Path(root).parent / "shared/corpus/kic-china-195.txt")


def seed_of(path, root):
    """The seed's path, and its text: the bundled newsletter sample where ../shared is not beside the checkout."""
    from pathlib import Path

    seed = path if path.exists() else Path(root) / "data/samples/newsletter-sample.txt"
    return seed, seed.read_text(encoding="utf-8")
