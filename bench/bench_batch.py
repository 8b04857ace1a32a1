"""Benchmark for batch runs and the check: prints figures in one run over the same text; not a test.

- raw bracket-regex scan MB/s (the floor), over the text in memory, timed right after the one-worker
  extraction for as long as it took (this machine's speed drifts; see bench/paired.py);
- extraction MB/s with 1 and 2 worker processes (the batch engine, cache disabled);
- a konlpy-over-all-text pipeline MB/s (Komoran on every line: what a typical Korean NLP pipeline costs;
  measured on a slice and scaled);
- check MB/s: spelling matching (word index + phonetic keys, as `glossary check`) with 1k and 100k glossary forms;
- the machine's own ceiling: a CPU-bound loop in 2 processes against 1 (shared or throttled cores
  cap any program's speed-up below 2x);
- peak memory.
Targets (issue 5): extraction >= 1/25 of the regex per worker, >= 1.8x with 2 workers, >= 50x the
konlpy pipeline; check >= 10 MB/s at 100k forms.
Usage: .venv/bin/python bench/bench_batch.py [--mb 8] [--files 8] [--rounds 3]

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import resource
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from paired import baseline_beside, seed_of, seed_option, summary

from glossary.batch import pipeline as batch
from glossary.check.match import Matcher, VariantFinder, hangul_tokens, locate
from glossary.extraction.morph import get_analyzer
from glossary.termbase import cache as xcache
from glossary.termbase.store import file_sha256
from glossary.translit import phonetic

ROOT = Path(__file__).resolve().parent.parent
BARE = re.compile(r"[(（]([\u4e00-\u9fff]+)[)）]")


def forms(n: int, rng: random.Random) -> dict[str, set[str]]:
    syllables = [chr(c) for c in range(0xAC00, 0xD7A4, 7)]
    out: dict[str, set[str]] = {}
    while len(out) < n:
        out["".join(rng.choices(syllables, k=rng.choice((2, 3, 4))))] = {f"K{len(out)}"}
    return out


def busy(n: int) -> int:
    """Pure CPU work for the machine's own ceiling on parallel speed-up."""
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_scaling(workers: int) -> float:
    """Speed-up of a CPU-bound loop with ``workers`` processes over one: what this machine allows at best."""
    ctx = multiprocessing.get_context("spawn")
    times = {}
    for w in (1, workers):
        with ProcessPoolExecutor(max_workers=w, mp_context=ctx) as pool:
            list(pool.map(busy, [10] * w * 2))
            t0 = time.perf_counter()
            list(pool.map(busy, [3_000_000] * 8))
            times[w] = time.perf_counter() - t0
    return times[1] / times[workers]


def warm_worker(seed: str) -> None:
    """Worker initializer: load everything extraction needs (tables, jieba, OpenCC) before timing."""
    from glossary.extraction.extract import extract_file

    extract_file(seed)


def scan(matcher: Matcher, text: str, morph, block_chars: int = 1 << 20) -> int:
    """What `glossary check` does for mentions without Hanzi, block by block: exact spellings by
    Aho-Corasick, variants by phonetic key (each distinct word analysed once)."""
    hits = 0
    variants = VariantFinder({phonetic.key(form): keys[0] for form, keys in matcher.forms.items()}, morph)
    for i in range(0, len(text), block_chars):
        block = text[i:i + block_chars]
        tokens = hangul_tokens(block)
        hits += len(matcher.find(block, tokens))
        hits += len(locate(tokens, variants.words(tokens)))
    return hits


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=8)
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds of 1 and 2 workers")
    seed_option(ap, ROOT)
    args = ap.parse_args()
    seed, text = seed_of(args.seed, ROOT)
    per_file = max(1, int(args.mb * 1e6 / args.files / len(text.encode())))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "docs").mkdir()
        for i in range(args.files):  # each file different by one line, so none is a cached copy
            (base / "docs" / f"d{i}.txt").write_text(text * per_file + f"\n{i}\n", encoding="utf-8")
        size = sum(p.stat().st_size for p in (base / "docs").iterdir()) / 1e6
        all_text = "".join(p.read_text(encoding="utf-8") for p in sorted((base / "docs").iterdir()))
        cold: dict[int, float] = {}
        files = sorted((base / "docs").iterdir())
        shas = {p: file_sha256(p) for p in files}
        for workers in (1, 2):
            out = base / f"out{workers}"
            pipe = batch.Pipeline(name="bench", base=base, inputs=["docs/*.txt"], db=out / "g.db", cache=out / "cache",
                                  log=out / "run.log", workers=workers, steps=[{"kind": "extract"}])
            t0 = time.perf_counter()
            batch.run(pipe)  # the whole run, worker start-up included
            cold[workers] = size / (time.perf_counter() - t0)
        # the same worker job in pools that have started up (jieba, tables loaded): throughput per se. Every
        # worker warms up in its initializer (a warm-up job could land twice on the same worker). Rounds
        # alternate 1 and 2 workers, and the regex is timed right after each one-worker round, for as long
        # as it took (bench/paired.py): this machine's speed drifts.
        ctx = multiprocessing.get_context("spawn")
        pools = {w: ProcessPoolExecutor(max_workers=w, mp_context=ctx, initializer=warm_worker,
                                        initargs=(str(seed),)) for w in (1, 2)}
        rounds: list[tuple[float, float, float]] = []  # (1-worker MB/s, 2-worker MB/s, regex seconds)
        try:
            for w, pool in pools.items():
                list(pool.map(time.sleep, [0.5] * w * 2))  # all workers spawned and warmed
            for r in range(args.rounds):
                rate = {}
                for w, pool in pools.items():
                    t0 = time.perf_counter()
                    list(pool.map(xcache.extract_to_cache, [str(p) for p in files], [shas[p] for p in files],
                                  [str(base / f"timed{w}-{r}")] * len(files)))
                    rate[w] = size / (time.perf_counter() - t0)
                    if w == 1:
                        regex_s = baseline_beside(size / rate[1], lambda: BARE.findall(all_text))
                rounds.append((rate[1], rate[2], regex_s))
        finally:
            for pool in pools.values():
                pool.shutdown()
        komoran = get_analyzer("komoran")
        komoran.particle("시작")  # start the JVM outside the timing
        slice_ = [line for line in all_text.split("\n") if line.strip()][:400]
        t0 = time.perf_counter()
        for line in slice_:
            komoran._pos(line)
        konlpy_rate = sum(len(s.encode()) + 1 for s in slice_) / 1e6 / (time.perf_counter() - t0)
        rng = random.Random(3)
        morph = get_analyzer("rule")
        check_rates = {}
        for n in (1000, 100000):
            matcher = Matcher(forms(n, rng))
            t0 = time.perf_counter()
            scan(matcher, all_text, morph)
            check_rates[n] = size / (time.perf_counter() - t0)
    ceiling = machine_scaling(2)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"text: {size:.1f} MB in {args.files} files ({seed.name})")
    per_worker = [size / regex_s / one for one, _, regex_s in rounds]
    speedup = [two / one for one, two, _ in rounds]
    print(f"bare (漢字) regex scan:      {statistics.median(size / r for _, _, r in rounds):8.1f} MB/s  (median)")
    print(f"extraction, 1 worker:       {statistics.median(one for one, _, _ in rounds):8.2f} MB/s  "
          f"({summary(per_worker)} of the regex; target 1/25; whole run with start-up {cold[1]:.2f} MB/s)")
    print(f"extraction, 2 workers:      {statistics.median(two for _, two, _ in rounds):8.2f} MB/s  "
          f"({statistics.median(speedup):.2f}x median, {min(speedup):.2f}x … {max(speedup):.2f}x; target 1.8x; "
          f"whole run {cold[2]:.2f} MB/s)")
    print(f"this machine's ceiling:     {ceiling:8.2f}x  (a CPU-bound loop in 2 processes against 1)")
    one_worker = statistics.median(one for one, _, _ in rounds)
    print(f"konlpy over all text:       {konlpy_rate:8.3f} MB/s  (extraction is {one_worker / konlpy_rate:.0f}x; "
          "target 50x)")
    print(f"check matching, 1k forms:   {check_rates[1000]:8.1f} MB/s")
    print(f"check matching, 100k forms: {check_rates[100000]:8.1f} MB/s  (target 10)")
    print(f"peak RSS (this process):    {peak:8.0f} MB")


if __name__ == "__main__":
    main()
