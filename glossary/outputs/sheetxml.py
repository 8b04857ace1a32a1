"""A worksheet's data rows written as SpreadsheetML text, at the speed of string joins.

openpyxl builds a cell object and an XML element for every cell it writes, even in write-only mode: some
30 µs a cell, a minute for the term sheet of a 1 GB archive. The data rows of a term sheet are plain:
texts, numbers, and two styles (wrapped text, text quoted so that it is no formula). So openpyxl writes
everything around them (header row with its comments, columns, panes, filters, highlights, drop-downs,
print setup, styles, the other sheets), and the rows are spliced into its sheet file as text: what import
and the spreadsheets read is the same, cell by cell (tests/test_review.py reads it back).

The texts are written as UTF-8, not as the character references openpyxl writes for every Hangul and
Hanzi character (8 bytes each instead of 3): less to compress and to read.
"""

from __future__ import annotations

import datetime
import re
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.writer.excel import ExcelWriter

from glossary.outputs.cells import FORMULA_STARTS

MAX_TEXT = 32_767  # characters a cell holds (openpyxl and Excel cut there)
CHUNK_ROWS = 2_000  # rows made and written at a time; progress is told after each
ZIP_LEVEL = 1  # deflate level of the workbook: level 6 (zipfile's default) takes 3× the time for 10 % less size
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0 (openpyxl refuses them)
_SPLICE = b"</sheetData>"


_ESCAPED = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f]")  # what a text needs done before it goes in


def _text(value: str) -> str:
    """A text as the content of a <t> element."""
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    if _ESCAPED.search(value) is None:
        return value  # nearly every text
    value = _ILLEGAL.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;")  # a raw one would be read back as \n


def _number(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return "" if value != value or value in (float("inf"), float("-inf")) else f"{value:.16g}"


class Styles:
    """The workbook's style ids of a data cell: plain, wrapped, quoted (a text that looks like a formula),
    both. Registered in the workbook through openpyxl cells, so that its styles part lists them."""

    def __init__(self, ws, wrap_style: str) -> None:
        def style_id(wrap: bool, quote: bool) -> str:
            c = WriteOnlyCell(ws, value="")
            if wrap:
                c.style = wrap_style
            if quote:
                c.quotePrefix = True
            return f' s="{c.style_id}"' if (wrap or quote) else ""

        self.ids = {(w, q): style_id(w, q) for w in (False, True) for q in (False, True)}


class SheetRows:
    """The data rows of one sheet (from row 2 on, the header being openpyxl's), by column: ``columns``
    are the values of each column (None for an empty cell), ``text_widths`` the display width of each
    text (0 for anything else), ``wraps`` whether a column wraps a text wider than its ``widths``,
    ``heights`` row number → height in points (rows of more than one line).

    Made a chunk of rows at a time, column by column: what follows a cell's reference (its style, type
    and value) is made in one pass over the column's values, then each row joins its cells."""

    def __init__(self, columns: Sequence[list], text_widths: Sequence[list[int]], wraps: Sequence[bool],
                 widths: Sequence[int], heights: dict[int, float], styles: Styles) -> None:
        self.columns, self.text_widths, self.wraps, self.widths = columns, text_widths, wraps, widths
        self.heights, self.styles = heights, styles.ids
        self.letters = [_letter(i) for i in range(1, len(columns) + 1)]
        self.count = len(columns[0]) if columns else 0

    def _rests(self, values: list, text_widths: list[int], wrap: bool, width: int) -> list[str | None]:
        """What follows each cell's reference, for a slice of one column; None for an empty cell."""
        styles = self.styles
        out: list[str | None] = []
        for v, w in zip(values, text_widths):
            if v is None:
                out.append(None)
            elif type(v) is str:
                quote = v[:1] in FORMULA_STARTS
                style = styles[(wrap and (quote or w > width), quote)]
                space = ' xml:space="preserve"' if v != v.strip() else ""
                out.append(f'{style} t="inlineStr"><is><t{space}>{_text(v)}</t></is></c>')
            else:
                out.append(f' t="{"b" if isinstance(v, bool) else "n"}"><v>{_number(v)}</v></c>')
        return out

    def xml(self, start: int, stop: int) -> str:
        """Rows ``start`` … ``stop - 1`` of the data (0-based) as XML."""
        cols = [(letter, self._rests(values[start:stop], tw[start:stop], wrap, width))
                for letter, values, tw, wrap, width in zip(self.letters, self.columns, self.text_widths,
                                                            self.wraps, self.widths)]
        out = []
        heights = self.heights
        for i in range(stop - start):
            r = start + i + 2
            height = heights.get(r - 1)
            out.append(f'<row r="{r}" ht="{height}" customHeight="1">' if height else f'<row r="{r}">')
            for letter, rests in cols:
                rest = rests[i]
                if rest is not None:
                    out.append(f'<c r="{letter}{r}"{rest}')
            out.append("</row>")
        return "".join(out)

    def splice(self, sheet_file: str | Path, progress: Callable[[int], object] | None = None) -> None:
        """Put the rows into the sheet file openpyxl wrote (header row only), before its </sheetData>."""
        path = Path(sheet_file)
        head, sep, tail = path.read_bytes().rpartition(_SPLICE)
        if not sep:
            raise ValueError(f"{path}: no sheetData to put the rows in")
        with open(path, "wb") as fh:
            fh.write(head)
            for start in range(0, self.count, CHUNK_ROWS):
                stop = min(start + CHUNK_ROWS, self.count)
                fh.write(self.xml(start, stop).encode("utf-8", "replace"))
                if progress is not None:
                    progress(stop - start)
            fh.write(sep + tail)


def write_rows(ws, rows: SheetRows, progress: Callable[[int], object] | None = None) -> None:
    """Close the write-only sheet ``ws`` (its header row appended, its properties set) and put ``rows``
    into the file it wrote."""
    ws.close()
    rows.splice(ws._writer.out, progress)


class _Ticking:
    """A file that tells ``tick`` now and then while it is written (the zip of a large workbook takes
    seconds: its progress line moves meanwhile)."""

    def __init__(self, fh, tick: Callable[[], object], every_s: float = 0.25) -> None:
        self.fh, self.tick, self.every_s = fh, tick, every_s
        self.last = time.perf_counter()

    def write(self, data) -> int:
        n = self.fh.write(data)
        now = time.perf_counter()
        if now - self.last >= self.every_s:
            self.last = now
            self.tick()
        return n

    def __getattr__(self, name: str):
        return getattr(self.fh, name)


def save(wb, path: str | Path, tick: Callable[[], object] | None = None) -> None:
    """Save a write-only workbook as openpyxl does, with a faster deflate level, telling ``tick``
    while the file is written."""
    wb.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    with open(path, "wb") as raw:
        fh = _Ticking(raw, tick) if tick is not None else raw
        archive = zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=ZIP_LEVEL)
        ExcelWriter(wb, archive).save()


def _letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
