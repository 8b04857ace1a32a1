"""Save what the commands print for a fixed set of documents, to show a refactoring changed no behaviour.

For the seed newsletter (../shared, when present) and for the bundled samples it runs, through the CLI
in-process, `extract --format jsonl` of each document, `build` + `export --format jsonl`, and
`check --db … --format jsonl`, and writes each output to a folder with one SHA-256 per output in
`digests.tsv`. `tests/test_snapshot.py` compares those digests with `tests/snapshots/digests.tsv`;
with `--compare DIR` this script shows the differing lines against the outputs saved in DIR.

    python scripts/snapshot_outputs.py out/snapshot-before
    python scripts/snapshot_outputs.py out/snapshot-after --compare out/snapshot-before

A change of behaviour that is meant (a bug fixed) is named in its commit, and the digests are written
again with `--write-digests tests/snapshots/digests.tsv`.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KOZH_SHARED", ROOT.parent / "shared"))
SETS = {"seed": [SHARED / "corpus" / "kic-china-195.txt"],
        "samples": sorted((ROOT / "data" / "samples").glob("*.txt"))}


def _run(args: list[str]) -> str:
    from typer.testing import CliRunner

    from glossary.cli import app

    result = CliRunner().invoke(app, args)
    if result.exit_code not in (0, 1):
        raise SystemExit(f"glossary {' '.join(args)} exited {result.exit_code}: {result.output[-500:]}")
    # where the checkout stands is no behaviour: the check names documents by their paths
    out = result.stdout
    for place, name in ((SHARED.resolve(), "<shared>"), (SHARED, "<shared>"), (ROOT, "<root>")):
        out = out.replace(str(place), name)
    return out


def outputs(sets: dict[str, list[Path]] | None = None) -> dict[str, str]:
    """Output name → text, for every set whose documents exist."""
    out: dict[str, str] = {}
    for name, docs in (sets or SETS).items():
        if not docs or not all(d.exists() for d in docs):
            continue
        for d in docs:
            out[f"{name}.extract.{d.stem}.jsonl"] = _run(["extract", str(d), "--format", "jsonl"])
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "g.db")
            _run(["build", *map(str, docs), "--db", db])
            out[f"{name}.export.jsonl"] = _run(["export", "--db", db, "--format", "jsonl"])
            out[f"{name}.check.jsonl"] = _run(["check", *map(str, docs), "--db", db, "--format", "jsonl"])
    return out


def digests(texts: dict[str, str]) -> dict[str, str]:
    return {k: hashlib.sha256(v.encode("utf-8")).hexdigest() for k, v in sorted(texts.items())}


def read_digests(path: Path) -> dict[str, str]:
    return dict(line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="where to write the outputs")
    ap.add_argument("--compare", type=Path, help="a folder of earlier outputs: print the differences")
    ap.add_argument("--write-digests", type=Path, help="also write the digests to this file")
    args = ap.parse_args()
    texts = outputs()
    args.folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (args.folder / name).write_text(text, encoding="utf-8")
    table = "".join(f"{k}\t{v}\n" for k, v in digests(texts).items())
    (args.folder / "digests.tsv").write_text(table, encoding="utf-8")
    if args.write_digests:
        args.write_digests.write_text(table, encoding="utf-8")
    print(table, end="")
    if not args.compare:
        return 0
    changed = 0
    for name, text in texts.items():
        old = args.compare / name
        before = old.read_text(encoding="utf-8") if old.exists() else ""
        if before != text:
            changed += 1
            sys.stdout.writelines(difflib.unified_diff(before.splitlines(True), text.splitlines(True),
                                                       str(old), name, n=0))
    print(f"{changed} of {len(texts)} outputs differ", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
