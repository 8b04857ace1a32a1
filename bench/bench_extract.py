"""Benchmark: extraction MB/s beside a raw bracket-regex scan of the same text, in the same run.

Prints figures; not a test. The seed newsletter (../shared) is repeated to --mb megabytes.
Target: extraction >= 1/25 of the regex speed. Also prints peak memory (RSS) of the run.
Usage: .venv/bin/python bench/bench_extract.py [--mb 50] [--seed ../shared/corpus/kic-china-195.txt]
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
import time
from pathlib import Path

from glossary.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent
BRACKET = re.compile(r"([가-힣]+)\s*\(([\u4e00-\u9fff]+)\)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--seed", type=Path, default=ROOT.parent / "shared/corpus/kic-china-195.txt")
    args = ap.parse_args()
    seed = args.seed if args.seed.exists() else ROOT / "data/samples/newsletter-sample.txt"
    text = seed.read_text(encoding="utf-8")
    reps = max(1, int(args.mb * 1e6 / len(text.encode())))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.txt"
        with open(path, "w", encoding="utf-8") as fh:
            for _ in range(reps):
                fh.write(text)
        size = path.stat().st_size / 1e6
        t0 = time.perf_counter()
        with open(path, encoding="utf-8") as fh:
            hits = sum(len(BRACKET.findall(line)) for line in fh)
        regex = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = extract_file(path)
        ours = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"text: {size:.1f} MB ({seed.name} x {reps})")
    print(f"bracket regex:  {size / regex:8.2f} MB/s  ({hits} matches)")
    print(f"extraction:     {size / ours:8.2f} MB/s  ({len(result.occurrences)} pairs)")
    print(f"ratio:          1/{ours / regex:.1f} of the regex speed (target: at least 1/25)")
    print(f"peak RSS:       {peak:.0f} MB")


if __name__ == "__main__":
    main()
