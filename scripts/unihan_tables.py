"""Shared by the Unihan table builders: open a Unihan file (plain or .bz2) and write a derived table."""

from __future__ import annotations

import argparse
import bz2
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def open_unihan(directory: Path, name: str) -> TextIO:
    """A Unihan data file from Debian's unicode-data package (bz2) or an unpacked copy."""
    plain = directory / name
    if plain.exists():
        return open(plain, encoding="utf-8")
    return bz2.open(directory / f"{name}.bz2", "rt", encoding="utf-8")


def write_table(out: Path, comments: list[str], table: dict[str, list[str]]) -> None:
    """Write char → space-separated readings, with comment lines and the header `char readings`."""
    with open(out, "w", encoding="utf-8") as fh:
        for line in comments:
            fh.write(f"# {line}\n")
        fh.write("char\treadings\n")
        for ch in sorted(table):
            fh.write(f"{ch}\t{' '.join(table[ch])}\n")
    print(f"wrote {len(table)} characters to {out}")


def run(doc: str, table_name: str, comments: list[str], build: Callable[[Path], dict[str, list[str]]]) -> None:
    """The command line every builder shares: --unihan (Debian's unicode-data folder) and --out."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--unihan", type=Path, default=Path("/usr/share/unicode"))
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data/tables" / table_name)
    args = ap.parse_args()
    write_table(args.out, comments, build(args.unihan))
