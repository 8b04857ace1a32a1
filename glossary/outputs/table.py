"""The glossary as tables (pandas): one row per entry, one per spelling, one per occurrence.

Everything here is derived on reading: spellings and counts from the occurrences, the reviewers'
decisions from the entries table, the recommendation from both. Export formats and the notebook read
these frames, so they all show the same thing.

Design: docs/glossary-and-review.md
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pandas as pd

from glossary.base.collector import fewer_collections
from glossary.base.han import traditionals
from glossary.base.hangul import compact
from glossary.termbase.resolve import conflicts, customary_forms, entries_from, recommend_stored
from glossary.termbase.store import Store

ENTRY_COLUMNS = ["key", "hanzi", "simplified", "traditional", "pinyin", "recommended", "official", "customary",
                 "rule", "forms", "english", "type", "type_confidence", "origin", "status", "chosen_korean", "note",
                 "reason", "occurrences", "documents", "related", "conflict", "first_context"]


def frames(store: Store, occurrences_per_key: int | None = None, style: str | None = None,
           progress: Callable[[int], object] | None = None,
           meanwhile: Callable[[str], AbstractContextManager] | None = None) -> dict[str, pd.DataFrame]:
    """{'entries', 'forms', 'occurrences'} for the whole glossary. Counts come aggregated from SQLite; the
    occurrences frame holds at most ``occurrences_per_key`` rows per entry when given. Reading never
    writes: a caller that may find a build left unfinished completes it first (build.refresh_dirty), so
    that what is shown matches the evidence (api.frames does). The recommendation follows ``style``, else
    the glossary's house style. ``progress`` is told how many entries were resolved, as they are;
    ``meanwhile(text)`` (base.progress.Stage.meanwhile) frames the steps that cannot count."""
    with fewer_collections():
        return _frames(store, occurrences_per_key, style or store.style, progress, meanwhile or _quietly)


@contextmanager
def _quietly(text: str) -> Iterator[None]:
    yield


def _frames(store: Store, occurrences_per_key: int | None, style: str | None,
            progress: Callable[[int], object] | None, meanwhile: Callable[[str], AbstractContextManager],
            ) -> dict[str, pd.DataFrame]:
    with meanwhile("reading the entries and their evidence"):
        stored = store.entries()
        evidence = store.evidence()
    # recommended in _tables, under the reviewers' choices and the house style
    resolved = entries_from(evidence, {row["key"]: row for row in stored}, recommended=False, progress=progress)
    read = [stored, resolved]  # handed over whole: _tables lets them go once its rows are made
    del evidence, stored, resolved
    with meanwhile("laying out the rows"):
        return _tables(store, occurrences_per_key, style, read)


def _tables(store: Store, occurrences_per_key: int | None, style: str | None, read: list
            ) -> dict[str, pd.DataFrame]:
    stored, resolved = read
    read.clear()
    clash = conflicts(resolved)
    clash_by_key: dict[str, list[str]] = {}
    for spelling, keys in clash.items():
        for k in keys:
            clash_by_key.setdefault(k, []).append(f"{spelling} → {', '.join(x for x in keys if x != k)}")
    form_status = store.form_statuses()
    entry_rows, form_rows = [], []
    for row in stored:
        key = row["key"]
        e = resolved.get(key)
        if e is None:
            continue
        recommended, reason = recommend_stored(e.forms, row, style)
        entry_rows.append((
            key, " / ".join(e.hanzi), key, row["pinyin"], recommended, row["official"], row["customary"],
            row["rule"], "; ".join(f"{f.korean} ({f.count})" for f in e.forms), "; ".join(e.english), row["type"],
            # how sure extraction was of the type; none once a reviewer has set it
            None if "type" in json.loads(row["reviewed"] or "[]") else row["type_confidence"],
            row["origin"], row["status"], row["chosen_korean"], row["note"], reason, e.occurrences,
            "; ".join(e.documents), "; ".join(e.related), "; ".join(clash_by_key.get(key, [])), e.first_context))
        for f in e.forms:
            form_rows.append((key, f.korean, f.count, f.kind, f.distance, form_status.get((key, f.korean), ""),
                              ", ".join(k for k in clash.get(compact(f.korean), []) if k != key)))
    # each table made and its rows let go before the next is read: an archive's glossary holds a few hundred
    # thousand of each, and the peak memory of an export is that of its largest step, not of all of them
    del resolved, stored, clash, clash_by_key, form_status
    columns = _columns(entry_rows, _ENTRY_ROW)
    del entry_rows
    columns["traditional"] = traditionals(columns["key"])
    entries = pd.DataFrame(columns, columns=ENTRY_COLUMNS)
    del columns
    forms_columns = ["key", "korean", "count", "kind", "distance", "status", "conflict"]
    forms = pd.DataFrame(_columns(form_rows, forms_columns), columns=forms_columns)
    del form_rows
    occ = pd.DataFrame(store.sample_columns(occurrences_per_key),
                       columns=["doc", "line", "key", "hanzi", "korean", "english", "context"])
    return {"entries": entries, "forms": forms, "occurrences": occ}


_ENTRY_ROW = [c for c in ENTRY_COLUMNS if c != "traditional"]  # in the order _tables makes its tuples


def _columns(rows: list[tuple], names: list[str]) -> dict[str, list]:
    """Row tuples as columns, for a frame made column by column (not from a dict a row)."""
    return dict(zip(names, map(list, zip(*rows)))) if rows else {name: [] for name in names}


def select(tables: dict[str, pd.DataFrame], keys: set[str]) -> dict[str, pd.DataFrame]:
    """The same tables for these entries only (their spellings and occurrences with them)."""
    return {name: df[df["key"].isin(keys)].reset_index(drop=True) for name, df in tables.items()}


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None (not NaN) for missing values."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def entry_records(store: Store, tables: dict | None = None) -> list[dict]:
    """One dict per entry for machines (the JSONL export): key, hanzi, korean, official, forms, …"""
    f = tables or frames(store)
    forms: dict[str, dict[str, int]] = {}
    for r in records(f["forms"]):
        forms.setdefault(r["key"], {})[r["korean"]] = int(r["count"])
    out = []
    for r in records(f["entries"]):
        out.append({"key": r["key"], "hanzi": r["hanzi"].split(" / "), "korean": r["recommended"],
                    "official": r["official"], "official_rule": r["rule"],
                    "customary": [{"korean": k, "source": src} for k, src in customary_forms(r["customary"])],
                    "forms": forms.get(r["key"], {}),
                    "english": [x for x in r["english"].split("; ") if x], "type": r["type"], "origin": r["origin"],
                    "status": r["status"], "related": [x for x in r["related"].split("; ") if x]})
    return out


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)
