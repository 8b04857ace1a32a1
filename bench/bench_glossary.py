"""Benchmark: build + export of a large glossary (default 50k entries / 500k occurrences).

Prints figures; not a test. Documents are generated: each sentence names a random Chinese name (from
the surname table and common characters) as 한글(漢字), the Korean being its suggested spelling or a
variant. Measures `build` (extract + merge into SQLite), `export --xlsx` and `--tbx`, and peak memory.
Target: build + export under 60 s.
Usage: .venv/bin/python bench/bench_glossary.py [--entries 50000] [--occurrences 500000] [--docs 500]

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from glossary import api
from glossary.translit import pinyin
from glossary.translit.suggest import suggest

COMMON = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红金晨宇浩然子轩思远博文雨欣梓涵一诺建国志华海波春梅"


def names(n: int, rng: random.Random) -> list[tuple[str, str]]:
    surnames = [s for s in pinyin.surname_table() if len(s) == 1]
    out: dict[str, str] = {}
    while len(out) < n:
        hanzi = rng.choice(surnames) + "".join(rng.choices(COMMON, k=rng.choice((1, 2, 2, 3))))
        if hanzi not in out:
            out[hanzi] = suggest(hanzi).korean or ""
    return list(out.items())


def openpyxl_floor(cells: int, path: Path) -> float:
    """Seconds openpyxl (write-only, as the term sheet) takes for this many plain short-text cells, in rows of
    seven, without styles or anything else: the library's own floor for a sheet of that size, measured
    in the same run (this machine's speed varies by a third from run to run)."""
    import openpyxl

    t0 = time.perf_counter()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("floor")
    row = tuple(f"텍스트 {i}" for i in range(7))
    for _ in range(cells // 7):
        ws.append(row)
    wb.save(path)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=50000)
    ap.add_argument("--occurrences", type=int, default=500000)
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    rng = random.Random(11)
    t0 = time.perf_counter()
    pool = names(args.entries, rng)
    per_doc = args.occurrences // args.docs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for d in range(args.docs):
            lines = []
            for i in range(per_doc):
                hanzi, korean = pool[(d * per_doc + i) % len(pool)] if i % 2 else rng.choice(pool)
                lines.append(f"기자는 {korean}({hanzi})의 발표를 전했다.")
            (folder / f"doc{d:04d}.txt").write_text("\n".join(lines), encoding="utf-8")
        prepared = time.perf_counter() - t0
        db = Path(tmp) / "g.db"
        t0 = time.perf_counter()
        report = api.build([folder], db, workers=args.workers)
        built = time.perf_counter() - t0
        with api.Store(db) as store:
            t0 = time.perf_counter()
            tables = api.frames(store, 3)  # as `glossary export` reads them: three places per entry
            framed = time.perf_counter() - t0
            counts = api.export_xlsx(store, Path(tmp) / "terms.xlsx", tables=tables)
            xlsx = time.perf_counter() - t0
            t0 = time.perf_counter()
            api.export_tbx(store, Path(tmp) / "terms.tbx", tables)
            tbx = time.perf_counter() - t0
        floor = openpyxl_floor(counts["cells"], Path(tmp) / "floor.xlsx")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"generated {args.docs} documents in {prepared:.1f} s")
    print(f"build:        {built:6.1f} s  ({report.occurrences} occurrences, {report.entries_created} entries)")
    print(f"export xlsx:  {xlsx:6.1f} s  ({counts['entries']} entries, {counts['occurrences']} occurrence rows; "
          f"tables {framed:.1f} s, openpyxl {xlsx - framed:.1f} s for {counts['cells']} cells)")
    print(f"openpyxl floor: {floor:6.1f} s  (the same number of plain cells, no styles, in this run)")
    print(f"export tbx:   {tbx:6.1f} s")
    print(f"build + xlsx: {built + xlsx:6.1f} s  (target < 60 s); peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
