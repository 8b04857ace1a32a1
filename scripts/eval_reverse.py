"""Evaluate the Korean → Hanzi candidates (glossary/translit/reverse.py) on data/gold/reverse.tsv.

Prints, per split (dev: used while tuning; test: held out) and per type: how often the right Hanzi is first
and in the top 5; the same with a glossary that holds every name of the list (each with its spelling: the
glossary's answer must come first); and the time per name after start-up. The list's names must not be in
the bundled tables (the measure is of names the project does not have): the script stops if one is.

Usage: python scripts/eval_reverse.py [--gold data/gold/reverse.tsv] [--split dev|test] [--misses] [--no-cedict]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from glossary.base.han import fold
from glossary.base.hangul import compact
from glossary.base.resources import read_tsv
from glossary.translit import reverse
from glossary.translit.lexicon import default_lexicon

ROOT = Path(__file__).resolve().parent.parent


def read_gold(path: Path) -> list[dict[str, str]]:
    return list(read_tsv(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "data/gold/reverse.tsv")
    ap.add_argument("--misses", action="store_true", help="list the names whose Hanzi is not first")
    ap.add_argument("--split", default=None, help="dev or test only")
    ap.add_argument("--no-cedict", action="store_true", help="jieba's dictionary alone (what CC-CEDICT adds)")
    args = ap.parse_args()
    reverse.USE_CEDICT = not args.no_cedict
    rows = read_gold(args.gold)
    if args.split:
        rows = [r for r in rows if r["split"] == args.split]
    lex = default_lexicon()
    bundled = [r for r in rows if lex.lookup(r["hanzi"]) is not None]
    if bundled:
        raise SystemExit(f"{bundled[0]['hanzi']} is in the bundled tables: not a measure of new names")

    t0 = time.perf_counter()
    reverse.candidates("레이쥔")
    startup = time.perf_counter() - t0
    stats: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    times, misses = [], []
    for r in rows:
        t = time.perf_counter()
        found = reverse.candidates(r["korean"], limit=5)
        times.append(time.perf_counter() - t)
        hanzi = [fold(c.hanzi) for c in found]
        want = fold(r["hanzi"])
        for group in ((r["split"], "all"), (r["split"], r["type"]), ("all", "all")):
            s = stats[group]
            s[0] += 1
            s[1] += bool(hanzi) and hanzi[0] == want
            s[2] += want in hanzi
        if not hanzi or hanzi[0] != want:
            misses.append((r, found))

    known = reverse.NameIndex(reverse.KnownName(r["hanzi"], (r["korean"],)) for r in rows)
    glossary_first = sum(
        1 for r in rows if [fold(c.hanzi) for c in reverse.candidates(r["korean"], known=known, limit=1)]
        == [fold(r["hanzi"])])
    # one Korean spelling written for two names of the list can put only one of them first
    shared = defaultdict(set)
    for r in rows:
        shared[compact(r["korean"])].add(fold(r["hanzi"]))
    ambiguous = sum(1 for r in rows if len(shared[compact(r["korean"])]) > 1)

    print(f"{'split':6} {'type':7} {'names':>5} {'first':>7} {'top 5':>7}")
    for (split, kind), (n, first, top5) in sorted(stats.items()):
        print(f"{split:6} {kind:7} {n:5d} {first / n:7.1%} {top5 / n:7.1%}")
    print(f"with the glossary holding every name: first {glossary_first / len(rows):.1%} "
          f"({glossary_first}/{len(rows)}; {ambiguous} share a spelling with another name)")
    ms = sorted(t * 1000 for t in times)
    print(f"start-up {startup:.2f} s; per name after start-up: median {statistics.median(ms):.1f} ms, "
          f"90th percentile {ms[int(len(ms) * 0.9)]:.1f} ms, max {ms[-1]:.1f} ms")
    if args.misses:
        for r, found in misses:
            shown = ", ".join(f"{c.hanzi}({c.source[0]}{c.score})" for c in found)
            print(f"  {r['split']:4} {r['type']:6} {r['korean']} {r['hanzi']}: {shown}")


if __name__ == "__main__":
    main()
