"""A worksheet's data rows written as SpreadsheetML text, at the speed of string joins.

openpyxl builds a cell object and an XML element for every cell it writes, even in write-only mode: some
30 µs a cell, a minute for the term sheet of a 1 GB archive. The data rows of a term sheet are plain:
texts, numbers, and two styles (wrapped text, text quoted so that it is no formula). So openpyxl writes
everything around them (header row with its comments, columns, panes, filters, highlights, drop-downs,
print setup, styles, the other sheets), and the rows go as text between the head and the tail of the sheet
file it wrote, straight into the workbook's zip (Package): what import and the spreadsheets read is the
same, cell by cell (tests/test_review.py reads it back).

The texts are written as UTF-8, not as the character references openpyxl writes for every Hangul and
Hanzi character (8 bytes each instead of 3): less to compress and to read.
"""

from __future__ import annotations

import datetime
import os
import queue
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, repeat
from math import isfinite
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
# over a chunk of a column's texts joined by NUL: a character to escape, or a text that begins with a space or
# a formula's first character or ends with a space (see _plain)
_ESCAPED_JOINED = re.compile(r"[&<>\r\x01-\x08\x0b\x0c\x0e-\x1f]")
_EDGE = re.compile(r"\x00(?:[\s=+\-@]|(?<=\s\x00))")


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
    are the values of each column (None for an empty cell), ``wide`` for each column whether each row's text
    is wider than the column (None: none is; a wrapping column gives them the wrapped style),
    ``heights`` row number → height in points (rows of more than one line).

    Made a chunk of rows at a time, column by column: each column's cells in one comprehension (a column
    of plain texts or of integers takes one f-string a cell; a chunk of a column with a text that needs
    more, an escape, a quote prefix or kept spaces, takes the general path), then the rows are
    interleaved by zip and joined once."""

    def __init__(self, columns: Sequence[list], wide: Sequence[list[bool] | None], wraps: Sequence[bool],
                 heights: dict[int, float], styles: Styles, kinds: Sequence[type | None] | None = None) -> None:
        self.columns, self.wide, self.wraps = columns, wide, wraps
        self.heights, self.styles = heights, styles.ids
        self.letters = [_letter(i) for i in range(1, len(columns) + 1)]
        self.count = len(columns[0]) if columns else 0
        self.kinds = kinds if kinds is not None else [kind(set(map(type, col))) for col in columns]

    def _rests(self, values: list, wide: list[bool], wrap: bool) -> list[str | None]:
        """What follows each cell's reference, for a slice of one column; None for an empty cell (any
        value: the general path)."""
        styles = self.styles
        out: list[str | None] = []
        for v, w in zip(values, wide):
            if v is None:
                out.append(None)
            elif type(v) is str:
                quote = v[:1] in FORMULA_STARTS
                style = styles[(wrap and (quote or w), quote)]
                space = ' xml:space="preserve"' if v != v.strip() else ""
                out.append(f'{style} t="inlineStr"><is><t{space}>{_text(v)}</t></is></c>')
            else:
                out.append(f' t="{"b" if isinstance(v, bool) else "n"}"><v>{_number(v)}</v></c>')
        return out

    def _cells(self, j: int, start: int, stop: int) -> list[str]:
        """Column ``j``'s cells of rows ``start`` … ``stop - 1``, one string a row ("" for an empty cell)."""
        letter, holds, values = self.letters[j], self.kinds[j], self.columns[j][start:stop]
        rows = range(start + 2, stop + 2)
        if holds is int:
            return [f'<c r="{letter}{r}" t="n"><v>{v}</v></c>' if v is not None else "" for r, v in zip(rows, values)]
        if holds is float and all(map(isfinite, (v for v in values if v is not None))):
            return [f'<c r="{letter}{r}" t="n"><v>{v:.16g}</v></c>' if v is not None else ""
                    for r, v in zip(rows, values)]
        wide = self.wide[j]
        flags = wide[start:stop] if wide is not None else [False] * len(values)
        if holds is str and _plain(values):
            if not (self.wraps[j] and wide is not None):
                return [f'<c r="{letter}{r}" t="inlineStr"><is><t>{v}</t></is></c>' if v is not None else ""
                        for r, v in zip(rows, values)]
            wrapped = self.styles[(True, False)]
            return [f'<c r="{letter}{r}"{wrapped if w else ""} t="inlineStr"><is><t>{v}</t></is></c>'
                    if v is not None else "" for r, v, w in zip(rows, values, flags)]
        return [f'<c r="{letter}{r}"{rest}' if rest is not None else ""
                for r, rest in zip(rows, self._rests(values, flags, self.wraps[j]))]

    def xml(self, start: int, stop: int) -> str:
        """Rows ``start`` … ``stop - 1`` of the data (0-based) as XML."""
        height = self.heights.get
        opens = [f'<row r="{r}" ht="{h}" customHeight="1">' if (h := height(r - 1)) else f'<row r="{r}">'
                 for r in range(start + 2, stop + 2)]
        cells = [self._cells(j, start, stop) for j in range(len(self.columns))]
        return "".join(chain.from_iterable(zip(opens, *cells, repeat("</row>"))))

    def size_bound(self) -> int:
        """Bytes the rows' XML takes at most (a character of text is at most 6 bytes: "&amp;"; each cell's
        markup at most 120): whether a sheet may pass zip's 2 GB and need ZIP64."""
        texts = sum(sum(map(len, filter(None, col))) for col, holds in zip(self.columns, self.kinds) if holds is str)
        return 6 * texts + 120 * self.count * (len(self.columns) + 1)


def write_rows(ws, rows: SheetRows, package: Package, progress: Callable[[int], object] | None = None) -> None:
    """Close the write-only sheet ``ws`` (its header row appended, its properties set) and write its file into
    ``package`` with ``rows`` in it, as they are made (Package.stream)."""
    ws.close()
    head, sep, tail = Path(ws._writer.out).read_bytes().rpartition(_SPLICE)
    if not sep:
        raise ValueError(f"{ws._writer.out}: no sheetData to put the rows in")

    def chunks() -> Iterator[bytes]:
        yield head
        for start in range(0, rows.count, CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, rows.count)
            yield rows.xml(start, stop).encode("utf-8", "replace")
            if progress is not None:
                progress(stop - start)
        yield sep + tail

    index = ws.parent.worksheets.index(ws) + 1  # the name openpyxl's writer gives the sheet's part
    package.stream(f"xl/worksheets/sheet{index}.xml", chunks(), rows.size_bound() + len(head) + len(tail))


class _Ticking:
    """A file that tells ``tick`` now and then while it is written, once ``tick`` is set (the rest of the
    package, written by openpyxl at the end, takes a moment: its progress line moves meanwhile)."""

    def __init__(self, fh) -> None:
        self.fh, self.every_s = fh, 0.25
        self.tick: Callable[[], object] | None = None
        self.last = time.perf_counter()

    def write(self, data) -> int:
        n = self.fh.write(data)
        if self.tick is not None and (now := time.perf_counter()) - self.last >= self.every_s:
            self.last = now
            self.tick()
        return n

    def __getattr__(self, name: str):
        return getattr(self.fh, name)


class _Zip(zipfile.ZipFile):
    """The workbook's zip: openpyxl's writer adds every part of the package but the sheets streamed in."""

    def __init__(self, fh) -> None:
        super().__init__(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=ZIP_LEVEL)
        self.streamed: set[str] = set()

    def write(self, filename, arcname=None, *args, **kwargs) -> None:
        if arcname not in self.streamed:
            super().write(filename, arcname, *args, **kwargs)


class Package:
    """A write-only workbook's file, opened before its sheets are written, so that each sheet's rows go into
    the zip as they are made, deflated in a thread: zlib lets go of the interpreter while it compresses, so
    the deflating (a quarter of writing a large term sheet) overlaps the making of the rows instead of
    following all of them. Written beside ``path`` and put in its place when whole (save): a failed export
    leaves an earlier file as it was."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.part = self.path.with_name(self.path.name + ".part")
        self.fh = _Ticking(open(self.part, "wb"))
        self.zip = _Zip(self.fh)

    def stream(self, name: str, chunks: Iterator[bytes], size_bound: int) -> None:
        """Write the part ``name`` from ``chunks`` (made in this thread, deflated and written in another)."""
        pending: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        failed: list[BaseException] = []

        def drain() -> None:
            try:
                with self.zip.open(name, "w", force_zip64=size_bound * 1.05 > zipfile.ZIP64_LIMIT) as dest:
                    while (data := pending.get()) is not None:
                        dest.write(data)
            except BaseException as exc:  # handed to the thread that makes the rows
                failed.append(exc)
                while pending.get() is not None:  # the rows still come: taken, so that putting never blocks
                    pass

        writer = threading.Thread(target=drain, name=f"deflate {name}", daemon=True)
        writer.start()
        try:
            for data in chunks:
                if failed:
                    break
                pending.put(data)
        finally:
            pending.put(None)
            writer.join()
        if failed:
            raise failed[0]
        self.zip.streamed.add(name)

    def save(self, wb, tick: Callable[[], object] | None = None) -> None:
        """Write the rest of the package as openpyxl does (its writer, our deflate level), telling ``tick``
        while it is written, and put the file in place."""
        wb.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
        self.fh.tick = tick
        ExcelWriter(wb, self.zip).save()
        self.fh.close()
        os.replace(self.part, self.path)

    def discard(self) -> None:
        """Close and remove the unfinished file (an earlier one at ``path`` stays)."""
        try:
            self.zip.close()
        except (OSError, ValueError):  # the failure was the file's: nothing more is written to it
            pass
        finally:
            self.fh.close()
            self.part.unlink(missing_ok=True)


def kind(types: set[type]) -> type | None:
    """What a column holds, from the types of its values: str (texts), int or float (numbers), each with
    empty cells (None) or not; None for anything else."""
    types = types - {type(None)}
    if types <= {str}:
        return str
    return next(iter(types)) if types == {int} or types == {float} else None


def _plain(values: list) -> bool:
    """Whether every text of a chunk of a column goes into its cell as it is: nothing to escape or drop, no
    quote prefix, no space to keep at either end, not too long. Joined and searched at once (the texts
    of a term sheet are nearly all plain); NUL, which no text may hold, separates them."""
    present = [v for v in values if v is not None] if None in values else values
    if not present:
        return True
    joined = "\x00" + "\x00".join(present) + "\x00"
    return (joined.count("\x00") == len(present) + 1 and _ESCAPED_JOINED.search(joined) is None
            and _EDGE.search(joined) is None and (len(joined) <= MAX_TEXT or max(map(len, present)) <= MAX_TEXT))


def _letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
