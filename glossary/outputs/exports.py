"""Exports for CAT tools and machines: TBX-Basic (Trados, memoQ), MultiTerm-style CSV/TSV, JSONL.

All read the same derived tables as the term sheet (table.py). A term's administrative status follows
the review, as CAT tools read it: the recommended form of an approved entry is the preferred term; the
forms of an entry nobody has reviewed are admitted terms (none is preferred before a reviewer decides);
a forbidden spelling is deprecated; a rejected entry is no name and is left out. The official spelling
and the customary forms are terms of their own, each with a note saying which it is. The entity type is
a concept-level note (TBX-Basic has no data category for it, and ``subjectField`` is the domain to a CAT
tool).

Design: docs/glossary-and-review.md
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree as ET

from glossary.base.errors import GlossaryError
from glossary.outputs.table import entry_records, frames, records
from glossary.termbase.resolve import customary_forms
from glossary.termbase.store import Store

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"


def _korean_terms(entry: dict, forms, statuses: dict) -> list[tuple[str, str, str]]:
    """(term, administrative status, note) for the Korean side, the recommended form first: preferred only
    once a reviewer approved the entry; the official spelling and the customary forms are there even where
    the documents do not write them."""
    key = entry["key"]
    customary = dict(customary_forms(entry.get("customary")))
    official = entry.get("official")
    terms = list(dict.fromkeys(t for t in (entry["recommended"], official, *customary, *forms.get(key, [])) if t))
    out = []
    for korean in terms:
        if statuses.get((key, korean)) == "forbidden":
            status = DEPRECATED
        elif korean == entry["recommended"] and entry.get("status") == "approved":
            status = PREFERRED
        else:
            status = ADMITTED
        notes = []
        if korean == official:
            notes.append(f"official spelling ({entry.get('rule') or 'NIKL rules'})")
        if korean in customary:
            notes.append(f"customary form ({customary[korean]})")
        out.append((korean, status, "; ".join(notes)))
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
    written = 0
    for i, e in enumerate(entries, 1):
        if e["status"] == "rejected":
            continue
        written += 1
        te = ET.SubElement(body, "termEntry", {"id": f"e{i}"})
        ET.SubElement(te, "note").text = f"entity type: {e['type']}; origin: {e['origin']}"
        if e["note"]:
            ET.SubElement(te, "note").text = e["note"]
        zh = ET.SubElement(te, "langSet", {XML_LANG: "zh"})
        for hanzi in dict.fromkeys([e["key"], *e["hanzi"].split(" / ")]):
            tig = ET.SubElement(zh, "tig")
            ET.SubElement(tig, "term").text = hanzi
            ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = "properNoun"
        ko = ET.SubElement(te, "langSet", {XML_LANG: "ko"})
        for term, status, note in _korean_terms(e, forms, statuses):
            tig = ET.SubElement(ko, "tig")
            ET.SubElement(tig, "term").text = term
            ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
            if note:
                ET.SubElement(tig, "note").text = note
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
    return written


CSV_COLUMNS = ["Chinese (Simplified)", "Chinese (Traditional)", "Korean", "Korean synonyms", "Korean forbidden",
               "Korean official", "Korean customary", "English", "Type", "Status", "Note"]


def export_csv(store: Store, path: str | Path, delimiter: str = ",", tables: dict | None = None) -> int:
    """MultiTerm-style table: one row per entry, synonyms in one cell separated by '|'."""
    entries, forms, statuses = _grouped_forms(store, tables)
    try:
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, delimiter=delimiter)
            w.writerow(CSV_COLUMNS)
            for e in entries:
                terms = _korean_terms(e, forms, statuses)
                synonyms = [t for t, s, _ in terms if s != DEPRECATED and t != e["recommended"]]
                forbidden = [t for t, s, _ in terms if s == DEPRECATED]
                customary = "|".join(k for k, _ in customary_forms(e["customary"]))
                w.writerow([e["key"], e["traditional"], e["recommended"] or "", "|".join(synonyms), "|".join(forbidden),
                            e["official"] or "", customary, e["english"].replace("; ", "|"), e["type"], e["status"],
                            e["note"] or ""])
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return len(entries)


def jsonl_lines(store: Store, tables: dict | None = None) -> list[str]:
    """One JSON object per entry: key, hanzi, korean, official, forms, english, type, origin, status, related."""
    return [json.dumps(r, ensure_ascii=False) for r in entry_records(store, tables)]
