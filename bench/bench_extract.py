"""Benchmark: extraction MB/s beside a raw bracket-regex scan of the same text, in the same run.

Prints figures; not a test. The seed newsletter (../shared, else the bundled sample) is repeated to
--mb megabytes in a temporary file. Both are timed after start-up (tables, jieba, OpenCC loaded by a
first small run). Baselines:
- the 한글(漢字) regex reading the file in 1 MB blocks: the cheapest thing that could be called extraction;
- a bare (漢字) scan reading the file the same way;
- the bare scan over the text already in memory (no reading or decoding): the strictest baseline. It is
  timed right after each extraction round, repeated for as long as that round took (bench/paired.py:
  this machine's speed drifts), and the ratio is reported per round.
Targets: extraction at least 1/25 of the regex speed (about 10 MB/s); memory flat (peak RSS does not
grow with --mb; it is read after the first round, before the in-memory baseline loads the text).
Usage: .venv/bin/python bench/bench_extract.py [--mb 50] [--runs 3]

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
from pathlib import Path

from paired import baseline_beside, best_of, seed_of, seed_option, summary, timed

from glossary.extraction.extract import extract_file, stream_file

ROOT = Path(__file__).resolve().parent.parent
BRACKET = re.compile(r"([가-힣]+)\s*[(（]([\u4e00-\u9fff]+)[)）]")  # 한글(漢字): the naive extractor
BARE = re.compile(r"[(（]([\u4e00-\u9fff]+)[)）]")  # (漢字) alone: finds Hanzi, no Korean


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scan(path: Path, pattern: re.Pattern) -> int:
    hits = 0
    with open(path, encoding="utf-8") as fh:
        while block := fh.read(1 << 20):
            hits += len(pattern.findall(block))
    return hits


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--runs", type=int, default=3, help="timings are the best of this many runs")
    seed_option(ap, ROOT)
    args = ap.parse_args()
    seed, text = seed_of(args.seed, ROOT)
    extract_file(seed)  # start-up
    after_startup = rss_mb()
    reps = max(1, int(args.mb * 1e6 / len(text.encode())))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.txt"
        with open(path, "w", encoding="utf-8") as fh:
            for _ in range(reps):
                fh.write(text)
        size = path.stat().st_size / 1e6
        regex, hits = best_of(args.runs, lambda: scan(path, BRACKET))
        bare, _ = best_of(args.runs, lambda: scan(path, BARE))
        first, pairs = timed(lambda: sum(1 for _ in stream_file(path).occurrences))
        peak = rss_mb()
        whole = path.read_text(encoding="utf-8")
        rounds = [(first, baseline_beside(first, lambda: BARE.findall(whole)))]
        for _ in range(args.runs - 1):
            ours_t = timed(lambda: sum(1 for _ in stream_file(path).occurrences))[0]
            rounds.append((ours_t, baseline_beside(ours_t, lambda: BARE.findall(whole))))
        ours = min(t for t, _ in rounds)
        in_memory = min(b for _, b in rounds)
    print(f"text: {size:.1f} MB ({seed.name} x {reps})")
    print(f"bracket regex:  {size / regex:8.1f} MB/s  ({hits} matches)")
    print(f"extraction:     {size / ours:8.1f} MB/s  ({pairs} pairs)")
    print(f"bare (漢字) scan: {size / bare:7.1f} MB/s")
    print(f"bare scan of the text in memory (no reading): {size / in_memory:7.1f} MB/s")
    print(f"ratio:          1/{ours / regex:.1f} of the 한글(漢字) regex, 1/{ours / bare:.1f} of the bare scan "
          "(best times)")
    print(f"in-memory scan, timed beside each round: {summary([t / b for t, b in rounds])} "
          "(target: at least 1/25; about 10 MB/s)")
    print(f"peak RSS:       {peak:.0f} MB during extraction (after start-up: {after_startup:.0f} MB)")


if __name__ == "__main__":
    main()
