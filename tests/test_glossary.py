"""The curated glossary: resolution, the store, term sheets and their round trip, exports, bad input."""

from __future__ import annotations

import json
import sqlite3
import threading
import warnings
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from typer.testing import CliRunner

from glossary import api
from glossary.base.errors import GlossaryError
from glossary.cli import app
from glossary.outputs.termsheet import ENTRY_SHEET
from glossary.termbase.resolve import VARIANT_DISTANCE, resolve
from glossary.termbase.store import SCHEMA_VERSION, Store
from glossary.translit.phonetic import distance

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "newsletter-sample.txt"
runner = CliRunner()

DOC_A = "샤오미(小米) 창업자 레이쥔(雷军) 회장과 레이준(雷军)은 같은 사람이다. 펑지엔전(彭建真)과 펭지엔전(彭建真).\n"
DOC_B = "샤오미(小米)가 베이징(北京)에서 발표했다. 징둥(京东)도 참여했다.\n"


def build_db(tmp_path: Path, *docs: str) -> Path:
    db = tmp_path / "g.db"
    paths = []
    for i, text in enumerate(docs):
        p = tmp_path / f"doc{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    report = api.build(paths, db)
    assert not report.failed
    return db


def column(ws, field: str) -> int:
    headers = [c.value for c in ws[1]]
    return headers.index(next(c.header for c in ENTRY_SHEET if c.field == field)) + 1


def test_seed_entries_match_gold_keys(shared) -> None:
    """B-cubed F1 of occurrences → entries against the gold keys."""
    gold = [json.loads(line) for line in (shared / "gold" / "kic195.pairs.jsonl").open(encoding="utf-8")]
    result = api.extract_file(shared / "corpus" / "kic-china-195.txt")
    entries = resolve(result.occurrences)
    assert len(entries) == len({g["key"] for g in gold}) == 86
    predicted = {(o.line, "".join(o.hanzi.split())): o.key for o in result.occurrences}
    items = [(g["line"], "".join(g["hanzi"].split()), g["key"]) for g in gold]
    pred_key = [predicted.get((line, h)) for line, h, _ in items]
    gold_groups, pred_groups = defaultdict(set), defaultdict(set)
    for i, (_, _, k) in enumerate(items):
        gold_groups[k].add(i)
        pred_groups[pred_key[i]].add(i)
    p = sum(len(gold_groups[items[i][2]] & pred_groups[pred_key[i]]) / len(pred_groups[pred_key[i]])
            for i in range(len(items))) / len(items)
    r = sum(len(gold_groups[items[i][2]] & pred_groups[pred_key[i]]) / len(gold_groups[items[i][2]])
            for i in range(len(items))) / len(items)
    assert 2 * p * r / (p + r) >= 0.98
    peng = entries["彭建真"]
    assert {f.korean for f in peng.forms} == {"펭지엔전", "펑지엔전", "펑지엔젼"}
    assert peng.official == "펑젠전" and all(f.kind == "variant" for f in peng.forms)
    alipay = {f.korean: f for f in entries["支付宝"].forms}
    assert set(alipay) == {"알리페이", "지푸바오"}
    assert alipay["지푸바오"].kind == "variant" and alipay["알리페이"].kind != "variant"
    assert distance("알리페이", "지푸바오") > VARIANT_DISTANCE  # two names, not two spellings of one
    assert "国美零售" in entries["国美"].related and "步步高商业连锁股份有限公司" in entries["步步高"].related
    assert "平安健康医疗科技有限公司" in entries["平安好医生"].related
    assert "国美零售" not in entries["国美"].forms  # related, never merged


def test_recommendation_rules() -> None:
    entries = resolve([{"key": "彭建真", "hanzi": "彭建真", "korean": k, "english": None, "type": "PERSON",
                        "origin": "zh", "doc": "d", "context": ""} for k in ("펭지엔전", "펭지엔전", "펑젠전")])
    e = entries["彭建真"]
    assert e.recommended == "펑젠전" and "official" in e.reason  # official observed beats frequency
    entries = resolve([{"key": "彭建真", "hanzi": "彭建真", "korean": "펭지엔전", "english": None, "type": "PERSON",
                        "origin": "zh", "doc": "d", "context": ""}])
    assert entries["彭建真"].recommended == "펭지엔전" and "펑젠전" in entries["彭建真"].reason


def test_one_spelling_for_two_hanzi_is_flagged(tmp_path) -> None:
    db = build_db(tmp_path, "마윈(马云)과 마윈(马芸)은 다르다.\n")
    with Store(db) as store:
        forms = api.frames(store)["forms"]
    assert set(forms[forms["conflict"] != ""]["key"]) == {"马云", "马芸"}


def test_round_trip_keeps_decisions(tmp_path) -> None:
    db = build_db(tmp_path, DOC_A)
    sheet, reviewed, again = tmp_path / "terms.xlsx", tmp_path / "reviewed.xlsx", tmp_path / "again.xlsx"
    with Store(db) as store:
        api.export_xlsx(store, sheet)
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Entries"]
    for row in ws.iter_rows(min_row=2):
        key = row[0].value
        if key == "彭建真":
            row[column(ws, "status") - 1].value = "approved"
            row[column(ws, "chosen_korean") - 1].value = "펑젠전"
            note = row[column(ws, "note") - 1]
            note.value, note.data_type = "=NIKL 표기", "s"  # typed as '=NIKL 표기: text, not a formula
        if key == "小米":
            row[column(ws, "status") - 1].value = "Rejected"
    variants = wb["Variants"]
    for row in variants.iter_rows(min_row=2):
        if row[1].value == "펭지엔전":
            row[5].value = "forbidden"
    ws.move_range("A1:A50", cols=30)  # reviewers move columns around…
    ws.delete_cols(1)
    ws.insert_cols(1)
    ws["A1"] = "My column"  # …and add their own
    wb.save(reviewed)
    result = runner.invoke(app, ["import", str(reviewed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "彭建真: status 'candidate' → 'approved'" in result.stdout
    with Store(db) as store:
        e = store.entry("彭建真")
        assert (e["status"], e["chosen_korean"], e["note"]) == ("approved", "펑젠전", "=NIKL 표기")
        assert store.entry("小米")["status"] == "rejected"
        assert store.form_statuses()[("彭建真", "펭지엔전")] == "forbidden"
        before = {r["key"]: r for r in store.entries()}
        api.export_xlsx(store, again)
    exported = openpyxl.load_workbook(again)["Entries"]
    rows = {r[0].value: [c.value for c in r] for r in exported.iter_rows(min_row=2)}
    assert rows["彭建真"][column(exported, "recommended") - 1] == "펑젠전"
    note_cell = next(r for r in exported.iter_rows(min_row=2) if r[0].value == "彭建真")[column(exported, "note") - 1]
    assert note_cell.data_type == "s" and note_cell.value == "=NIKL 표기"  # text, not a formula
    original = {r[0].value: [c.value for c in r] for r in openpyxl.load_workbook(sheet)["Entries"].iter_rows(min_row=2)}
    changed = {"status", "chosen_korean", "note", "recommended", "reason"}
    for key, values in original.items():
        for spec, a, b in zip(ENTRY_SHEET, values, rows[key]):
            if spec.field not in changed:
                assert a == b, (key, spec.field)
    # a later build with another document adds evidence, never a decision
    doc = tmp_path / "later.txt"
    doc.write_text(DOC_B + "펭지엔전(彭建真)이 또 나왔다.\n", encoding="utf-8")
    api.build([doc], db)
    with Store(db) as store:
        after = {r["key"]: r for r in store.entries()}
        assert "京东" in after
        for key, row in before.items():
            for fld in ("status", "chosen_korean", "note"):
                assert after[key][fld] == row[fld]
        assert any(h["source"].startswith("import reviewed.xlsx") for h in store.history("彭建真"))


def test_build_is_incremental(tmp_path) -> None:
    db = build_db(tmp_path, DOC_A)
    report = api.build([tmp_path / "doc0.txt"], db)
    assert report.unchanged and not report.added
    with Store(db) as store:
        count = store.occurrence_count()
    (tmp_path / "doc0.txt").write_text(DOC_A + DOC_B, encoding="utf-8")
    report = api.build([tmp_path / "doc0.txt"], db)
    with Store(db) as store:
        assert store.occurrence_count() == count + 3  # the new version replaces the old, nothing twice


def test_workbook_shape(tmp_path) -> None:
    db = build_db(tmp_path, DOC_A, DOC_B)
    sheet = tmp_path / "t.xlsx"
    with Store(db) as store:
        api.export_xlsx(store, sheet)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wb = openpyxl.load_workbook(sheet)
    assert wb.sheetnames == ["Instructions", "Entries", "Variants", "Occurrences", "Summary", "_meta"]
    assert wb["_meta"].sheet_state == "hidden" and wb.active.title == "Entries"
    ws = wb["Entries"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    assert any('"candidate,approved,rejected,forbidden"' in dv.formula1 for dv in ws.data_validations.dataValidation)
    context = ws.column_dimensions[openpyxl.utils.get_column_letter(column(ws, "first_context"))].width
    assert 30 <= context <= 50  # fitted to the sentences, capped


def sheet_with(tmp_path: Path, edit) -> tuple[Path, Path]:
    db = build_db(tmp_path, DOC_A)
    sheet = tmp_path / "t.xlsx"
    with Store(db) as store:
        api.export_xlsx(store, sheet)
    wb = openpyxl.load_workbook(sheet)
    edit(wb)
    wb.save(sheet)
    return db, sheet


def _cell(wb, row: int, field: str, value) -> None:
    ws = wb["Entries"]
    ws.cell(row, column(ws, field), value)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda wb: wb["Entries"].delete_cols(column(wb["Entries"], "key")), "lacks the column"),
    (lambda wb: wb["Entries"].merge_cells("K2:L2"), "merged cells"),
    (lambda wb: _cell(wb, 2, "status", "=A1"), "formula"),
    (lambda wb: _cell(wb, 2, "status", "maybe"), "not one of"),
    (lambda wb: wb["_meta"].cell(2, 2, "another-glossary"), "another glossary"),
    (lambda wb: wb.remove(wb["_meta"]), "not a kozh-glossary term sheet"),
])
def test_bad_sheets_are_refused_and_nothing_changes(tmp_path, edit, message: str) -> None:
    db, sheet = sheet_with(tmp_path, lambda wb: (_cell(wb, 3, "note", "a note"), edit(wb)))
    result = runner.invoke(app, ["import", str(sheet), "--db", str(db)])
    assert result.exit_code == 2 and message in result.stderr
    with Store(db) as store:
        assert all(e["note"] is None for e in store.entries())  # all or nothing


def test_not_an_xlsx(tmp_path) -> None:
    db = build_db(tmp_path, DOC_A)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    result = runner.invoke(app, ["import", str(fake), "--db", str(db)])
    assert result.exit_code == 2 and "not an .xlsx workbook" in result.stderr


def test_read_only_db_and_missing_db(tmp_path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        result = runner.invoke(app, ["build", str(SAMPLE), "--db", str(ro / "g.db")])
        if result.exit_code == 0:  # root ignores permissions: check a path that cannot exist instead
            result = runner.invoke(app, ["build", str(SAMPLE), "--db", str(tmp_path / "no" / "such" / "g.db")])
        assert result.exit_code == 2 and "cannot write the database" in result.stderr
    finally:
        ro.chmod(0o700)
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "none.db"), "--xlsx", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "no glossary database" in result.stderr


def test_two_builds_at_once(tmp_path) -> None:
    db = build_db(tmp_path, DOC_A)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run is writing
    try:
        doc = tmp_path / "b.txt"
        doc.write_text(DOC_B, encoding="utf-8")
        result = runner.invoke(app, ["build", str(doc), "--db", str(db)])
        assert result.exit_code != 0 and "busy" in (result.stderr + result.stdout)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    results = []

    def run(i: int) -> None:
        p = tmp_path / f"t{i}.txt"
        p.write_text(DOC_B.replace("징둥", f"징둥{i}"), encoding="utf-8")
        results.append(api.build([p], db))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Store(db) as store:
        docs = {r[0] for r in store.db.execute("SELECT name FROM documents")}
    assert {"t0.txt", "t1.txt"} <= docs  # both runs landed, one after the other


def test_exports(tmp_path) -> None:
    db = build_db(tmp_path, DOC_A, DOC_B)
    tbx, csv_path, tsv = tmp_path / "t.tbx", tmp_path / "t.csv", tmp_path / "t.tsv"
    result = runner.invoke(app, ["export", "--db", str(db), "--tbx", str(tbx), "--csv", str(csv_path),
                                 "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    xiaomi = next(r for r in rows if r["key"] == "小米")
    assert set(xiaomi) == {"key", "hanzi", "korean", "official", "official_rule", "customary", "forms", "english",
                           "type", "origin", "status", "related"}
    assert xiaomi["forms"] == {"샤오미": 2} and xiaomi["korean"] == "샤오미"
    from xml.etree import ElementTree as ET

    root = ET.parse(tbx).getroot()
    assert root.get("type") == "TBX-Basic-V1" and len(root.findall(".//termEntry")) == len(rows)
    assert "Korean synonyms" in csv_path.read_text(encoding="utf-8-sig").splitlines()[0]
    runner.invoke(app, ["export", "--db", str(db), "--csv", str(tsv)])
    assert "\t" in tsv.read_text(encoding="utf-8-sig").splitlines()[0]


def test_show(tmp_path) -> None:
    db = build_db(tmp_path, DOC_A)
    result = runner.invoke(app, ["show", "彭建真", "--db", str(db), "--format", "json"])
    info = json.loads(result.stdout)
    assert info["official"] == "펑젠전" and {s["korean"] for s in info["spellings"]} == {"펑지엔전", "펭지엔전"}
    by_spelling = runner.invoke(app, ["show", "펭지엔전", "--db", str(db), "--format", "json"])
    assert json.loads(by_spelling.stdout)["key"] == "彭建真"
    text = runner.invoke(app, ["show", "펭지엔전", "--db", str(db)])
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].startswith("彭建真") and "[candidate]" in lines[0]
    assert any(line.split()[:2] == ["펑지엔전", "1×"] for line in lines)  # each spelling with its count
    assert any("entry: None → created" in line for line in lines)  # the history
    unknown = runner.invoke(app, ["show", "周星驰", "--db", str(db)])
    assert unknown.exit_code == 1 and "not in" in unknown.stderr


def test_store_refuses_a_non_database(tmp_path) -> None:
    bogus = tmp_path / "g.db"
    bogus.write_bytes(b"x" * 200)
    with pytest.raises(GlossaryError, match="not a glossary database"):
        Store(bogus)


def test_reviewed_glossary_teaches_the_next_build(tmp_path) -> None:
    text = "오늘 개미금융 蚂蚁金服 발표가 있었다.\n"
    db = build_db(tmp_path, "개미금융(蚂蚁金服)은 컸다.\n")
    assert api.extract_text(text) == [] or api.extract_text(text)[0].korean != "개미금융"  # not by sound alone
    with Store(db) as store, store.transaction():
        store.set_reviewed("蚂蚁金服", "status", "approved", "test")
        store.set_reviewed("蚂蚁金服", "chosen_korean", "개미금융", "test")
        store.set_reviewed("蚂蚁金服", "type", "ORG", "test")
    later = tmp_path / "later.txt"
    later.write_text(text, encoding="utf-8")
    api.build([later], db)
    with Store(db) as store:
        rows = [o for o in store.occurrences(["蚂蚁金服"]) if o["source"].endswith("later.txt")]
    assert [(r["korean"], r["line"]) for r in rows] == [("개미금융", 1)]
    from glossary.termbase.curated import apply_curated, curated_spec
    from glossary.translit import pinyin

    with Store(db) as store:
        curated = apply_curated(curated_spec(store))
    assert pinyin.jieba_tags("蚂蚁金服", curated) == (("蚂蚁金服", "nt"),)  # this glossary's lexicon knows it
    assert pinyin.jieba_tags("蚂蚁金服") != (("蚂蚁金服", "nt"),)  # jieba's shared dictionary does not


def _approve_ant_group(db: Path) -> None:
    with Store(db) as store, store.transaction():
        store.set_reviewed("蚂蚁金服", "status", "approved", "test")
        store.set_reviewed("蚂蚁金服", "chosen_korean", "개미금융", "test")
        store.set_reviewed("蚂蚁金服", "type", "ORG", "test")


def test_decisions_reach_worker_processes(tmp_path) -> None:
    """A parallel build extracts in spawned workers: they get the approved entries too."""
    text = "오늘 개미금융 蚂蚁金服 발표가 있었다.\n"
    db = build_db(tmp_path, "개미금융(蚂蚁金服)은 컸다.\n")
    _approve_ant_group(db)
    later = tmp_path / "later"
    later.mkdir()
    for i in range(2):
        (later / f"l{i}.txt").write_text(text, encoding="utf-8")
    api.build([later], db, workers=2)
    with Store(db) as store:
        rows = [o for o in store.occurrences(["蚂蚁金服"]) if "/later/" in o["source"]]
    assert sorted(r["korean"] for r in rows) == ["개미금융", "개미금융"]


def test_a_pipeline_extracts_new_documents_with_the_decisions(tmp_path) -> None:
    """Batch workers get the approved entries; the cache is keyed by content and by the decisions, so an
    extraction cached before an approval is not reused for a document built after it. Documents already
    in the glossary and unchanged are skipped (their evidence stays)."""
    from glossary.batch import pipeline as batch

    docs = tmp_path / "docs"
    docs.mkdir()
    text = "오늘 개미금융 蚂蚁金服 발표가 있었다.\n"
    (docs / "a.txt").write_text("개미금융(蚂蚁金服)은 컸다.\n", encoding="utf-8")
    (docs / "b.txt").write_text("중국 소식.\n", encoding="utf-8")
    (tmp_path / "p.toml").write_text('[pipeline]\nname = "t"\ninputs = ["docs/*.txt"]\noutput = "out"\n'
                                     'workers = 2\n\n[[steps]]\nkind = "build"\n', encoding="utf-8")
    assert batch.run(batch.load(tmp_path / "p.toml")).extracted == 2
    _approve_ant_group(tmp_path / "out" / "glossary.db")
    (docs / "c.txt").write_text(text, encoding="utf-8")
    (docs / "d.txt").write_text(text + "더 있다.\n", encoding="utf-8")
    second = batch.run(batch.load(tmp_path / "p.toml"))
    assert second.extracted == 2 and second.cached == 2  # the new ones; a and b are unchanged
    with Store(tmp_path / "out" / "glossary.db") as store:
        rows = [o for o in store.occurrences(["蚂蚁金服"]) if o["source"].endswith(("c.txt", "d.txt"))]
    assert [r["korean"] for r in rows] == ["개미금융", "개미금융"]


def test_schema_migrates_from_version_1(tmp_path) -> None:
    from glossary.termbase import store as store_module

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(store_module.MIGRATIONS[1])
    con.execute("INSERT INTO meta VALUES ('glossary_id', 'old-one')")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    with Store(db) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.glossary_id == "old-one"
        assert store.dirty_keys() == []


def _as_schema_9(db: Path) -> None:
    """Rewrite a glossary as schema 9 stored it: evidence and samples clustered by document, with an index
    by name (covering the count and the confidence for the evidence), no names in the documents table,
    entries with rowids and an index of their keys."""
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE evidence_9 (
            doc INTEGER NOT NULL, seq INTEGER NOT NULL, name INTEGER NOT NULL, n INTEGER NOT NULL,
            line INTEGER NOT NULL, type_confidence, PRIMARY KEY (doc, seq)) WITHOUT ROWID;
        INSERT INTO evidence_9 SELECT doc, seq, name, n, line, type_confidence FROM evidence ORDER BY doc, seq;
        CREATE TABLE samples_9 (
            doc INTEGER NOT NULL, seq INTEGER NOT NULL, name INTEGER NOT NULL, line INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, score REAL, context, PRIMARY KEY (doc, seq))
            WITHOUT ROWID;
        INSERT INTO samples_9 SELECT doc, seq, name, line, start, "end", score, context FROM samples
            ORDER BY doc, seq;
        DROP TABLE evidence; DROP TABLE samples; DROP TABLE evidence_load; DROP TABLE samples_load;
        ALTER TABLE evidence_9 RENAME TO evidence; ALTER TABLE samples_9 RENAME TO samples;
        CREATE INDEX evidence_name ON evidence(name, n, type_confidence);
        CREATE INDEX samples_name ON samples(name);
        ALTER TABLE documents DROP COLUMN names;
        CREATE TABLE entries_9 (
            key TEXT PRIMARY KEY, type TEXT, origin TEXT, official TEXT, pinyin TEXT, sino_korean TEXT,
            rule TEXT, created TEXT NOT NULL, updated TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'candidate', chosen_korean TEXT, note TEXT,
            reviewed TEXT NOT NULL DEFAULT '[]', customary TEXT, type_confidence REAL);
        INSERT INTO entries_9 SELECT * FROM entries;
        DROP TABLE entries; ALTER TABLE entries_9 RENAME TO entries;
        PRAGMA user_version = 9;
    """)
    con.close()


def _as_schema_7(db: Path) -> None:
    """Rewrite a glossary as schema 7 stored it: evidence and samples tables with rowids in the order the
    rows came and an index on the document, sample sentences as text, no dictionary."""
    with Store(db) as store:
        unpack = store.packer.unpack
        samples = [(*r[:-1], unpack(r[-1])) for r in store.db.execute(
            'SELECT name, doc, line, start, "end", score, context FROM samples ORDER BY seq')]
    _as_schema_9(db)
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE evidence_7 (doc INTEGER NOT NULL, name INTEGER NOT NULL, n INTEGER NOT NULL,
            line INTEGER NOT NULL, type_confidence REAL);
        INSERT INTO evidence_7 SELECT doc, name, n, line, CASE WHEN typeof(type_confidence) = 'integer'
            THEN type_confidence / 1000.0 ELSE type_confidence END FROM evidence ORDER BY seq;
        CREATE TABLE samples_7 (name INTEGER NOT NULL, doc INTEGER NOT NULL, line INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, score REAL, context TEXT);
        DROP TABLE evidence; DROP TABLE samples; DELETE FROM meta WHERE name = 'context_dictionary';
        ALTER TABLE evidence_7 RENAME TO evidence; ALTER TABLE samples_7 RENAME TO samples;
        CREATE INDEX evidence_name ON evidence(name); CREATE INDEX evidence_doc ON evidence(doc);
        CREATE INDEX samples_name ON samples(name); CREATE INDEX samples_doc ON samples(doc);
        PRAGMA user_version = 7;
    """)
    con.executemany("INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?)", samples)
    con.commit()
    con.close()


def _as_schema_6(db: Path) -> None:
    """Rewrite a glossary as schema 6 stored it: evidence and samples rows with the key, Korean, Hanzi,
    English, type and origin texts in each row (and an index on the key), no names table."""
    _as_schema_7(db)
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE evidence_6 AS SELECT e.doc, m.key, m.korean, m.hanzi, m.english, m.type, m.origin, e.n,
            e.line, e.type_confidence FROM evidence e JOIN names m ON m.id = e.name ORDER BY e.rowid;
        CREATE TABLE samples_6 AS SELECT m.key, s.doc, s.line, s.start, s."end", m.korean, m.hanzi, m.english,
            m.type, m.origin, s.score, s.context FROM samples s JOIN names m ON m.id = s.name ORDER BY s.rowid;
        DROP TABLE evidence; DROP TABLE samples; DROP TABLE names;
        ALTER TABLE evidence_6 RENAME TO evidence; ALTER TABLE samples_6 RENAME TO samples;
        CREATE INDEX evidence_key ON evidence(key); CREATE INDEX evidence_doc ON evidence(doc);
        CREATE INDEX samples_key ON samples(key); CREATE INDEX samples_doc ON samples(doc);
        PRAGMA user_version = 6;
    """)
    con.close()


def _decided_glossary(tmp_path: Path) -> tuple[Path, object]:
    """A glossary with decisions, and what a user sees of it (every decision, count, sample, spelling)."""
    db = build_db(tmp_path, DOC_A, DOC_B, "레이준(雷军)과 Lei Jun(雷军), 샤오미(小米)의 회장.\n")
    with Store(db) as store:
        store.set_reviewed("雷军", "status", "approved", "test", reviewer="kim")
        store.set_reviewed("雷军", "chosen_korean", "레이쥔", "test", reviewer="kim")
        store.set_form_status("雷军", "레이준", "forbidden", "test", reviewer="kim")
        store.set_reviewed("彭建真", "note", "검토 필요", "test")

    def seen(store: Store) -> tuple:
        return (api.jsonl_lines(store), store.occurrences(), store.sample_occurrences(), store.entries(),
                store.history(), store.form_statuses(), store.occurrence_count(), store.seen_at("小米"),
                sorted(store.keys_in_documents([tmp_path / "doc1.txt"])[0]), store.evidence().keys(),
                [e.first_context for e in store.evidence().values()])

    return db, seen


def test_a_schema_6_glossary_migrates_to_names_with_its_decisions(tmp_path) -> None:
    db, seen = _decided_glossary(tmp_path)
    with Store(db) as store:
        before = seen(store)
    _as_schema_6(db)
    with Store(db) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert seen(store) == before  # every decision, count, sample and spelling kept
        columns = {r[1] for r in store.db.execute("PRAGMA table_info(evidence)")}
        assert columns == {"doc", "seq", "name", "n", "line", "type_confidence"}  # ids, not the texts again
        names = store.db.execute("SELECT count(*), count(DISTINCT key) FROM names").fetchone()
        assert names[0] == len({(o["key"], o["korean"], o["hanzi"], o["english"], o["type"], o["origin"])
                                for o in store.occurrences()})
        assert store.dirty_keys() == []  # nothing to recompute: the evidence is the same
    (tmp_path / "doc1.txt").write_text(DOC_B + "징둥(京东)이 다시 말했다.\n", encoding="utf-8")
    api.build([tmp_path / "doc1.txt"], db)  # a migrated glossary takes new evidence as a new one does
    with Store(db) as store:
        assert {r["korean"]: r["n"] for r in store.occurrences(["京东"])} == {"징둥": 2}
        assert store.entry("雷军")["chosen_korean"] == "레이쥔"


def test_a_schema_7_glossary_migrates_to_packed_sentences_with_its_decisions(tmp_path, monkeypatch) -> None:
    """Schema 8 clusters evidence and samples by document and deflates the sample sentences with a
    dictionary of the glossary's own: what users see is the same, the sentences take fewer bytes."""
    from glossary.termbase import contexts

    monkeypatch.setattr(contexts, "DICTIONARY_FROM", 64)  # this small glossary gets a dictionary too
    db, seen = _decided_glossary(tmp_path)
    with Store(db) as store:
        before = seen(store)
        assert store.packer.dictionary is not None
    _as_schema_7(db)
    with sqlite3.connect(db) as con:
        assert {r[0] for r in con.execute("SELECT typeof(context) FROM samples")} == {"text"}
    with Store(db) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert seen(store) == before
        kinds = {r[0] for r in store.db.execute("SELECT typeof(context) FROM samples")}
        assert kinds == {"blob"}  # every sentence packed
        confidences = {r[0] for r in store.db.execute("SELECT typeof(type_confidence) FROM evidence")}
        assert confidences == {"integer"}  # in thousandths; read back as the same fractions (seen above)
        stored = store.db.execute("SELECT sum(length(context)) FROM samples").fetchone()[0]
        assert stored < sum(len(r["context"].encode()) for r in store.sample_occurrences())
        indexes = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"evidence_doc", "samples_doc"}.isdisjoint(indexes)  # the tables are ordered by document
        assert store.dirty_keys() == []
    (tmp_path / "doc1.txt").write_text(DOC_B + "징둥(京东)이 다시 말했다.\n", encoding="utf-8")
    api.build([tmp_path / "doc1.txt"], db)  # a changed document's rows are replaced in place
    with Store(db) as store:
        assert {r["korean"]: r["n"] for r in store.occurrences(["京东"])} == {"징둥": 2}
        assert store.entry("雷军")["chosen_korean"] == "레이쥔"
        assert "징둥(京东)이 다시 말했다." in [r["context"] for r in store.sample_occurrences(key="京东")]


def test_sentences_are_packed_once_the_glossary_has_enough_of_them(tmp_path, monkeypatch) -> None:
    """Before its dictionary a glossary stores its sentences as text; once it has enough of them the
    dictionary is made and every sentence, earlier ones too, is packed; they read back the same."""
    from glossary.termbase import contexts

    monkeypatch.setattr(contexts, "DICTIONARY_FROM", 1 << 20)
    db = build_db(tmp_path, DOC_A)
    with Store(db) as store:
        first = [r["context"] for r in store.sample_occurrences()]
        assert store.packer.dictionary is None
        assert {r[0] for r in store.db.execute("SELECT typeof(context) FROM samples")} == {"text"}
    monkeypatch.setattr(contexts, "DICTIONARY_FROM", len("\n".join(first).encode()) + 1)  # the next sentence
    api.build([tmp_path / "doc0.txt", _write(tmp_path, "more.txt", DOC_B * 3)], db)
    with Store(db) as store:
        assert store.packer.dictionary is not None
        assert {r[0] for r in store.db.execute("SELECT typeof(context) FROM samples")} == {"blob"}
        assert [r["context"] for r in store.sample_occurrences() if r["doc"] == "doc0.txt"] == first


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _twin_folders(tmp_path: Path, a: str, b: str, texts: list[str]) -> tuple[Path, Path]:
    """Two folders holding the same documents, for two ways of building one glossary."""
    out = []
    for name in (a, b):
        base = tmp_path / name
        base.mkdir()
        for i, text in enumerate(texts):
            (base / f"d{i}.txt").write_text(text, encoding="utf-8")
        out.append(base)
    return out[0], out[1]


def test_a_build_sees_what_another_command_wrote_between_its_transactions(tmp_path) -> None:
    """A build remembers which keys it marked dirty and how many samples each has; a command that
    refreshes the glossary between two of its commits (readers do) cleans those marks: the build's
    next document marks its keys again, and the refresh at its end leaves no entry behind."""
    from glossary.extraction.extract import public_fields, stream_file
    from glossary.termbase.build import refresh_dirty

    docs = [_write(tmp_path, f"d{i}.txt", text) for i, text in enumerate([DOC_A, DOC_B, DOC_B + DOC_A])]
    db = tmp_path / "g.db"
    with Store(db) as building:
        run = building.start_run("build", {})
        for i, path in enumerate(docs):
            stream = stream_file(path)
            with building.transaction():
                building.replace_document(str(path), path.name, str(i), stream.encoding, run,
                                          map(public_fields, stream.occurrences))
            if i == 0:
                with Store(db) as reader:
                    refresh_dirty(reader)  # as `show` or `export` do first
                    assert reader.dirty_count() == 0
        assert set(building.dirty_keys()) >= {"小米", "雷军", "京东"}
        refresh_dirty(building)
        assert [r["context"] for r in building.sample_occurrences(key="雷军")][:1] == [DOC_A.split(". ")[0] + "."]
        assert len(building.sample_occurrences(key="小米")) == 3


def test_a_schema_9_glossary_migrates_to_evidence_clustered_by_name_with_its_decisions(tmp_path) -> None:
    """Schema 10 clusters evidence and samples by name (what a refresh reads) and keeps no index by name
    beside them; entries are keyed by their key alone. A schema 9 glossary with reviewers' decisions
    migrates with every decision, form status, note and history row kept, and gives the same term sheet,
    evidence, samples and counts; a changed document is then replaced in place, as in a new glossary."""
    db, seen = _decided_glossary(tmp_path)
    with Store(db) as store:
        before = seen(store)
        sheet = {name: frame.to_dict("records") for name, frame in api.frames(store).items()}
    _as_schema_9(db)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM history WHERE reviewer = 'kim'").fetchone()[0] == 3
    with Store(db) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert seen(store) == before  # every decision, count, sample, spelling and history row kept
        assert {name: frame.to_dict("records") for name, frame in api.frames(store).items()} == sheet
        assert store.entry("雷军")["status"] == "approved" and store.form_statuses()[("雷军", "레이준")] == "forbidden"
        indexes = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"evidence_name", "samples_name", "sqlite_autoindex_entries_1"}.isdisjoint(indexes)
        plan = " ".join(r[-1] for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT e.doc, e.n, e.type_confidence FROM evidence e JOIN names m "
            "ON m.id = e.name WHERE m.key = '小米'"))
        assert "SEARCH e USING PRIMARY KEY (name=?)" in plan  # the rows of a name, read where they are
        assert store.dirty_keys() == []
        assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0  # the old tables' pages given back
    (tmp_path / "doc1.txt").write_text(DOC_B + "징둥(京东)이 다시 말했다.\n", encoding="utf-8")
    api.build([tmp_path / "doc1.txt"], db)  # a changed document's rows are replaced, found by its names
    with Store(db) as store:
        assert {r["korean"]: r["n"] for r in store.occurrences(["京东"])} == {"징둥": 2}
        assert store.entry("雷军")["chosen_korean"] == "레이쥔"
        replaced = store.occurrences(), store.sample_occurrences()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for i, text in enumerate([(tmp_path / "doc0.txt").read_text(encoding="utf-8"),
                              (tmp_path / "doc1.txt").read_text(encoding="utf-8"),
                              (tmp_path / "doc2.txt").read_text(encoding="utf-8")]):
        (fresh / f"doc{i}.txt").write_text(text, encoding="utf-8")
    api.build(sorted(fresh.glob("*.txt")), fresh / "g.db")
    with Store(fresh / "g.db") as store:
        made = store.occurrences(), store.sample_occurrences()

    def plain(rows: list[dict]) -> list:
        return sorted(json.dumps({k: v for k, v in r.items() if k != "source"}, ensure_ascii=False, sort_keys=True)
                      for r in rows)
    assert plain(replaced[0]) == plain(made[0]) and plain(replaced[1]) == plain(made[1])


def test_a_build_stopped_in_its_refresh_is_finished_by_the_next_one(tmp_path, monkeypatch) -> None:
    """The refresh resolves a batch of entries a chunk at a time in one transaction: stopped half-way (as a
    killed process is), nothing of the batch is written, its keys stay to be refreshed, and the next
    command finishes it to the glossary an unstopped build makes."""
    from glossary.termbase import build as build_module

    whole, stopped = _twin_folders(tmp_path, "whole", "stopped",
                                   [DOC_A, DOC_B, "레이쥔(雷军)과 마윈(马云)이 만났다.\n"])
    api.build([whole], whole / "g.db")
    real, done = build_module.refresh_entries, []

    def stop_after_two(*args, **kwargs):
        if len(done) == 2:
            raise KeyboardInterrupt  # the process stops here
        done.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "REFRESH_CHUNK", 1)
    monkeypatch.setattr(build_module, "refresh_entries", stop_after_two)
    with pytest.raises(KeyboardInterrupt):
        api.build([stopped], stopped / "g.db")
    monkeypatch.undo()
    with Store(stopped / "g.db") as store:
        assert store.entries() == [] and store.dirty_count() == len(store.evidence())  # all of the batch left
    report = api.build([stopped], stopped / "g.db")  # nothing to merge: the documents were committed
    assert len(report.unchanged) == 3 and not report.added
    with Store(whole / "g.db") as a, Store(stopped / "g.db") as b:
        assert b.dirty_count() == 0
        assert api.jsonl_lines(a) == api.jsonl_lines(b)
        assert a.occurrence_count() == b.occurrence_count()


def test_parallel_build_gives_the_same_glossary(tmp_path) -> None:
    serial, parallel = _twin_folders(tmp_path, "s", "p", [DOC_A, DOC_B, "레이쥔(雷军)과 마윈(马云).\n"])
    api.build([serial], serial / "g.db")
    report = api.build([parallel], parallel / "g.db", workers=2)
    assert report.summary()["added"] == 3
    with Store(serial / "g.db") as a, Store(parallel / "g.db") as b:
        assert api.jsonl_lines(a) == api.jsonl_lines(b)


def _exported_note(tmp_path, note: str):
    """The term sheet of a glossary where a reviewer wrote ``note`` on 彭建真: its sheet, row and note cell."""
    db = build_db(tmp_path, DOC_A)
    sheet = tmp_path / "t.xlsx"
    with Store(db) as store:
        store.set_reviewed("彭建真", "note", note, "test")
        api.export_xlsx(store, sheet)
    ws = openpyxl.load_workbook(sheet)["Entries"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "彭建真")
    return ws, row, row[column(ws, "note") - 1]


def test_long_text_wraps_and_formula_text_stays_text(tmp_path) -> None:
    note = "=HYPERLINK(\"http://example.com\") 이 메모는 서른 글자를 넘는 긴 검토자 메모입니다"
    ws, row, cell = _exported_note(tmp_path, note)
    assert cell.value == note and cell.data_type == "s"  # not a formula
    assert cell.quotePrefix and cell.alignment.wrap_text  # both: a named style must not drop the quote prefix
    context = row[column(ws, "first_context") - 1]
    assert bool(context.alignment.wrap_text) == (len(context.value) > 30)  # short texts carry no style
    key_cell = row[0]
    assert not key_cell.alignment.wrap_text  # short fields carry no style


@pytest.mark.parametrize("note, read_back", [
    ("A&B <b>사양</b> > 2", "A&B <b>사양</b> > 2"),  # markup characters are text
    ("  앞뒤 공백  ", "  앞뒤 공백  "),  # spaces at either end are kept
    ("줄\r\n바꿈\t탭", "줄\r\n바꿈\t탭"),  # a carriage return is not read back as a line feed
    ("제어\x01문자\x1f", "제어문자"),  # characters XML cannot hold are dropped, not a broken file
    ("@멘션", "@멘션"),  # text that starts like a formula stays text
])
def test_a_note_comes_back_from_the_sheet_as_written(tmp_path, note, read_back) -> None:
    """The data rows are written as XML text (outputs/sheetxml.py): whatever a reviewer or a document
    put in a cell comes back from the sheet as it was."""
    _, _, cell = _exported_note(tmp_path, note)
    assert cell.value == read_back and cell.data_type == "s"
    assert cell.quotePrefix == note.startswith("@")


def test_occurrence_samples_are_the_first_of_each_entry_in_the_order_they_came(tmp_path) -> None:
    many = "".join(f"{i}번째: 샤오미(小米)가 발표했다.\n" for i in range(5))
    db = build_db(tmp_path, many, DOC_B)
    with Store(db) as store:
        sample = store.sample_occurrences(2)
        xiaomi = [(Path(r["source"]).name, r["line"]) for r in sample if r["key"] == "小米"]
        assert xiaomi == [("doc0.txt", 1), ("doc0.txt", 2)]  # the first two of five in doc0; none of doc1
        assert [r["key"] for r in sample if r["key"] == "京东"] == ["京东"]
        assert [(r["source"], r["start"]) for r in sample] == sorted((r["source"], r["start"]) for r in sample)
        for per_key in (None, 1, 2):  # the export's table, by column, holds the same rows in the same order
            columns = store.sample_columns(per_key)
            rows = store.sample_occurrences(per_key)
            assert rows and all(columns[f] == [r[f] for r in rows] for f in columns)
            assert list(columns) == ["doc", "line", "key", "hanzi", "korean", "english", "context"]
        counts = api.export_xlsx(store, tmp_path / "t.xlsx", max_occurrences_per_entry=2)
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    written = sum(c.value is not None for name in ("Entries", "Variants", "Occurrences")
                  for row in wb[name].iter_rows(min_row=2) for c in row)
    assert counts["cells"] == written and counts["occurrences"] == wb["Occurrences"].max_row - 1


def test_a_build_of_nothing_readable_leaves_no_database_and_counts_in_words(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    db = tmp_path / "new.db"
    result = runner.invoke(app, ["build", str(empty), "--db", str(db)])
    assert result.exit_code == 2 and f"error: {empty}: empty file" in result.stderr
    assert not db.exists() and not list(tmp_path.glob("new.db*"))  # exit 2: nothing written
    doc = tmp_path / "one.txt"
    doc.write_text("샤오미(小米)가 발표했다.\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(doc), str(empty), "--db", str(db)])
    assert result.exit_code == 3 and db.exists()
    assert result.stdout.startswith("1 document added, 0 unchanged, 1 failed; 1 occurrence of names, 1 new entry")


def test_the_whole_glossarys_evidence_summed_in_sqlite_is_the_row_by_row_tally(tmp_path) -> None:
    """The export reads the whole glossary's evidence grouped in SQLite (a row per name and per entry's
    document); the forms, counts, documents and their first-seen order (which decide ties) are those of
    the tally over every evidence row that a refresh reads."""

    from conftest import SAMPLES

    doc = tmp_path / "a.txt"
    doc.write_text(DOC_A + DOC_A, encoding="utf-8")
    twin = tmp_path / "sub" / "a.txt"  # another document of the same file name: each entry lists the name once
    twin.parent.mkdir()
    twin.write_text(DOC_A, encoding="utf-8")
    db = tmp_path / "g.db"
    api.build([SAMPLES, doc, twin], db)
    def same() -> None:
        with Store(db) as store:
            grouped, by_row = store.evidence(), store.evidence(typed={})  # typed: the row-by-row path
        assert len(grouped) > 20
        _same_evidence(grouped, by_row)

    same()  # each document's rows a range of seqs of their own: its documents found document by document
    con = sqlite3.connect(db)
    with con:  # the first document's first row moved after every other: the ranges overlap, sorted in SQLite
        con.execute("UPDATE evidence SET seq = (SELECT max(seq) + 1 FROM evidence) WHERE doc = 1 AND seq = "
                    "(SELECT min(seq) FROM evidence WHERE doc = 1)")
    con.close()
    same()


SHEET_TEXTS = ["샤오미", "小米", "Xiaomi Corp.", "", "레이쥔(雷军)은 베이징에서 열린 신제품 발표회에서 목표를 늘렸다",
               "A&B <b>", " 앞 공백", "뒤 공백 ", "=SUM(A1)", "-3", "@멘션", "줄\r\n바꿈", "제어\x01문자", "탭\t안",
               "\u3000전각 공백", "😀 넷 바이트", "NUL\x00안", "x" * 40_000, "《人民日报》 …"]


@pytest.mark.parametrize("odd", SHEET_TEXTS)
def test_the_sheets_rows_are_the_same_by_the_fast_paths_as_cell_by_cell(odd) -> None:
    """The term sheet's rows are made a column at a time, by one f-string a cell for plain texts and
    numbers (outputs/sheetxml.py); a column of plain texts with any one other among them gives the XML
    the general path gives cell by cell (escapes, quote prefixes, kept spaces, wrapped styles, cut texts,
    row heights), and so do columns of numbers and of mixed values."""
    from glossary.outputs.sheetxml import SheetRows
    from glossary.outputs.termsheet import display_width, display_widths

    ids = SimpleNamespace(ids={(False, False): "", (True, False): ' s="1"', (False, True): ' s="2"',
                               (True, True): ' s="3"'})
    texts = ["샤오미", "小米 그룹", "Xiaomi", "레이쥔(雷军)은 베이징에서 열린 신제품 발표회에서"] * 2 + [odd]
    assert display_widths(texts).tolist() == [display_width(t) for t in texts]
    n = len(texts)
    columns = [texts, [t or None for t in texts], [None if i % 3 else t for i, t in enumerate(texts)], list(range(n)),
               [None if i % 3 else i / 7 for i in range(n)], [float("inf")] + [0.5] * (n - 1),
               [True, 2, "셋"] * (n // 3)]
    wide = [[len(t) > 10 for t in texts], None, [i % 2 == 0 for i in range(n)], None, None, None, None]
    wraps = [True, False, True, False, False, False, True]
    heights = {1: 30, 4: 45}
    fast = SheetRows(columns, wide, wraps, heights, ids)
    general = SheetRows(columns, wide, wraps, heights, ids, kinds=[None] * len(columns))
    assert fast.kinds[:5] == [str, str, str, int, float]
    for a, b in ((0, n), (0, 4), (4, n)):
        assert fast.xml(a, b) == general.xml(a, b)
    assert 'ht="30" customHeight="1"' in fast.xml(0, n)


def test_the_traditional_column_converted_at_once_is_each_key_converted_alone() -> None:
    """The traditional forms of a glossary's keys come from one call of OpenCC over them all (outputs/table.py);
    each is the one the key gets alone, phrases and Japanese forms included, a line break in a key too."""
    from glossary.base.han import traditional, traditionals

    keys = ["人民日报", "乾隆", "干部", "后来", "皇后", "荘周", "头发", "理发", "台湾", "发展", "面条", "中国共产党",
            "系统", "范冰冰", "云南", "里程", "丰田", "干", "发", "后"]
    assert traditionals(keys) == [traditional(k) for k in keys]
    assert traditionals(["头发\n理发", "干部"]) == [traditional("头发\n理发"), traditional("干部")]
    assert traditionals([]) == []


def test_an_export_that_fails_half_way_leaves_the_earlier_sheet_as_it_was(tmp_path, monkeypatch) -> None:
    """The sheets' rows go into the workbook's file as they are made (outputs/sheetxml.py: Package), in a
    file beside the target put in its place when whole: a reviewer's earlier sheet at that path stays
    whole when an export stops half-way, and nothing is left beside it."""
    from glossary.outputs import sheetxml

    db = build_db(tmp_path, DOC_A, DOC_B)
    sheet = tmp_path / "terms.xlsx"
    with Store(db) as store:
        api.export_xlsx(store, sheet)
        before = sheet.read_bytes()
        made = sheetxml.SheetRows.xml

        def fail_after_the_entries(self, start, stop):
            if len(self.letters) != len(ENTRY_SHEET):  # Variants, the second sheet of rows
                raise RuntimeError("stopped")
            return made(self, start, stop)

        monkeypatch.setattr(sheetxml.SheetRows, "xml", fail_after_the_entries)
        with pytest.raises(RuntimeError, match="stopped"):
            api.export_xlsx(store, sheet)
        monkeypatch.undo()
        assert sheet.read_bytes() == before and sorted(p.name for p in tmp_path.glob("terms*")) == ["terms.xlsx"]
        api.export_xlsx(store, sheet)
    wb = openpyxl.load_workbook(sheet)
    assert wb.sheetnames == ["Instructions", "Entries", "Variants", "Occurrences", "Summary", "_meta"]
    assert wb["Occurrences"].max_row > 1 and wb["Entries"].max_row > 1


def _same_evidence(mine: dict, theirs: dict) -> None:
    """The same keys in the same order, and for each every field, its dicts in the same order too."""
    from dataclasses import fields

    assert list(mine) == list(theirs)
    for key, ev in theirs.items():
        for f in fields(ev):
            a, b = getattr(mine[key], f.name), getattr(ev, f.name)
            if isinstance(b, dict):
                a, b = list(a.items()), list(b.items())
            assert a == b, (key, f.name)


def test_a_first_build_refreshes_from_the_evidence_it_counted_as_it_wrote_it(tmp_path) -> None:
    """A first build counts the evidence it writes, and its refresh takes each entry's evidence from that
    count instead of reading the rows back: the same forms, counts, documents, first sentence and typed
    rows (type_confidence) as the query over the rows, in the same order; an entry is taken from the count
    once, then read by the query."""
    from conftest import SAMPLES

    from glossary.extraction.reader import documents
    from glossary.termbase.build import BuildReport, add_document

    doc = tmp_path / "a.txt"
    doc.write_text(DOC_A + DOC_A, encoding="utf-8")
    with Store(tmp_path / "g.db") as store:
        run_id = store.start_run("build", {})
        with store.bulk():
            for path in documents([SAMPLES, doc]):
                add_document(store, path, run_id, BuildReport())
        keys = sorted(store.dirty_keys())
        assert store._written is not None and len(keys) > 20
        counted_typed: dict = {}
        counted = store.evidence(keys[::-1], counted_typed)  # in the order the rows came, not the keys'
        queried_typed: dict = {}
        queried = store.evidence(keys[::-1], queried_typed)  # taken once: now from the rows
        assert store.evidence(keys[:3], {}) == {k: queried[k] for k in keys[:3] if k in queried}
    assert counted_typed == queried_typed and counted_typed
    _same_evidence(counted, queried)
    assert sum(bool(ev.first_context) for ev in counted.values()) == len(counted)


def test_a_replaced_document_stops_the_count_and_the_entries_are_read_from_the_rows(tmp_path) -> None:
    """A document merged again in the same connection (its old rows deleted) ends the count for good: the
    refresh then reads every entry from the rows, and the glossary is the one a plain build makes."""
    from conftest import SAMPLES

    from glossary.extraction.reader import documents
    from glossary.termbase.build import BuildReport, add_document, refresh_dirty

    doc = tmp_path / "a.txt"
    doc.write_text(DOC_A, encoding="utf-8")
    with Store(tmp_path / "g.db") as store:
        run_id = store.start_run("build", {})
        with store.bulk():
            for path in documents([SAMPLES, doc]):
                add_document(store, path, run_id, BuildReport())
            assert store._written is not None
            doc.write_text(DOC_A + DOC_A, encoding="utf-8")
            add_document(store, doc, run_id, BuildReport())
            assert store._written is None
        refresh_dirty(store)
        replaced = store.entries()
    api.build([SAMPLES, doc], tmp_path / "plain.db")
    with Store(tmp_path / "plain.db") as store:
        plain = store.entries()
    drop = ("created", "updated")
    assert [{k: v for k, v in e.items() if k not in drop} for e in replaced] == \
        [{k: v for k, v in e.items() if k not in drop} for e in plain]


def test_a_first_build_leaves_its_glossary_in_full_pages_and_a_small_one_does_not_rewrite_it(tmp_path) -> None:
    """Evidence, samples and entries are inserted by name and by key, document after document, which leaves
    pages part empty: a build that at least doubles the glossary rewrites it once its entries are refreshed
    (nothing more to gain by a VACUUM); a build that adds a little to it leaves it as it is."""
    from conftest import SAMPLES

    db = tmp_path / "g.db"
    api.build([SAMPLES], db)

    def pages() -> int:
        with sqlite3.connect(db) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return con.execute("PRAGMA page_count").fetchone()[0]

    built = pages()
    with sqlite3.connect(db) as con:
        con.execute("VACUUM")
    assert pages() == built
    with sqlite3.connect(db) as con:  # a glossary with free pages, as one with rows deleted has
        con.execute("CREATE TABLE filler AS SELECT * FROM evidence")
        con.execute("DROP TABLE filler")
    grown = pages()
    small = tmp_path / "small.txt"
    small.write_text(DOC_A, encoding="utf-8")
    api.build([small], db)
    assert pages() >= grown  # not rewritten: a run that adds a little does not pay for it


def test_a_bulk_load_killed_before_its_end_is_put_in_place_by_the_next_open(tmp_path) -> None:
    """A run that at least doubles the glossary appends its rows by document and puts them in name order at
    its end; killed before (its rows committed, still appended), the next command puts them in place, and
    the glossary is the one an uninterrupted build makes."""
    from conftest import SAMPLES

    from glossary.extraction.reader import documents
    from glossary.termbase.build import BuildReport, add_document, refresh_dirty

    def loaded(db: Path) -> int:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT count(*) FROM evidence_load").fetchone()[0]

    paths = documents([SAMPLES])
    with Store(tmp_path / "killed.db") as store:
        run_id = store.start_run("build", {})
        with store.bulk():
            assert store.defer_indexes(len(paths))
            for path in paths:
                add_document(store, path, run_id, BuildReport())
        # killed here: no make_indexes
    assert loaded(tmp_path / "killed.db") > 20
    with Store(tmp_path / "killed.db") as store:
        assert loaded(tmp_path / "killed.db") == 0
        refresh_dirty(store)
        killed = store.entries(), store.occurrences(), store.sample_occurrences()
    api.build(paths, tmp_path / "whole.db")
    assert loaded(tmp_path / "whole.db") == 0
    with Store(tmp_path / "whole.db") as store:
        whole = store.entries(), store.occurrences(), store.sample_occurrences()
    drop = ("created", "updated")
    assert [{k: v for k, v in e.items() if k not in drop} for e in killed[0]] == \
        [{k: v for k, v in e.items() if k not in drop} for e in whole[0]]
    assert killed[1:] == whole[1:]
