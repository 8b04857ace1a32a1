"""Excel term sheets: export the glossary for reviewers, import their decisions back.

One workbook: Entries (one row per entity; Status, Type, Chosen Korean and Reviewer note are the
columns to edit), Variants (one row per spelling; Form status to approve or forbid a spelling),
Occurrences (where each name was seen), Summary, and a hidden _meta sheet that ties the file to its
glossary. Import matches rows by key, not by position, so reviewers may sort, filter, reorder and add
columns; anything it cannot read with certainty stops the import with the cell named, and nothing is
written unless everything is.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from . import __version__
from .classify import TYPES
from .collector import fewer_collections
from .errors import GlossaryError
from .store import STATUSES, Store, now
from .table import frames

FORMAT = "kozh-glossary term sheet 1"
FORM_STATUSES = ("", "approved", "forbidden")
# sheet column header → (field, width, wrap); the first column is the key rows are matched by. Only the
# long free texts wrap: a wrapped cell carries a style, and styles are what makes writing slow
ENTRY_SHEET = [
    ("Key (do not edit)", "key", 16, False), ("Hanzi", "hanzi", 18, False), ("Simplified", "simplified", 16, False),
    ("Traditional", "traditional", 16, False), ("Pinyin", "pinyin", 18, False),
    ("Recommended Korean", "recommended", 20, False), ("Official spelling", "official", 18, False),
    ("Observed forms", "forms", 34, False), ("English", "english", 20, False), ("Type", "type", 11, False),
    ("Status", "status", 12, False), ("Chosen Korean", "chosen_korean", 18, False),
    ("Reviewer note", "note", 30, True), ("Why recommended", "reason", 40, False),
    ("Occurrences", "occurrences", 12, False), ("Documents", "documents", 24, False),
    ("Related", "related", 18, False), ("Conflict", "conflict", 24, False),
    ("First context", "first_context", 60, True),
]
FORM_SHEET = [("Key (do not edit)", "key", 16, False), ("Korean", "korean", 20, False), ("Count", "count", 8, False),
              ("Kind", "kind", 12, False), ("Distance", "distance", 10, False), ("Form status", "status", 13, False),
              ("Conflict", "conflict", 24, True)]
OCC_SHEET = [("Document", "doc", 24, False), ("Line", "line", 7, False), ("Key", "key", 16, False),
             ("Hanzi", "hanzi", 16, False), ("Korean", "korean", 18, False), ("English", "english", 18, False),
             ("Context", "context", 90, True)]
EDITABLE_ENTRY = {"status", "chosen_korean", "note", "type"}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")
CONFLICT_FILL = PatternFill("solid", fgColor="F8CBAD")
WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_STYLE = "kozh wrapped text"  # a named style, registered once per workbook: a cell takes it by name,
# without the hashing of an Alignment object that setting cell.alignment costs on every cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(ws, value: str, wrap: bool) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=value)
    c.data_type = "s"
    if wrap:
        c.style = WRAP_STYLE  # first: taking a named style replaces the cell's whole style
    if value[:1] in FORMULA_STARTS:
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


def _column(ws, values: list, wrap: bool) -> list:
    """One column's cells: plain values where possible (fast); a cell object where text could be taken for
    a formula (=, +, -, @ at the start are written as text) or must wrap."""
    out = [_cell_value(v) for v in values]
    for i, v in enumerate(out):
        if isinstance(v, str) and (v[:1] in FORMULA_STARTS or (wrap and len(v) > 30)):
            out[i] = _text_cell(ws, v, wrap)
    return out


def _columns(ws, df, columns) -> list[list]:
    """The columns of a sheet from a DataFrame, one list per field (no per-row work in pandas)."""
    return [_column(ws, df[fld].tolist(), wrap) if fld in df.columns else [None] * len(df)
            for _, fld, _, wrap in columns]


def _sheet(wb, title: str, columns, df, *, freeze: str = "B2", editable=(), conflict_field: str | None = None,
           validations=()) -> int:
    """Write one sheet; returns the number of cells written (empty ones are not)."""
    ws = wb.create_sheet(title)
    for i, (_, _, width, _) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = freeze
    header = []
    for name, *_ in columns:
        c = WriteOnlyCell(ws, value=name)
        c.font, c.fill = HEADER_FONT, HEADER_FILL
        header.append(c)
    ws.append(header)
    cols = _columns(ws, df, columns)
    cells = sum(len(c) - c.count(None) for c in cols)
    n = 0
    for row in zip(*cols):
        n += 1
        ws.append(row)
    last_row = max(n + 1, 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    letter = {fld: get_column_letter(i) for i, (_, fld, *_) in enumerate(columns, 1)}
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
    for fld, options in validations:
        col = letter[fld]
        dv = DataValidation(type="list", formula1='"' + ",".join(o for o in options if o) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Not a known value",
                            error="Pick a value from the list.")
        dv.add(f"{col}2:{col}{last_row + 1000}")
        ws.data_validations.append(dv)
    return cells


def export_xlsx(store: Store, path: str | Path, max_occurrences_per_entry: int = 3,
                tables: dict | None = None) -> dict:
    """Write the term sheet; returns counts for the summary line. The Occurrences sheet shows the first
    few places of each entry (all of them are in the database and in `glossary show`)."""
    with fewer_collections():
        return _export_xlsx(store, path, max_occurrences_per_entry, tables or frames(store))


def _export_xlsx(store: Store, path: str | Path, max_occurrences_per_entry: int, f: dict) -> dict:
    entries, forms, occ = f["entries"], f["forms"], f["occurrences"]
    shown = occ.groupby("key", sort=False).head(max_occurrences_per_entry) if len(occ) else occ
    wb = openpyxl.Workbook(write_only=True)
    wb.add_named_style(NamedStyle(WRAP_STYLE, alignment=WRAP))
    cells = _sheet(wb, "Entries", ENTRY_SHEET, entries, editable=EDITABLE_ENTRY,
                   conflict_field="conflict", validations=[("status", STATUSES), ("type", TYPES)])
    cells += _sheet(wb, "Variants", FORM_SHEET, forms, editable={"status"}, conflict_field="conflict",
                    validations=[("status", FORM_STATUSES)])
    cells += _sheet(wb, "Occurrences", OCC_SHEET, shown, freeze="A2")
    summary = [("Glossary", str(store.path.name)), ("Exported", now()), ("Entries", len(entries)),
               ("Spellings", len(forms)), ("Occurrences", len(occ)), ("Occurrences shown", len(shown)),
               ("Conflicting spellings", int((forms["conflict"] != "").sum()) if len(forms) else 0)]
    summary += [(f"Type {t}", int(n)) for t, n in entries["type"].value_counts().items()]
    summary += [(f"Status {s}", int(n)) for s, n in entries["status"].value_counts().items()]
    ws = wb.create_sheet("Summary")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 26, 40
    for k, v in summary:
        ws.append([k, v])
    meta = wb.create_sheet("_meta")
    meta.sheet_state = "hidden"
    for k, v in (("format", FORMAT), ("glossary_id", store.glossary_id), ("exported", now()),
                 ("kozh-glossary", __version__)):
        meta.append([k, v])
    try:
        wb.save(path)
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return {"entries": len(entries), "forms": len(forms), "occurrences": len(shown), "cells": cells}


@dataclass
class ImportReport:
    changes: list[tuple[str, str, object, object]] = field(default_factory=list)  # key, field, old, new

    def lines(self) -> list[str]:
        return [f"{key}: {fld} {old!r} → {new!r}" for key, fld, old, new in self.changes]


def _open(path: Path):
    if not path.exists():
        raise GlossaryError(f"{path}: no such file")
    try:
        return openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise GlossaryError(f"{path}: not an .xlsx workbook ({type(exc).__name__})") from exc


def _header(ws, wanted: list[tuple], path: Path, required: set[str]) -> dict[str, int]:
    names = {str(c.value).strip().lower(): c.column for c in ws[1] if c.value is not None}
    found = {}
    for header, fld, *_ in wanted:
        col = names.get(header.lower())
        if col is not None:
            found[fld] = col
    missing = [h for h, fld, *_ in wanted if fld in required and fld not in found]
    if missing:
        raise GlossaryError(f"{path}: sheet {ws.title!r} lacks the column(s) {', '.join(missing)}")
    return found


def _check_cells(ws, cols: dict[str, int], fields: set[str], path: Path) -> None:
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


def import_xlsx(store: Store, path: str | Path) -> ImportReport:
    """Apply reviewers' edits from a term sheet, all or nothing."""
    p = Path(path)
    wb = _open(p)
    if "_meta" not in wb.sheetnames or "Entries" not in wb.sheetnames:
        raise GlossaryError(f"{p}: not a kozh-glossary term sheet (no _meta or Entries sheet)")
    meta = {str(r[0].value): str(r[1].value) for r in wb["_meta"].iter_rows() if r[0].value is not None}
    if meta.get("glossary_id") != store.glossary_id:
        raise GlossaryError(f"{p}: exported from another glossary ({meta.get('glossary_id')}), not from {store.path}")
    ws = wb["Entries"]
    cols = _header(ws, ENTRY_SHEET, p, {"key", "status", "chosen_korean", "note"})
    _check_cells(ws, cols, {"key", *EDITABLE_ENTRY}, p)
    edits: list[tuple[str, str, str | None]] = []
    known = {r["key"]: r for r in store.entries()}
    for row in ws.iter_rows(min_row=2):
        key = _value(row[cols["key"] - 1])
        if key is None:
            if any(_value(c) for c in row):
                raise GlossaryError(f"{p}: Entries row {row[0].row} has no key; rows cannot be added in the sheet")
            continue
        if key not in known:
            raise GlossaryError(f"{p}: Entries row {row[0].row}: unknown key {key!r}")
        for fld in ("status", "chosen_korean", "note", "type"):
            if fld not in cols:
                continue
            cell = row[cols[fld] - 1]
            value = _value(cell)
            if fld == "status":
                value = (value or "candidate").lower()
                if value not in STATUSES:
                    raise GlossaryError(f"{p}: Entries!{cell.coordinate}: status {value!r} is not one of "
                                        f"{', '.join(STATUSES)}")
            if fld == "type" and value is not None:
                value = value.upper()
                if value not in TYPES:
                    raise GlossaryError(f"{p}: Entries!{cell.coordinate}: type {value!r} is not one of "
                                        f"{', '.join(TYPES)}")
            if (known[key].get(fld) or None) != value:
                edits.append((key, fld, value))
    form_edits = _form_edits(wb, store, p)
    report = ImportReport()
    source = f"import {p.name}"
    with store.transaction():
        for key, fld, value in edits:
            old = known[key].get(fld)
            if store.set_reviewed(key, fld, value, source):
                report.changes.append((key, fld, old, value))
        statuses = store.form_statuses()
        for key, korean, status in form_edits:
            if store.set_form_status(key, korean, status, source):
                report.changes.append((key, f"form {korean}", statuses.get((key, korean)), status))
    return report


def _form_edits(wb, store: Store, p: Path) -> list[tuple[str, str, str | None]]:
    if "Variants" not in wb.sheetnames:
        return []
    ws = wb["Variants"]
    cols = _header(ws, FORM_SHEET, p, {"key", "korean", "status"})
    _check_cells(ws, cols, {"key", "korean", "status"}, p)
    current = store.form_statuses()
    keys = {r["key"] for r in store.entries()}
    out = []
    for row in ws.iter_rows(min_row=2):
        key, korean = _value(row[cols["key"] - 1]), _value(row[cols["korean"] - 1])
        if key is None or korean is None:
            continue
        if key not in keys:
            raise GlossaryError(f"{p}: Variants row {row[0].row}: unknown key {key!r}")
        cell = row[cols["status"] - 1]
        status = (_value(cell) or "").lower() or None
        if status is not None and status not in FORM_STATUSES:
            raise GlossaryError(f"{p}: Variants!{cell.coordinate}: form status {status!r} is not approved or forbidden")
        if current.get((key, korean)) != status:
            out.append((key, korean, status))
    return out
