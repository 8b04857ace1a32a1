"""How check findings are shown: one line each in the form compilers and linters use (so editors' tools,
CI logs and `grep` read them), a table that wraps to the terminal, JSON lines for machines, or a
spreadsheet for editors who work in Excel. The severities' colours are set here, once, for all of them
(the HTML report and the PDF annotations too).

Design: docs/check.md
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from glossary.check.rules import LEVELS, Finding, fails
from glossary.extraction.office import PAGE_LINES
from glossary.outputs.cells import looks_like_formula

__all__ = ["SEVERITY_COLOURS", "fails", "jsonl_lines", "print_table", "show", "summary", "text_lines", "write_xlsx"]

SEVERITY_WORDS = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("note", "notes")}


class Colour(NamedTuple):
    terminal: str  # rich's colour name
    html: str  # text and underline in the HTML report
    fill: str  # a spreadsheet cell's and a PDF highlight's background


SEVERITY_COLOURS = {"error": Colour("red", "#d62728", "F8CBAD"), "warning": Colour("yellow", "#e69500", "FFE699"),
                    "info": Colour("cyan", "#1f77b4", "DDEBF7")}


def text_lines(findings: Iterable[Finding]) -> Iterator[str]:
    """``path:line:col: severity kind: message (expected …)``, one finding a line, then the summary."""
    findings = list(findings)
    for f in findings:
        expected = f" (expected {f.expected})" if f.expected else ""
        yield f"{f.path or f.doc}:{where(f)}:{f.col}: {f.severity} {f.kind}: {f.message}{expected}"
    yield summary(findings)


def where(f: Finding) -> str:
    """The line as an editor finds it: ``12``, or in a PDF ``3:12`` (page 3, line 12 of that page)."""
    if (f.path or f.doc).lower().endswith(".pdf") and f.line >= PAGE_LINES:
        return f"{f.line // PAGE_LINES}:{f.line % PAGE_LINES}"
    return str(f.line)


def summary(findings: list[Finding]) -> str:
    counts = {level: sum(f.severity == level for f in findings) for level in LEVELS}
    docs = len({f.doc for f in findings if f.doc != "(glossary)"})
    parts = [f"{counts[level]} {SEVERITY_WORDS[level][counts[level] != 1]}" for level in ("error", "warning", "info")]
    return ", ".join(parts) + (f" in {docs} document{'s' if docs != 1 else ''}" if findings else "")


def show(findings: list[Finding], fmt: str) -> None:
    """The findings on standard output in the format asked for (text, table or jsonl); the summary goes to
    standard error with JSON lines, so that the output stays one object a line."""
    import typer

    if fmt == "table":
        print_table(findings)
        return
    if fmt == "jsonl":
        for line in jsonl_lines(findings):
            typer.echo(line)
        typer.echo(summary(findings), err=True)
        return
    for line in text_lines(findings):
        typer.echo(line)


def jsonl_lines(findings: Iterable[Finding]) -> Iterator[str]:
    for f in findings:
        yield json.dumps(f.to_dict(), ensure_ascii=False)


def print_table(findings: list[Finding], width: int | None = None) -> None:
    """A table that fits the terminal (or ``width`` columns): long texts wrap inside their cells."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=width) if width else Console()
    table = Table(show_lines=False, expand=False, pad_edge=False)
    table.add_column("where", overflow="fold", ratio=3)
    table.add_column("level", overflow="fold", ratio=2)
    table.add_column("name", overflow="fold", ratio=3)
    table.add_column("written", overflow="fold", ratio=3)
    table.add_column("expected", overflow="fold", ratio=3)
    table.add_column("context", overflow="fold", ratio=6)
    for f in findings:
        table.add_row(f"{f.doc}:{f.line}:{f.col}", f"[{SEVERITY_COLOURS[f.severity].terminal}]{f.severity}[/] {f.kind}",
                      f.key, f.korean, f.expected or "", f.context)
    console.print(table)
    console.print(summary(findings))


def write_xlsx(findings: Iterable[Finding], path: str | Path) -> None:
    """The findings as a spreadsheet (one row each, errors first), for editors who work in Excel."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Findings"
    columns = ["severity", "kind", "doc", "line", "key", "korean", "expected", "context"]
    ws.append(columns)
    for c in ws[1]:
        c.font = Font(bold=True)
    fills = {level: PatternFill("solid", fgColor=SEVERITY_COLOURS[level].fill) for level in ("error", "warning")}
    for f in sorted(findings, key=lambda f: (-LEVELS[f.severity], f.doc, f.line)):
        ws.append([getattr(f, c) for c in columns])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if looks_like_formula(cell.value):
                    cell.quotePrefix = True
        if f.severity in fills:
            ws.cell(ws.max_row, 1).fill = fills[f.severity]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for letter, width in zip("ABCDEFGH", (9, 14, 24, 7, 16, 18, 20, 90)):
        ws.column_dimensions[letter].width = width
    wb.save(path)
