"""PDF documents: the text lines of each page in reading order, built from the characters and their boxes.

The characters come from PDFium (pypdfium2, Apache-2.0 or BSD-3-Clause: Chrome's PDF engine, compiled),
each with its glyph's box and Unicode from the embedded font's map. pdfminer.six (MIT, pure Python), the
reader before it, gives the same lines ten times slower; it stays as a second engine for the benchmark
(bench/bench_pdf.py) and the tests that hold the two to the same lines, not as a fallback: PDFium opens
whatever pdfminer opened in the project's tests and fuzzing. The lines are built here from the
boxes, whatever order the content stream draws the glyphs in: glyphs on one band of height make a row, a
row splits where two glyphs stand more than two characters apart (the gutter between two columns), and the
spaces between words come from the gaps (_line_text) and the space glyphs where they stand. A page of two
columns is read column by column (_reading_order). Running heads, footers and page numbers are left out: a
line at the top or the bottom of a page that comes back on most pages (digits folded, so 'page 3' and
'page 4' are one line), or that is only a number. A line is numbered page × 1000 + its line on the page,
which the check prints as ``issue.pdf:3:12:5`` (page 3, line 12, column 5). A PDF without a text layer (a
scan) is an error, not an empty result.

A glyph whose font maps it to no character (pdfminer's ``(cid:13)``), and a code that is no character
(U+FFFF, a lone surrogate, a control), becomes U+FFFD: never a name's letter, so the check passes it by.

Design: docs/formats.md
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from glossary.base.errors import GlossaryError, damaged

PAGE_LINES = 1000  # a PDF line's number: page × PAGE_LINES + its line on the page
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^\s*[-–—(]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*(?:/\s*\d{1,4})?\s*[-–—)]?\s*$", re.I)
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be a running head or a footer
ENGINES = ("pdfium", "pdfminer")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in the page's coordinates
Glyph = tuple[str, float, float, float, float, float]  # the character, its box, the y of its baseline
# a line found on a page: x0, x1, top, its text, the box of each character (None for a space put in)
Line = tuple[float, float, float, str, list]

REPLACEMENT = "\ufffd"
ROW_BAND = 0.3  # a glyph joins a row when its baseline is within this many heights of the row's first one
CHAR_MARGIN = 2.0  # a wider gap than this many characters ends a line (pdfminer's default)
WORD_SPACE = 0.25  # of a character's width, beyond the line's letter spacing
LETTER_SPACED = 0.1  # letter gaps wider than this many characters: a letter-spaced line (a heading)


def pdf_lines(path: Path, engine: str | None = None) -> list[tuple[int, str]]:
    """(number, text) of each line of a PDF's text, running heads, footers and page numbers left out."""
    return [(n, text) for n, text, _ in pdf_layout(path, engine)]


def pdf_layout(path: Path, engine: str | None = None) -> list[tuple[int, str, list[Box | None]]]:
    """pdf_lines with, for each character of a line's text, the box of its glyph on the page (None for a
    space the reader put between words): where `check --annotate` marks a finding. ``engine`` picks the
    reader (ENGINES; PDFium unless pdfminer is asked for, as the benchmark does)."""
    try:
        pages = _pages(path, engine)
    except GlossaryError:
        raise
    except Exception as exc:  # the reader's edge: a damaged PDF is one line, never a traceback
        raise damaged(path, "PDF", exc) from exc
    if not any(pages):
        raise GlossaryError(f"{path}: a PDF without a text layer (a scan?): nothing to read; run OCR on it first")
    edges = _running_lines([[t for t, _ in lines] for lines in pages])
    out = []
    for n, lines in enumerate(pages, 1):
        last = len(lines) - 1
        for i, (text, boxes) in enumerate(lines):
            at_edge = i < EDGE_LINES or i > last - EDGE_LINES
            if at_edge and (_PAGE_NUMBER.match(text) or _DIGITS.sub("#", text) in edges):
                continue
            out.append((n * PAGE_LINES + i + 1, text, boxes))
    return out


def _pages(path: Path, engine: str | None) -> list[list[tuple[str, list[Box | None]]]]:
    """Each page's lines in reading order, from the glyphs the chosen reader gives."""
    if engine not in (None, *ENGINES):
        raise ValueError(f"unknown PDF engine {engine!r}")
    source = _pdfminer_pages(path) if engine == "pdfminer" else _pdfium_pages(path)
    return [_reading_order(_lines(glyphs), left, right) for left, right, glyphs in source]


def _pdfium_pages(path: Path) -> Iterator[tuple[float, float, list[Glyph]]]:
    """(left, right, glyphs) of each page, read with PDFium."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise GlossaryError(f"{path}: a password-protected PDF") from exc
        raise
    get_unicode, map_error, generated = raw.FPDFText_GetUnicode, raw.FPDFText_HasUnicodeMapError, \
        raw.FPDFText_IsGenerated
    loose_box, rect = raw.FPDFText_GetLooseCharBox, raw.FS_RECTF()
    origin, x, y = raw.FPDFText_GetCharOrigin, ctypes.c_double(), ctypes.c_double()
    ref, x_ref, y_ref = ctypes.byref(rect), ctypes.byref(x), ctypes.byref(y)
    # one page at a time: a page's glyphs become its lines before the next page is read
    try:
        for index in range(len(doc)):
            page = doc[index]
            left, _, right, _ = page.get_mediabox()
            textpage = page.get_textpage()
            tp = textpage.raw
            glyphs: list[Glyph] = []
            count = raw.FPDFText_CountChars(tp)
            codes = (ctypes.c_ushort * (count + 1))()
            if count > 0 and raw.FPDFText_GetText(tp, 0, count, codes) == count + 1:
                units = codes[:count]  # one call for the page (no character beyond the BMP, or one less)
            else:
                units = [get_unicode(tp, i) for i in range(max(count, 0))]
            for i, code in enumerate(units):
                if code == 0xFFFE:  # GetText's stand-in for PDFium's own marks: the code itself says which
                    code = get_unicode(tp, i)
                if code in (0x20, 0x0D, 0x0A, 0x02) and generated(tp, i):
                    continue  # spaces and line ends PDFium put in: the boxes say where words and lines end
                if code == 0x02:
                    code = 0x2D  # PDFium's mark for a hyphen that ends a line
                if map_error(tp, i):
                    ch = REPLACEMENT
                else:
                    ch = chr(code) if 0x20 <= code < 0x7F or 0xA0 <= code < 0xD800 else _character(code)
                if not loose_box(tp, i, ref) or not origin(tp, i, x_ref, y_ref):
                    continue
                glyphs.append((ch, rect.left, rect.bottom, rect.right, rect.top, y.value))
            yield left, right, _surrogates(glyphs)
            textpage.close()
            page.close()
    finally:
        doc.close()


def _character(code: int) -> str:
    """The character of a code a font maps a glyph to; U+FFFD for a code that is no character."""
    if code < 0x20 or 0x7F <= code < 0xA0:
        return " " if code in (0x09, 0x0A, 0x0D) else REPLACEMENT
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE or code > 0x10FFFF:
        return REPLACEMENT
    return chr(code)  # a surrogate half stays for _surrogates


def _surrogates(glyphs: list[Glyph]) -> list[Glyph]:
    """A character beyond the BMP that came as two halves is one; a lone half is U+FFFD."""
    if not any("\ud800" <= g[0] <= "\udfff" for g in glyphs):
        return glyphs
    out: list[Glyph] = []
    i = 0
    while i < len(glyphs):
        ch, *rest = glyphs[i]
        if "\ud800" <= ch <= "\udbff" and i + 1 < len(glyphs) and "\udc00" <= glyphs[i + 1][0] <= "\udfff":
            ch = chr(0x10000 + (ord(ch) - 0xD800) * 0x400 + ord(glyphs[i + 1][0]) - 0xDC00)
            i += 1
        elif "\ud800" <= ch <= "\udfff":
            ch = REPLACEMENT
        out.append((ch, *rest))
        i += 1
    return out


_CID = re.compile(r"\(cid:\d+\)")


def _pdfminer_pages(path: Path) -> Iterator[tuple[float, float, list[Glyph]]]:
    """(left, right, glyphs) of each page, read with pdfminer.six (no layout analysis: the lines are built
    here from the boxes, as for PDFium's glyphs)."""
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LTChar
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover - an optional reader
        raise GlossaryError(f"{path}: the pdfminer engine needs pdfminer.six (pip install pdfminer.six)") from exc
    # one page at a time, as for PDFium
    try:
        for page in extract_pages(str(path), laparams=None):
            glyphs: list[Glyph] = []
            stack = list(page)
            while stack:
                item = stack.pop()
                if isinstance(item, LTChar):
                    text = _CID.sub(REPLACEMENT, item.get_text())
                    for ch in text or REPLACEMENT:
                        glyphs.append((_character(ord(ch)), *item.bbox, item.matrix[5]))
                elif hasattr(item, "__iter__"):
                    stack.extend(item)
            yield page.x0, page.x1, glyphs
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise GlossaryError(f"{path}: a password-protected PDF") from exc


def _lines(glyphs: list[Glyph]) -> list[Line]:
    """The lines of a page: glyphs in rows by their baseline, each row cut where two glyphs stand more
    than CHAR_MARGIN characters apart; a line's space glyphs mark its word breaks."""
    rows: list[tuple[list[Glyph], list[Glyph]]] = []  # (glyphs, space glyphs) of each row
    anchor = band = 0.0
    for g in sorted(glyphs, key=lambda g: (-g[5], g[1])):
        if not rows or anchor - g[5] > band:
            rows.append(([], []))
            anchor, band = g[5], 0.0
        band = max(band, ROW_BAND * (g[4] - g[2]))
        rows[-1][1 if g[0].isspace() else 0].append(g)
    out: list[Line] = []
    for row, spaces in rows:
        row.sort(key=lambda g: g[1])
        marks = sorted((s[1] + s[3]) / 2 for s in spaces)
        start = 0
        for k in range(1, len(row) + 1):
            if k < len(row):
                a, b = row[k - 1], row[k]
                reach = CHAR_MARGIN * (a[3] - a[1] if a[3] - a[1] > b[3] - b[1] else b[3] - b[1])
                if b[1] - a[3] <= (reach if reach > CHAR_MARGIN else CHAR_MARGIN):
                    continue
            piece = row[start:k]
            start = k
            text, boxes = _line_text(piece, marks)
            if text:
                out.append((piece[0][1], max(g[3] for g in piece), max(g[4] for g in piece), text, boxes))
    return out


def _line_text(glyphs: list[Glyph], marks: list[float]) -> tuple[str, list[Box | None]]:
    """A line's text, with a space where a space glyph stands between two glyphs (``marks``: the middles
    of the row's space glyphs) or where the gap between them is a word space: wider than the line's own
    letter spacing by a quarter of a character. PDFs made by office programs often hold no space glyphs,
    and a justified or narrow column stretches the spacing between letters too (시진 핑 for 시진핑 with a
    fixed margin). A letter-spaced heading (운 용 경 과) has wide letter gaps and wider word gaps: there
    half a letter gap more is a word space. And the box of each character's glyph (None for a space)."""
    def spaced(a: Glyph, b: Glyph) -> bool:
        at = bisect_left(marks, (a[1] + a[3]) / 2)
        return at < len(marks) and marks[at] < (b[1] + b[3]) / 2

    pairs = list(pairwise(glyphs))
    marked = [spaced(a, b) for a, b in pairs] if marks else [False] * len(pairs)
    gaps = [b[1] - a[3] for (a, b), m in zip(pairs, marked) if not m]
    widths = sorted(g[3] - g[1] for g in glyphs)
    width = widths[len(widths) // 2] if widths else 1.0
    letter = max(sorted(gaps)[len(gaps) // 3], 0.0) if gaps else 0.0  # most gaps are between letters
    extra = WORD_SPACE * width
    if letter > LETTER_SPACED * width:
        extra = min(extra, letter / 2)
    text: list[str] = [glyphs[0][0]]
    boxes: list[Box | None] = [glyphs[0][1:5]]
    for (a, b), m in zip(pairs, marked):
        if (m or b[1] - a[3] > letter + extra) and text[-1] != " ":
            text.append(" ")
            boxes.append(None)
        text.append(b[0])
        boxes.append(b[1:5])
    while text and text[-1] == " ":
        text.pop()
        boxes.pop()
    while text and text[0] == " ":
        text.pop(0)
        boxes.pop(0)
    return "".join(text), boxes


def _reading_order(found: list[Line], left: float, right: float) -> list[tuple[str, list]]:
    """Lines top to bottom; on a page of two columns, the lines across the page above them, the left
    column, the right column, then the lines across the page below them."""
    mid = (left + right) / 2
    in_left = [f for f in found if f[1] <= mid + 2]
    in_right = [f for f in found if f[0] >= mid - 2]
    if len(found) < 6 or min(len(in_left), len(in_right)) < 0.25 * len(found):
        return [(f[3], f[4]) for f in sorted(found, key=lambda f: (-round(f[2]), f[0]))]
    columns = [f for f in found if f in in_left or f in in_right]
    top = max(f[2] for f in columns)
    across = [f for f in found if f not in columns]
    above = [f for f in across if f[2] > top]
    below = [f for f in across if f[2] <= top]
    by_top = lambda f: (-round(f[2]), f[0])  # noqa: E731
    ordered = sorted(above, key=by_top) + sorted(in_left, key=by_top)
    ordered += sorted((f for f in in_right if f not in in_left), key=by_top) + sorted(below, key=by_top)
    return [(f[3], f[4]) for f in ordered]


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines at a page's top or bottom that come back on most pages (digits folded): heads and footers."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edge = {_DIGITS.sub("#", t) for t in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}
        seen.update(edge)
    return {t for t, n in seen.items() if n >= max(2, (len(pages) + 1) // 2)}


def page_count(path: Path) -> int:
    """How many pages a PDF has (for the benchmark's pages a second)."""
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(path)))

