"""The check's bench: the check of an archive whose occurrences are already extracted (as a batch run's
check reads them from its cache), in one process; figures, not a test.

Text with realistic repetition and new names (bench/archive.py) is extracted once, outside the timing.
Then ``check`` runs over it with the occurrences given (``source``), with no glossary and with a glossary
that approves every name: the mentions with Hanzi, the expectations, and each document's search for
mentions without Hanzi (exact spellings, phonetic keys and one-syllable slips). Printed: MB/s of each, and
a bare bracket scan of the same text timed right after each (bench/paired.py: this machine's speed
drifts), with the ratios. Compare two versions by running this script with each on PYTHONPATH.

Usage: .venv/bin/python bench/bench_check.py [--mb 10] [--seed 7] [--rounds 3]

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
from paired import baseline_beside, summary

from glossary import api
from glossary.check.checker import check
from glossary.extraction.extract import record_fields, stream_file
from glossary.termbase.store import Store

BARE = re.compile(r"[(（]([\u4e00-\u9fff]+)[)）]")


class Source:
    """Each document's occurrences, extracted once (a batch run's cache plays this part)."""

    def __init__(self, rows: dict) -> None:
        self._rows = rows

    def rows(self, path: Path):
        return iter(self._rows[path.name])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        made = write_archive(folder, args.mb, args.seed)
        files = sorted(folder.glob("doc*.txt"))
        texts = [p.read_text(encoding="utf-8") for p in files]
        mb = made["bytes"] / 1e6
        source = Source({p.name: [record_fields(o) for o in stream_file(p).occurrences] for p in files})
        db = Path(tmp) / "g.db"
        api.build(files[: max(1, len(files) // 4)], db)
        with Store(db) as store, store.transaction():
            for row in store.entries():
                store.set_reviewed(row["key"], "status", "approved", "bench")

        def scan() -> int:
            return sum(1 for text in texts for _ in BARE.finditer(text))

        for label, with_db in (("no glossary", False), ("approved glossary", True)):
            ratios, rates, found = [], [], 0
            for _ in range(args.rounds):
                t = time.perf_counter()
                if with_db:
                    with Store(db) as store:
                        found = len(check(files, store, source=source))
                else:
                    found = len(check(files, source=source))
                took = time.perf_counter() - t
                bare = baseline_beside(took, scan)
                rates.append(mb / took)
                ratios.append(took / bare)
            print(f"check, {label}: {max(rates):6.2f} MB/s best of {args.rounds}, {found} findings; against a bare "
                  f"bracket scan {summary(ratios)}")
    print(f"{mb:.1f} MB, {len(files)} files, {made['names']} distinct names")


if __name__ == "__main__":
    main()
