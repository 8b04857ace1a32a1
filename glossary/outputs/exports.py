"""Exports for CAT tools and machines: TBX-Basic (Trados, memoQ), MultiTerm-style CSV/TSV, JSONL.

All read the same derived tables as the term sheet (table.py). A forbidden spelling is exported as a
deprecated term, an approved entry's chosen form as the preferred one.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree as ET

from glossary.base.errors import GlossaryError
from glossary.outputs.table import entry_records, frames, records
from glossary.termbase.store import Store

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _korean_terms(entry: dict, forms, statuses: dict) -> list[tuple[str, str]]:
    """(term, administrative status) for the Korean side: preferred first."""
    out = [(entry["recommended"], "preferredTerm-admn-sts")] if entry["recommended"] else []
    for korean in forms.get(entry["key"], []):
        if korean == entry["recommended"]:
            continue
        status = statuses.get((entry["key"], korean))
        out.append((korean, "deprecatedTerm-admn-sts" if status == "forbidden" else "admittedTerm-admn-sts"))
    return out


def _grouped_forms(store: Store, tables: dict | None = None) -> tuple[list[dict], dict[str, list[str]], dict]:
    f = tables or frames(store)
    forms: dict[str, list[str]] = {}
    for r in records(f["forms"]):
        forms.setdefault(r["key"], []).append(r["korean"])
    return records(f["entries"]), forms, store.form_statuses()


def export_tbx(store: Store, path: str | Path, tables: dict | None = None) -> int:
    """TBX-Basic: one termEntry per entry, zh / ko / en language sets."""
    entries, forms, statuses = _grouped_forms(store, tables)
    martif = ET.Element("martif", {"type": "TBX-Basic-V1", XML_LANG: "zh"})
    header = ET.SubElement(martif, "martifHeader")
    ET.SubElement(ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc"), "p").text = (
        f"kozh-glossary export of {store.path.name}")
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for i, e in enumerate(entries, 1):
        te = ET.SubElement(body, "termEntry", {"id": f"e{i}"})
        ET.SubElement(te, "descrip", {"type": "subjectField"}).text = e["type"]
        if e["note"]:
            ET.SubElement(te, "note").text = e["note"]
        zh = ET.SubElement(te, "langSet", {XML_LANG: "zh"})
        for hanzi in dict.fromkeys([e["key"], *e["hanzi"].split(" / ")]):
            tig = ET.SubElement(zh, "tig")
            ET.SubElement(tig, "term").text = hanzi
            ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = "properNoun"
        ko = ET.SubElement(te, "langSet", {XML_LANG: "ko"})
        for term, status in _korean_terms(e, forms, statuses):
            tig = ET.SubElement(ko, "tig")
            ET.SubElement(tig, "term").text = term
            ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
        if e["english"]:
            en = ET.SubElement(te, "langSet", {XML_LANG: "en"})
            for name in e["english"].split("; "):
                ET.SubElement(ET.SubElement(en, "tig"), "term").text = name
    tree = ET.ElementTree(martif)
    ET.indent(tree)
    try:
        with open(path, "wb") as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n')
            tree.write(fh, encoding="utf-8", xml_declaration=False)
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return len(entries)


CSV_COLUMNS = ["Chinese (Simplified)", "Chinese (Traditional)", "Korean", "Korean synonyms", "Korean forbidden",
               "English", "Type", "Status", "Note"]


def export_csv(store: Store, path: str | Path, delimiter: str = ",", tables: dict | None = None) -> int:
    """MultiTerm-style table: one row per entry, synonyms in one cell separated by '|'."""
    entries, forms, statuses = _grouped_forms(store, tables)
    try:
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, delimiter=delimiter)
            w.writerow(CSV_COLUMNS)
            for e in entries:
                terms = _korean_terms(e, forms, statuses)
                synonyms = [t for t, s in terms[1:] if s != "deprecatedTerm-admn-sts"]
                forbidden = [t for t, s in terms if s == "deprecatedTerm-admn-sts"]
                w.writerow([e["key"], e["traditional"], e["recommended"] or "", "|".join(synonyms), "|".join(forbidden),
                            e["english"].replace("; ", "|"), e["type"], e["status"], e["note"] or ""])
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return len(entries)


def jsonl_lines(store: Store, tables: dict | None = None) -> list[str]:
    """One JSON object per entry: key, hanzi, korean, official, forms, english, type, origin, status, related."""
    return [json.dumps(r, ensure_ascii=False) for r in entry_records(store, tables)]
