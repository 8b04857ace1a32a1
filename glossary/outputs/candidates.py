"""The Hanzi candidates for Korean spellings (translit.reverse), as a person or a program reads them.

One renderer for `glossary suggest` with Korean input: JSON lines ``{"korean": …, "candidates": [{"hanzi",
"pinyin", "source", "score"}, …]}`` in input order, or a table with one row per candidate.

Design: docs/transliteration.md
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from glossary.translit.reverse import Candidate

Answer = tuple[str, Sequence[Candidate]]  # a Korean spelling as given and its candidates, best first


def jsonl_lines(answers: Sequence[Answer]) -> list[str]:
    """One JSON object per spelling, in input order."""
    return [json.dumps({"korean": korean, "candidates": [c.to_dict() for c in found]}, ensure_ascii=False)
            for korean, found in answers]


def table_rows(answers: Sequence[Answer]) -> list[tuple[str, str, str, str, str, str]]:
    """(korean, rank, hanzi, pinyin, source, score) per candidate; a spelling without any gets one row
    that says so."""
    rows = []
    for korean, found in answers:
        if not found:
            rows.append((korean, "", "", "", "no candidate", ""))
        for rank, c in enumerate(found, 1):
            rows.append((korean if rank == 1 else "", str(rank), c.hanzi, c.pinyin, c.source, f"{c.score:.3f}"))
    return rows


def render(answers: Sequence[Answer], fmt: str, echo: Callable[[str], None]) -> None:
    """Write the answers in ``fmt`` (jsonl | table) through ``echo`` (a table goes to the terminal)."""
    if fmt == "jsonl":
        for line in jsonl_lines(answers):
            echo(line)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("korean", "#", "hanzi", "pinyin", "source", "score")
    for row in table_rows(answers):
        table.add_row(*row)
    Console().print(table)
