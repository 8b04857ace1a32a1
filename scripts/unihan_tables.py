"""Shared by the Unihan table builders: open a Unihan file (plain or .bz2) and write a derived table."""

from __future__ import annotations

import bz2
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
