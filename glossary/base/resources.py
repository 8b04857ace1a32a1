"""Where the reference tables live, and a cached TSV reader for them.

The tables are data, not code (pinyin → Hangul rows, surnames, customary forms, Unihan readings),
so that a linguist can correct a row without touching Python. In a source checkout they are read from
``data/tables``; an installed wheel carries the same files as ``glossary/_tables``.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_PACKAGE = Path(__file__).resolve().parent.parent  # glossary/, not glossary/base/


def tables_dir() -> Path:
    """The folder holding the reference tables (packaged copy first, then the source checkout)."""
    for candidate in (_PACKAGE / "_tables", _PACKAGE.parent / "data" / "tables"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("reference tables not found (expected data/tables or glossary/_tables)")


def pipelines_dir() -> Path:
    """The folder holding the pipeline definitions (spaCy configs, batch pipelines)."""
    for candidate in (_PACKAGE / "_pipelines", _PACKAGE.parent / "pipelines"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("pipeline definitions not found (expected pipelines/ or glossary/_pipelines)")


@functools.cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated table as dicts keyed by its header; '#' lines are comments."""
    return read_tsv(tables_dir() / name)


def read_tsv(path: Path) -> tuple[dict[str, str], ...]:
    """Rows of any TSV file written as the tables are (a header row, '#' comments): gold lists too."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append(dict(zip(header, cells)))
    return tuple(rows)


@functools.cache
def read_toml(name: str) -> dict:
    """A TOML table of settings (forms, weights, thresholds), read once."""
    with open(tables_dir() / name, "rb") as fh:
        return tomllib.load(fh)
