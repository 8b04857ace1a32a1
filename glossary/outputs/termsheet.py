"""Excel term sheets: export the glossary for reviewers, import their decisions back.

One workbook: Instructions (what to edit, in Korean and English, and a Reviewer field), Entries (one
row per entity; the Hanzi, the recommended Korean and the four columns to edit come first), Variants
(one row per spelling; Form status to approve or forbid a spelling), Occurrences, Summary, and a hidden
_meta sheet: which glossary the file belongs to and a signed record of every editable value as it was
exported. Every sheet prints landscape, one page wide, with its header row repeated.

Import is a three-way merge against that record, because several reviewers work on copies of one export
and an old copy is easily imported last: only the cells a reviewer changed are applied, and a cell that
changed in the glossary too is a conflict that writes nothing until it is settled. Rows are matched by
key, not by position, so reviewers may sort, filter, reorder and add columns; anything import cannot
read with certainty stops it with the cell named, and nothing is written unless everything is.

Design: docs/glossary-and-review.md
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import hmac
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from glossary import __version__
from glossary.base.collector import fewer_collections
from glossary.base.errors import GlossaryError
from glossary.base.resources import read_table
from glossary.extraction.classify import TYPES
from glossary.outputs.cells import looks_like_formula
from glossary.outputs.sheetxml import Package, SheetRows, Styles, kind, write_rows
from glossary.outputs.table import frames
from glossary.termbase.store import STATUSES, Store, now


class Column(NamedTuple):
    """One column of a sheet: what a reviewer sees, the field it holds, and how it is laid out."""

    header: str
    field: str
    width: int  # the most characters it is fitted to
    wrap: bool  # a longer text wraps inside the cell
    note: str  # the header's comment


FORMAT = "kozh-glossary term sheet 2"  # 2: a signed export record of the editable values (three-way import)
FORM_STATUSES = ("", "approved", "forbidden")


def _columns(sheet: str) -> list[Column]:
    """A sheet's columns, in order, as term_sheet.tsv lists them (data: a header is renamed there)."""
    return [Column(r["header"], r["field"], int(r["width"]), r["wrap"] == "yes", r["note"])
            for r in read_table("term_sheet.tsv") if r["sheet"] == sheet]


# widths are fitted to the content up to each column's maximum; a longer text wraps in its cell
ENTRY_SHEET = _columns("Entries")
PRINTED_ENTRY_COLUMNS = 14  # Hanzi … Documents
LOW_CONFIDENCE = 0.5  # a type below this is shaded in the sheet
FORM_SHEET = _columns("Variants")
OCC_SHEET = _columns("Occurrences")
EDITABLE_ENTRY = ("status", "chosen_korean", "type", "note")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")
CONFLICT_FILL = PatternFill("solid", fgColor="F8CBAD")
UNSURE_FILL = PatternFill("solid", fgColor="FCE4D6")
WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_STYLE = "kozh wrapped text"  # a named style, registered once per workbook: a cell takes it by name,
# without the hashing of an Alignment object that setting cell.alignment costs on every cell
LINE_HEIGHT = 15  # points, one line of 11-point text
MAX_LINES = 8  # a longer text is still whole in its cell, shown in part on the sheet
RECORD_CHUNK = 30_000  # characters of the export record per cell (Excel holds at most 32,767 in one)
REVIEWER_LABEL = "Reviewer / 검토자"
INSTRUCTIONS = [  # one short line a row: printed and on screen alike, nothing depends on row heights
    ("kozh-glossary term sheet", ""),
    ("", ""),
    (REVIEWER_LABEL, ""),  # the reviewer types a name in B; import records it with each decision
    ("", ""),
    ("What to edit", "Entries: Status, Chosen Korean, Type, Reviewer note (yellow columns). Variants: Form status."),
    ("편집할 곳", "Entries 시트의 Status, Chosen Korean, Type, Reviewer note(노란 열), Variants 시트의 Form status."),
    ("Status", "candidate (not reviewed), approved, rejected (not a name), forbidden (never use)"),
    ("", "candidate(미검토), approved(승인), rejected(기각: 이름 아님), forbidden(금지: 사용하지 않음)"),
    ("Type", "PERSON 인물, ORG 기관·기업, PLACE 지명, MEDIA 매체, PRODUCT 제품, WORK 작품, OTHER 기타"),
    ("Type sure", "how sure extraction is of the type (0-1); shaded below 0.5: check those first (유형 확신도)"),
    ("Form status", "approved (이 표기 승인) or forbidden (이 표기 금지); empty: no decision (비우면 결정 없음)"),
    ("Do not", "edit the Key column, add rows, merge cells or type formulas. Sorting, filtering, hiding and"),
    ("", "adding columns of your own are fine."),
    ("하지 말 것", "Key 열 수정, 행 추가, 셀 병합, 수식 입력. 정렬·필터·숨기기·열 추가는 괜찮습니다."),
    ("What import does", "glossary import THIS.xlsx --db glossary.db applies only the cells you changed. If someone"),
    ("", "changed the same cell in the glossary after this sheet was exported, nothing is written and the"),
    ("", "conflicts are listed; --prefer sheet or --prefer glossary then settles them."),
    ("가져오기", "바꾼 셀만 반영됩니다. 내보낸 뒤 다른 사람이 같은 셀을 바꿨다면 아무것도 쓰지 않고 충돌을"),
    ("", "보여 줍니다. --prefer sheet 또는 --prefer glossary로 정하세요."),
]


def _text_cell(ws, value: str, wrap: bool) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=value)
    c.data_type = "s"
    if wrap:
        c.style = WRAP_STYLE  # first: taking a named style replaces the cell's whole style
    if looks_like_formula(value):
        c.quotePrefix = True
    return c


def _cell_value(v):
    """A value as openpyxl should get it: None for missing (NaN from pandas) and for an empty text (openpyxl
    writes a cell element for "" and skips None: fewer cells, a faster write); numpy scalars as Python."""
    if v is None or (isinstance(v, float) and v != v) or v == "":
        return None
    if not isinstance(v, (int, float, str)):
        return v.item() if hasattr(v, "item") else str(v)
    return v


_PLAIN = (str, int, float)


def _cell_values(values: list) -> tuple[list, set[type]]:
    """_cell_value over a column, and the types it may give (NoneType among them where a value may be
    missing): one short comprehension for a column of texts or of numbers (nearly every one), the general
    one for any other."""
    types = set(map(type, values))
    if types <= _TEXT:
        return [v or None for v in values], types | _NONE
    if types == {int}:
        return values, types
    if types <= _NUMBERS:
        return [None if v != v else v for v in values], types | _NONE  # NaN: missing
    plain = _PLAIN
    values = [None if v is None or v == "" or v != v else v if type(v) in plain else _cell_value(v) for v in values]
    return values, set(map(type, values))


_NONE = {type(None)}
_TEXT, _NUMBERS = {str, *_NONE}, {int, float, *_NONE}


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: Hangul and Hanzi about two, Latin one. UTF-8 spends three bytes
    on each of the former and one on the latter, so (bytes + characters) / 2 counts it without a loop."""
    return (len(text.encode("utf-8")) + len(text) + 1) // 2


def display_widths(texts: list[str]) -> np.ndarray:
    """display_width of each text, at once: the texts joined by NUL (which UTF-8 writes for nothing else) and
    encoded, the bytes between two NULs counted."""
    n = len(texts)
    if not n:
        return np.zeros(0, np.int64)
    chars = np.fromiter(map(len, texts), np.int64, n)
    encoded = "\x00".join(texts).encode("utf-8")
    ends = np.flatnonzero(np.frombuffer(encoded, np.uint8) == 0)
    if len(ends) != n - 1:  # a text holds a NUL of its own: one by one
        return np.fromiter(map(display_width, texts), np.int64, n)
    utf8 = np.diff(np.concatenate(([-1], ends, [len(encoded)]))) - 1
    return (utf8 + chars + 1) // 2


class Measured(NamedTuple):
    """What a column's texts need of the sheet: the column's width, which rows' texts are wider (a wrapping
    column wraps them: None for none) and the lines each row needs (None: one each)."""

    width: int
    wide: list[bool] | None
    lines: np.ndarray | None


def _measure(values: list, types: set[type], column: Column) -> Measured:
    """A column's width fitted to its content: the header (with room for the filter button) and the widest
    value, at most the column's maximum; longer texts wrap. In a wrapping column, the lines each row
    needs: its text over the column's width, with a little room for breaks at word ends, at most
    MAX_LINES. ``types``: those of the values (_cell_values)."""
    if str not in types:
        texts, widths, widest = None, None, 0
    else:
        texts = values if types == {str} else [v if type(v) is str else "" for v in values]
        widths = display_widths(texts)
        widest = int(widths.max())
    if types - _TEXT:
        widest = max(widest, max((len(str(v)) for v in values if isinstance(v, (int, float))), default=0))
    width = max(min(column.width, widest + 2), min(display_width(column.header) + 4, 24), 6)
    room = max(width - 3, 4)
    if not column.wrap or widths is None or widest <= room:
        return Measured(width, None, None)
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    lines = np.where((widths > room) & (lengths * 2 > room), np.minimum(MAX_LINES, -(-widths // room)), 1)
    wide = widths > width
    return Measured(width, wide.tolist() if wide.any() else None, lines)


def _print_setup(ws, title_row: bool = True) -> None:
    """Landscape, one page wide, header row on every page, gridlines. Set before the first row: a write-only
    sheet writes its properties with it."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.print_options.gridLines = True
    if title_row:
        ws.print_title_rows = "1:1"


def _sheet(wb, package: Package, title: str, columns, df, *, freeze: str = "B2", editable=(),
           conflict_field: str | None = None, validations=(), printed: int | None = None, progress=None) -> int:
    """Write one sheet into ``package``; returns the number of cells written (empty ones are not). Only the
    first ``printed`` columns are printed (the key and helper columns mean nothing on paper, and would make
    the page too small to read once fitted to its width)."""
    ws = wb.create_sheet(title)
    _print_setup(ws)
    raw, types = zip(*(_cell_values(df[c.field].tolist() if c.field in df.columns else [None] * len(df))
                       for c in columns))
    measured = [_measure(col, t, c) for col, t, c in zip(raw, types, columns)]
    for i, m in enumerate(measured, 1):
        ws.column_dimensions[get_column_letter(i)].width = m.width
    ws.freeze_panes = freeze
    header = []
    for column in columns:
        c = WriteOnlyCell(ws, value=column.header)
        c.font, c.fill = HEADER_FONT, HEADER_FILL
        if column.note:
            c.comment = Comment(column.note, "kozh-glossary", width=260, height=90)
        header.append(c)
    ws.append(header)
    cells = sum(len(col) - col.count(None) for col in raw)
    need = np.ones(len(df), np.int64)  # the lines of each row: the most any of its cells needs
    for m in measured:
        if m.lines is not None:
            np.maximum(need, m.lines, out=need)
    heights = {int(i) + 1: LINE_HEIGHT * int(need[i]) for i in np.flatnonzero(need > 1)}
    n = len(df)
    last_row = max(n + 1, 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    if printed:
        ws.print_area = f"A1:{get_column_letter(printed)}{last_row}"
    letter = {c.field: get_column_letter(i) for i, c in enumerate(columns, 1)}
    # highlights as conditional formats: one rule per range instead of a style on every cell
    for fld in editable:
        ws.conditional_formatting.add(f"{letter[fld]}2:{letter[fld]}{last_row}",
                                      FormulaRule(formula=["TRUE"], fill=EDIT_FILL))
    if conflict_field:
        c = letter[conflict_field]
        for fld in ("korean", "recommended", "forms", conflict_field):
            if fld in letter:
                ws.conditional_formatting.add(f"{letter[fld]}2:{letter[fld]}{last_row}",
                                              FormulaRule(formula=[f'LEN(${c}2)>0'], fill=CONFLICT_FILL,
                                                          stopIfTrue=True))
    if "type_confidence" in letter:  # the types extraction was unsure of: where a reviewer looks first
        c = letter["type_confidence"]
        for fld in ("type", "type_confidence"):
            ws.conditional_formatting.add(f"{letter[fld]}2:{letter[fld]}{last_row}", FormulaRule(
                formula=[f"AND(ISNUMBER(${c}2),${c}2<{LOW_CONFIDENCE})"], fill=UNSURE_FILL))
    for fld, options in validations:
        col = letter[fld]
        dv = DataValidation(type="list", formula1='"' + ",".join(o for o in options if o) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Not a known value",
                            error="Pick a value from the list.")
        dv.add(f"{col}2:{col}{last_row + 1000}")
        ws.data_validations.append(dv)
    # the data rows as text, into the sheet file openpyxl wrote around them (sheetxml: its speed)
    rows = SheetRows(raw, [m.wide for m in measured], [c.wrap for c in columns], heights, Styles(ws, WRAP_STYLE),
                     [kind(t) for t in types])
    write_rows(ws, rows, package, progress)
    return cells


def _plain_sheet(wb, title: str, rows: list[tuple], widths: tuple[int, int], highlight: set[int] = frozenset()):
    """A two-column sheet of labels and texts (Instructions, Summary), printable like the others."""
    ws = wb.create_sheet(title)
    _print_setup(ws, title_row=False)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = widths
    for i, (label, value) in enumerate(rows, 1):
        a = WriteOnlyCell(ws, value=label)
        a.font = Font(bold=True, size=14 if i == 1 else 11)
        b = _text_cell(ws, value, False) if isinstance(value, str) and value else WriteOnlyCell(ws, value=value)
        if i in highlight:
            b.fill = EDIT_FILL
        ws.append([a, b])
    return ws


# -- the export record ------------------------------------------------------------------------------------
def _record(entries, forms) -> dict:
    """The editable values of every exported entry and spelling as they are when the sheet is written: the
    base of the three-way merge on import."""
    rec_entries = {}
    if len(entries):
        cols = [entries[f].tolist() for f in ("key", *EDITABLE_ENTRY)]
        for key, *values in zip(*cols):
            rec_entries[key] = [_norm(f, v) for f, v in zip(EDITABLE_ENTRY, values)]
    rec_forms: dict[str, dict[str, str | None]] = {}
    if len(forms):
        for key, korean, status in zip(forms["key"].tolist(), forms["korean"].tolist(), forms["status"].tolist()):
            rec_forms.setdefault(key, {})[korean] = _norm("form", status)
    return {"entries": rec_entries, "forms": rec_forms}


def _norm(field: str, value) -> str | None:
    """One way to write each value, so that the sheet, the record and the glossary compare equal."""
    if value is None or (isinstance(value, float) and value != value):
        value = None
    else:
        value = str(value).strip() or None
    if field == "status":
        return (value or "candidate").lower()
    if field == "form":
        return value.lower() if value else None
    if field == "type" and value is not None:
        return value.upper()
    return value


def _digest(secret: bytes, parts: list[str]) -> str:
    return hmac.new(secret, "\x1f".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


def _meta_rows(store: Store, record: dict, filter_text: str, exported: str) -> list[tuple[str, str]]:
    head = [("format", FORMAT), ("glossary_id", store.glossary_id), ("export_id", uuid.uuid4().hex),
            ("exported", exported), ("filter", filter_text), ("kozh-glossary", __version__)]
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    chunks = [text[i:i + RECORD_CHUNK] for i in range(0, len(text), RECORD_CHUNK)] or [""]
    rows = head + [(f"record.{i}", c) for i, c in enumerate(chunks)]
    signed = [f"{k}={v}" for k, v in rows if k != "kozh-glossary"]
    return [*rows, ("digest", _digest(store.secret(), signed))]


def export_xlsx(store: Store, path: str | Path, max_occurrences_per_entry: int = 3,
                tables: dict | None = None, filter_text: str = "all entries", progress=None) -> dict:
    """Write the term sheet; returns counts for the summary line. The Occurrences sheet shows the first
    few places of each entry (a few samples per entry are in the database; a batch run's positions file
    has them all). ``filter_text`` says on the Summary sheet which entries were chosen (the tables given
    are already filtered). ``progress`` is told how many rows were written, as they are."""
    with fewer_collections():
        return _export_xlsx(store, path, max_occurrences_per_entry, tables or frames(store), filter_text,
                            progress)


def _export_xlsx(store: Store, path: str | Path, max_occurrences_per_entry: int, f: dict, filter_text: str,
                 progress=None) -> dict:
    try:
        package = Package(path)
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    wb = openpyxl.Workbook(write_only=True)
    try:
        counts = _write_workbook(store, wb, package, max_occurrences_per_entry, f, filter_text, progress)
    except BaseException as exc:
        for ws in wb.worksheets:  # the sheets not written yet: closed, their files removed
            with contextlib.suppress(Exception):
                if not ws.closed:
                    ws.close()
                ws._writer.cleanup()
        package.discard()
        if isinstance(exc, OSError):
            raise GlossaryError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise
    return counts


def _write_workbook(store: Store, wb, package: Package, max_occurrences_per_entry: int, f: dict,
                    filter_text: str, progress=None) -> dict:
    entries, forms, occ = f["entries"], f["forms"], f["occurrences"]
    shown = occ.groupby("key", sort=False).head(max_occurrences_per_entry) if len(occ) else occ
    exported = now()
    wb.add_named_style(NamedStyle(WRAP_STYLE, alignment=WRAP))
    _plain_sheet(wb, "Instructions", INSTRUCTIONS, (20, 100), highlight={3})
    cells = _sheet(wb, package, "Entries", ENTRY_SHEET, entries, editable=EDITABLE_ENTRY,
                   conflict_field="conflict", validations=[("status", STATUSES), ("type", TYPES)],
                   printed=PRINTED_ENTRY_COLUMNS, progress=progress)
    cells += _sheet(wb, package, "Variants", FORM_SHEET, forms, editable={"status"}, conflict_field="conflict",
                    validations=[("status", FORM_STATUSES)], progress=progress)
    cells += _sheet(wb, package, "Occurrences", OCC_SHEET, shown, freeze="A2", progress=progress)
    total = int(entries["occurrences"].sum()) if len(entries) else 0
    summary = [("Glossary", str(store.path.name)), ("Exported", exported), ("Entries chosen", filter_text),
               ("Entries", len(entries)), ("Spellings", len(forms)), ("Occurrences", total),
               ("Occurrences shown", len(shown)),
               ("Conflicting spellings", int((forms["conflict"] != "").sum()) if len(forms) else 0)]
    summary += [(f"Type {t}", int(n)) for t, n in entries["type"].value_counts().items()]
    summary += [(f"Status {s}", int(n)) for s, n in entries["status"].value_counts().items()]
    _plain_sheet(wb, "Summary", summary, (26, 60))
    meta = wb.create_sheet("_meta")
    meta.sheet_state = "hidden"
    for k, v in _meta_rows(store, _record(entries, forms), filter_text, exported):
        meta.append([k, _text_cell(meta, v, False) if v else v])
    wb.active = 1  # opens on Entries
    package.save(wb, (lambda: progress(0)) if progress is not None else None)
    return {"entries": len(entries), "forms": len(forms), "occurrences": len(shown), "cells": cells}


# -- import: a three-way merge --------------------------------------------------------------------------
@dataclass
class Conflict:
    """A cell changed both in the sheet and in the glossary since the sheet was exported."""

    key: str
    field: str
    exported: str | None
    glossary: str | None
    sheet: str | None
    since: str  # where the glossary's value came from (history: source, reviewer, time)

    def line(self) -> str:
        return (f"conflict {self.key} {self.field}: exported {self.exported!r}, glossary now {self.glossary!r} "
                f"({self.since}), sheet {self.sheet!r}")

    def to_dict(self) -> dict:
        return {"key": self.key, "field": self.field, "exported": self.exported, "glossary": self.glossary,
                "glossary_from": self.since, "sheet": self.sheet}


@dataclass
class ImportReport:
    changes: list[tuple[str, str, object, object]] = field(default_factory=list)  # key, field, old, new
    conflicts: list[Conflict] = field(default_factory=list)
    settled: str | None = None  # "sheet" or "glossary" when --prefer settled the conflicts
    reviewer: str = ""
    exported: str = ""
    written: bool = True  # False: conflicts left unsettled, nothing was written

    def lines(self) -> list[str]:
        out = [f"{key}: {fld} {old!r} → {new!r}" for key, fld, old, new in self.changes]
        if self.conflicts and self.settled:
            out += [f"{c.line()}: settled, {self.settled} kept" for c in self.conflicts]
        elif self.conflicts:
            out += [c.line() for c in self.conflicts]
        return out


def _open(path: Path):
    if not path.exists():
        raise GlossaryError(f"{path}: no such file")
    try:
        return openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise GlossaryError(f"{path}: not an .xlsx workbook ({type(exc).__name__})") from exc


def _header(ws, wanted: list[Column], path: Path, required: set[str]) -> dict[str, int]:
    names = {str(c.value).strip().lower(): c.column for c in ws[1] if c.value is not None}
    found = {}
    for column in wanted:
        col = names.get(column.header.lower())
        if col is not None:
            found[column.field] = col
    missing = [c.header for c in wanted if c.field in required and c.field not in found]
    if missing:
        raise GlossaryError(f"{path}: sheet {ws.title!r} lacks the column(s) {', '.join(missing)}")
    return found


def _check_cells(ws, cols: dict[str, int], fields, path: Path) -> None:
    if ws.merged_cells.ranges:
        rng = sorted(str(r) for r in ws.merged_cells.ranges)[0]
        raise GlossaryError(f"{path}: sheet {ws.title!r} has merged cells ({rng}); unmerge them and import again")
    for fld in fields:
        col = cols.get(fld)
        if col is None:
            continue
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if cell.data_type == "f":
                raise GlossaryError(f"{path}: {ws.title}!{cell.coordinate} holds a formula; type the value instead")


def _value(cell) -> str | None:
    v = cell.value
    if v is None:
        return None
    v = str(v).strip()
    return v or None


def _read_record(wb, store: Store, p: Path) -> tuple[dict, dict]:
    """The sheet's export record, after checking it belongs to this glossary and was not edited by hand."""
    if "_meta" not in wb.sheetnames or "Entries" not in wb.sheetnames:
        raise GlossaryError(f"{p}: not a kozh-glossary term sheet (no _meta or Entries sheet)")
    rows = [(str(r[0].value), "" if r[1].value is None else str(r[1].value))
            for r in wb["_meta"].iter_rows(max_col=2) if r[0].value is not None]
    meta = dict(rows)
    if meta.get("glossary_id") != store.glossary_id:
        raise GlossaryError(f"{p}: exported from another glossary ({meta.get('glossary_id')}), not from {store.path}")
    if meta.get("format") != FORMAT or "digest" not in meta:
        raise GlossaryError(f"{p}: the sheet's export record (hidden _meta sheet) is missing or from an older "
                            "version; export a new sheet and make the edits there")
    signed = [f"{k}={v}" for k, v in rows if k not in ("digest", "kozh-glossary")]
    if not hmac.compare_digest(_digest(store.secret(), signed), meta["digest"]):
        raise GlossaryError(f"{p}: the sheet's export record (hidden _meta sheet) was edited by hand; "
                            "export a new sheet and make the edits there")
    text = "".join(v for k, v in rows if k.startswith("record."))
    return meta, json.loads(text)


def _instructions_reviewer(wb) -> str | None:
    if "Instructions" not in wb.sheetnames:
        return None
    for a, b, *_ in wb["Instructions"].iter_rows(max_col=2):
        if a.value is not None and str(a.value).strip().lower().startswith("reviewer"):
            return _value(b)
    return None


def _since(store: Store, key: str, fld: str) -> str:
    h = store.last_change(key, fld)
    if h is None:
        return "set by a build"
    who = f" by {h['reviewer']}" if h.get("reviewer") else ""
    return f"{h['source']}{who}, {h['at']}"


def import_xlsx(store: Store, path: str | Path, reviewer: str | None = None, prefer: str | None = None
                ) -> ImportReport:
    """Apply reviewers' edits from a term sheet as a three-way merge, all or nothing.

    Each editable cell is compared with its value when the sheet was exported (the signed record) and with
    the glossary now: a cell the reviewer did not change is not applied; a changed cell is applied when
    the glossary still holds the exported value; when both changed (another reviewer's import, a build, a
    decision made elsewhere) it is a conflict. With conflicts nothing is written unless ``prefer`` ("sheet"
    or "glossary") settles them; each settled conflict goes into the history with both values."""
    if prefer not in (None, "sheet", "glossary"):
        raise GlossaryError(f"--prefer takes sheet or glossary, not {prefer!r}")
    p = Path(path)
    wb = _open(p)
    meta, record = _read_record(wb, store, p)
    who = reviewer or _instructions_reviewer(wb) or _os_user()
    report = ImportReport(reviewer=who, exported=meta.get("exported", ""))
    known = {r["key"]: r for r in store.entries()}
    edits: list[tuple[str, str, str | None]] = []  # key, field (or "form:korean"), value
    for key, fld, value, cell in _entry_cells(wb, p, record):
        if key not in known:
            raise GlossaryError(f"{p}: Entries!{cell.coordinate}: the key {key!r} is no longer in the glossary")
        _merge(store, report, edits, key, fld, record["entries"][key][EDITABLE_ENTRY.index(fld)], value,
               _norm(fld, known[key].get(fld)))
    current_forms = store.form_statuses()
    for key, korean, value in _form_cells(wb, p, record, known):
        base = record["forms"].get(key, {}).get(korean)
        _merge(store, report, edits, key, f"form:{korean}", base, value, current_forms.get((key, korean)))
    if report.conflicts and prefer is None:
        report.written = False
        return report
    report.settled = prefer if report.conflicts else None
    source = f"import {p.name} (exported {report.exported})"
    with store.transaction():
        for key, fld, value in edits:
            _apply(store, report, key, fld, value, source, who, None)
        for c in report.conflicts:
            detail = json.dumps({"conflict": c.to_dict(), "settled": prefer}, ensure_ascii=False)
            if prefer == "sheet":
                _apply(store, report, c.key, c.field, c.sheet, source, who, detail)
            else:  # the glossary's value stays; the decision not to take the sheet's is recorded
                store.log(c.key, c.field, c.glossary, c.glossary,
                          f"{source}: conflict settled, glossary kept over the sheet's {c.sheet!r}", who, detail)
    return report


def _merge(store: Store, report: ImportReport, edits: list, key: str, fld: str, base, sheet, current) -> None:
    if sheet == base or sheet == current:
        return  # not changed in the sheet, or changed the same way in both
    if current == base:
        edits.append((key, fld, sheet))
    else:
        report.conflicts.append(Conflict(key, fld.replace("form:", "form "), base, current, sheet,
                                         _since(store, key, fld)))


def _apply(store: Store, report: ImportReport, key: str, fld: str, value, source: str, who: str,
           detail: str | None) -> None:
    fld = fld.replace("form ", "form:")
    if fld.startswith("form:"):
        korean = fld[5:]
        old = store.form_statuses().get((key, korean))
        if store.set_form_status(key, korean, value, source, who, detail):
            report.changes.append((key, f"form {korean}", old, value))
        return
    old = (store.entry(key) or {}).get(fld)
    if store.set_reviewed(key, fld, value, source, who, detail):
        report.changes.append((key, fld, old, value))


def _entry_cells(wb, p: Path, record: dict):
    """(key, field, normalised value, cell) of every editable cell of the Entries sheet, checked."""
    ws = wb["Entries"]
    cols = _header(ws, ENTRY_SHEET, p, {"key", "status", "chosen_korean", "note"})
    _check_cells(ws, cols, {"key", *EDITABLE_ENTRY}, p)
    for row in ws.iter_rows(min_row=2):
        if len(row) < cols["key"]:
            continue
        key = _value(row[cols["key"] - 1])
        if key is None:
            if any(_value(c) for c in row):
                raise GlossaryError(f"{p}: Entries row {row[0].row} has no key; rows cannot be added in the sheet")
            continue
        if key not in record["entries"]:
            raise GlossaryError(f"{p}: Entries row {row[0].row}: the key {key!r} was not in this export")
        for fld in EDITABLE_ENTRY:
            if fld not in cols:
                continue
            cell = row[cols[fld] - 1]
            value = _norm(fld, _value(cell))
            if fld == "status" and value not in STATUSES:
                raise GlossaryError(f"{p}: Entries!{cell.coordinate}: status {value!r} is not one of "
                                    f"{', '.join(STATUSES)}")
            if fld == "type" and value is not None and value not in TYPES:
                raise GlossaryError(f"{p}: Entries!{cell.coordinate}: type {value!r} is not one of "
                                    f"{', '.join(TYPES)}")
            yield key, fld, value, cell


def _form_cells(wb, p: Path, record: dict, known: dict):
    """(key, Korean spelling, normalised form status) of every row of the Variants sheet, checked."""
    if "Variants" not in wb.sheetnames:
        return
    ws = wb["Variants"]
    cols = _header(ws, FORM_SHEET, p, {"key", "korean", "status"})
    _check_cells(ws, cols, {"key", "korean", "status"}, p)
    for row in ws.iter_rows(min_row=2):
        key, korean = _value(row[cols["key"] - 1]), _value(row[cols["korean"] - 1])
        if key is None or korean is None:
            continue
        if key not in known:
            raise GlossaryError(f"{p}: Variants row {row[0].row}: unknown key {key!r}")
        cell = row[cols["status"] - 1]
        status = _norm("form", _value(cell))
        if status is not None and status not in FORM_STATUSES:
            raise GlossaryError(f"{p}: Variants!{cell.coordinate}: form status {status!r} is not approved or forbidden")
        yield key, korean, status


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return "unknown"
