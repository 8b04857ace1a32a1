"""The new-name bench: extraction where names keep coming, in one warm process; figures, not a test.

Text with realistic repetition and new names (bench/archive.py, every name drawn from a growing pool) is
extracted twice in one process after a warm-up document: the first pass pays the cold path for every new
(Korean, Hanzi) pair (alignment against Mandarin, Japanese, Cantonese and Sino-Korean readings, boundary,
type votes), the second pass over the same text repeats every pair (caches warm). Printed: MB/s of each,
µs per new pair and per repeated pair, and a bare bracket scan of the same text in memory timed right
after (bench/paired.py: this machine's speed drifts), with the ratios. The passes' CPU time is printed
beside their wall time: on a machine shared with other work, it is the steadier of the two.

Usage: .venv/bin/python bench/bench_newnames.py [--mb 5] [--seed 11]

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import write_archive

from glossary.extraction.extract import prepare, stream_file

BARE = re.compile(r"[(（]([\u4e00-\u9fff]+)[)）]")


def extract_all(files: list[Path]) -> int:
    return sum(sum(1 for _ in stream_file(p).occurrences) for p in files)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        made = write_archive(Path(tmp), args.mb, args.seed)
        files = sorted(Path(tmp).glob("doc*.txt"))
        texts = [p.read_text(encoding="utf-8") for p in files]
        mb = made["bytes"] / 1e6
        t = time.perf_counter()
        prepare()  # the tables and dictionaries, loaded once a process
        warm = Path(tmp) / "warm.txt"
        warm.write_text("샤오미(小米) 창업자 레이쥔(雷军)은 말했다.\n", encoding="utf-8")
        extract_all([warm])
        startup = time.perf_counter() - t
        t, c = time.perf_counter(), time.process_time()
        pairs = extract_all(files)
        cold, cold_cpu = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        again = extract_all(files)
        warm_s, warm_cpu = time.perf_counter() - t, time.process_time() - c
        t, scanned = time.perf_counter(), 0
        while time.perf_counter() - t < max(cold, 1.0):
            for text in texts:
                scanned += sum(1 for _ in BARE.finditer(text))
        bare = (time.perf_counter() - t)
        bare_mbs = mb * (scanned / max(1, sum(sum(1 for _ in BARE.finditer(x)) for x in texts))) / bare
    print(f"{mb:.1f} MB, {len(files)} files, {made['names']} distinct names, {pairs} occurrences; start-up "
          f"{startup:.2f} s")
    print(f"new names (first pass):  {mb / cold:6.2f} MB/s, {1e6 * cold / pairs:7.0f} µs a pair "
          f"(CPU time: {mb / cold_cpu:.2f} MB/s, {1e6 * cold_cpu / pairs:.0f} µs)")
    print(f"repeated (second pass):  {mb / warm_s:6.2f} MB/s, {1e6 * warm_s / again:7.0f} µs a pair "
          f"(CPU time: {mb / warm_cpu:.2f} MB/s, {1e6 * warm_cpu / again:.0f} µs)")
    print(f"bare bracket scan in memory: {bare_mbs:.0f} MB/s; new names at 1/{bare_mbs * cold / mb:.0f} of it, "
          f"repeated at 1/{bare_mbs * warm_s / mb:.0f}")


if __name__ == "__main__":
    main()
