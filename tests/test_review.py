"""Team review: several reviewers on copies of one export, stale sheets, who decided, sheets for people.

Imports are three-way merges against the signed record an export keeps of every editable value; these
tests play the scenarios a team meets: two copies edited at once, an old copy imported last, a build in
between, a hand-edited record, and the printed sheet read back from LibreOffice's PDF.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import usage_error
from typer.testing import CliRunner

from glossary import api
from glossary.cli import app
from glossary.outputs.termsheet import ENTRY_SHEET, FORM_SHEET
from glossary.termbase.store import Store, now

runner = CliRunner()
DOC = ("핀둬둬(拼多多)와 더우인(抖音)이 경쟁한다. 샤오미(小米) 창업자 레이쥔(雷军)은 베이징에서 열린 신제품 발표회에서 "
       "올해 전기차 판매 목표를 두 배로 늘리고 해외 시장 진출도 서두르겠다고 여러 차례 강조했다. "
       "펑지엔전(彭建真)과 펭지엔전(彭建真).\n")
LATER = "틱톡의 중국판 도우인(抖音)과 징둥(京东)이 협력한다.\n"


def headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def col(ws, field: str, layout=ENTRY_SHEET) -> int:
    return headers(ws).index(next(c.header for c in layout if c.field == field)) + 1


def edit(sheet: Path, out: Path, changes: dict[tuple[str, str], str | None], reviewer: str | None = None) -> Path:
    """A reviewer's copy: ``changes`` maps (key, field) to the new cell value on the Entries sheet."""
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Entries"]
    key_col = col(ws, "key")
    for row in ws.iter_rows(min_row=2):
        key = row[key_col - 1].value
        for (k, fld), value in changes.items():
            if k == key:
                row[col(ws, fld) - 1].value = value
    if reviewer:
        for a, b in wb["Instructions"].iter_rows(max_col=2):
            if a.value and str(a.value).startswith("Reviewer"):
                b.value = reviewer
    wb.save(out)
    return out


def imported(db: Path, sheet: Path, *args: str):
    return runner.invoke(app, ["import", str(sheet), "--db", str(db), *args])


@pytest.fixture
def exported(tmp_path) -> tuple[Path, Path]:
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    db = tmp_path / "g.db"
    assert not api.build([doc], db).failed
    sheet = tmp_path / "export.xlsx"
    result = runner.invoke(app, ["export", "--db", str(db), "--xlsx", str(sheet)])
    assert result.exit_code == 0, result.output
    return db, sheet


def state(db: Path) -> dict:
    with Store(db) as store:
        return {r["key"]: (r["status"], r["chosen_korean"], r["note"], r["type"]) for r in store.entries()}


def fingerprint(db: Path) -> tuple[str, list[str]]:
    """The database's bytes (main file and WAL) and its logical content."""
    h = hashlib.sha256()
    for p in (db, Path(f"{db}-wal")):
        if p.exists():
            h.update(p.read_bytes())
    with Store(db) as store:
        dump = list(store.db.iterdump())
    return h.hexdigest(), dump


@pytest.mark.parametrize("order", ["a-then-b", "b-then-a"])
def test_two_reviewers_on_copies_of_one_export_both_keep_their_decisions(exported, tmp_path, order) -> None:
    db, sheet = exported
    a = edit(sheet, tmp_path / "a.xlsx", {("拼多多", "status"): "approved", ("拼多多", "note"): "A 확인"})
    b = edit(sheet, tmp_path / "b.xlsx", {("抖音", "status"): "approved", ("抖音", "chosen_korean"): "더우인"})
    first, second = (a, b) if order == "a-then-b" else (b, a)
    for s in (first, second):
        result = imported(db, s)
        assert result.exit_code == 0, result.output
    after = state(db)
    assert after["拼多多"][0] == "approved" and after["拼多多"][2] == "A 확인"
    assert after["抖音"][:2] == ("approved", "더우인")
    # the export they both came from, imported last unchanged: nothing to apply, nothing reverted
    result = imported(db, sheet)
    assert result.exit_code == 0 and "0 changes" in result.stderr
    assert state(db) == after


def test_a_stale_sheet_is_refused_then_settled_explicitly(exported, tmp_path) -> None:
    db, sheet = exported
    a = edit(sheet, tmp_path / "a.xlsx", {("拼多多", "status"): "approved"})
    stale = edit(sheet, tmp_path / "stale.xlsx", {("拼多多", "status"): "rejected", ("小米", "note"): "ok"})
    assert imported(db, a, "--reviewer", "alice").exit_code == 0
    before = fingerprint(db)
    result = imported(db, stale, "--reviewer", "bob")
    assert result.exit_code == 1
    assert "nothing imported" in result.stderr
    conflict = next(line for line in result.stdout.splitlines() if line.startswith("conflict 拼多多 status"))
    assert "'candidate'" in conflict and "'approved'" in conflict and "'rejected'" in conflict
    assert "alice" in conflict and "a.xlsx" in conflict  # where the glossary's value came from
    assert fingerprint(db) == before  # byte for byte: not even the non-conflicting note went in
    result = imported(db, stale, "--reviewer", "bob", "--prefer", "glossary")
    assert result.exit_code == 0, result.output
    assert state(db)["拼多多"][0] == "approved" and state(db)["小米"][2] == "ok"
    with Store(db) as store:
        settled = [h for h in store.history("拼多多") if h["field"] == "status"][-1]
    assert settled["reviewer"] == "bob" and "glossary kept" in settled["source"]
    assert (settled["old"], settled["new"]) == ("approved", "approved")  # the value never changed …
    assert "'rejected'" in settled["source"]  # … and the sheet's, not taken, is named
    # --prefer sheet takes the sheet's value and records the one it replaced
    result = imported(db, stale, "--reviewer", "carol", "--prefer", "sheet")
    assert result.exit_code == 0, result.output
    assert state(db)["拼多多"][0] == "rejected"
    with Store(db) as store:
        last = [h for h in store.history("拼多多") if h["field"] == "status"][-1]
    assert (last["old"], last["new"], last["reviewer"]) == ("approved", "rejected", "carol")
    assert '"settled": "sheet"' in last["detail"]
    shown = runner.invoke(app, ["show", "拼多多", "--db", str(db)]).stdout
    assert "by alice" in shown and "by carol" in shown and "stale.xlsx" in shown


def test_a_build_after_the_export_is_a_change_too(exported, tmp_path) -> None:
    """A type the reviewer corrected in the sheet, while a build changed the machine's type: a conflict."""
    db, sheet = exported
    with Store(db) as store, store.transaction():
        store.upsert_machine_fields([("雷军", {"type": "ORG"})], "run 99")
    result = imported(db, edit(sheet, tmp_path / "t.xlsx", {("雷军", "type"): "PLACE"}))
    assert result.exit_code == 1 and "conflict 雷军 type" in result.stdout and "run 99" in result.stdout
    # a reviewer who did not touch the type does not undo the build's change
    assert imported(db, edit(sheet, tmp_path / "n.xlsx", {("雷军", "note"): "x"})).exit_code == 0
    assert state(db)["雷军"][2:] == ("x", "ORG")


def test_form_statuses_merge_the_same_way(exported, tmp_path) -> None:
    db, sheet = exported

    def forbid(out: Path, status: str) -> Path:
        wb = openpyxl.load_workbook(sheet)
        ws = wb["Variants"]
        for row in ws.iter_rows(min_row=2):
            if row[col(ws, "korean", FORM_SHEET) - 1].value == "펭지엔전":
                row[col(ws, "status", FORM_SHEET) - 1].value = status
        wb.save(out)
        return out

    assert imported(db, forbid(tmp_path / "f.xlsx", "forbidden")).exit_code == 0
    result = imported(db, forbid(tmp_path / "g.xlsx", "approved"))
    assert result.exit_code == 1 and "conflict 彭建真 form 펭지엔전" in result.stdout
    with Store(db) as store:
        assert store.form_statuses()[("彭建真", "펭지엔전")] == "forbidden"


def test_reviewer_from_the_option_the_sheet_or_the_os(exported, tmp_path) -> None:
    db, sheet = exported
    imported(db, edit(sheet, tmp_path / "1.xlsx", {("小米", "note"): "one"}, reviewer="김민지"))
    imported(db, edit(sheet, tmp_path / "2.xlsx", {("雷军", "note"): "two"}, reviewer="김민지"), "--reviewer", "lee")
    imported(db, edit(sheet, tmp_path / "3.xlsx", {("抖音", "note"): "three"}))
    with Store(db) as store:
        who = {k: store.history(k)[-1] for k in ("小米", "雷军", "抖音")}
    assert who["小米"]["reviewer"] == "김민지" and who["雷军"]["reviewer"] == "lee"
    assert who["抖音"]["reviewer"]  # the OS user
    assert "1.xlsx" in who["小米"]["source"] and "exported 20" in who["小米"]["source"]


@pytest.mark.parametrize(("damage", "message"), [
    (lambda ws: ws.cell(next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "record.0"), 2,
                        ws.cell(next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "record.0"), 2)
                        .value.replace('"candidate"', '"approved"', 1)), "edited by hand"),
    (lambda ws: ws.delete_rows(next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "digest")),
     "missing"),
])
def test_an_edited_or_removed_export_record_is_refused(exported, tmp_path, damage, message) -> None:
    db, sheet = exported
    out = edit(sheet, tmp_path / "x.xlsx", {("小米", "status"): "approved"})
    wb = openpyxl.load_workbook(out)
    damage(wb["_meta"])
    wb.save(out)
    before = fingerprint(db)
    result = imported(db, out)
    assert result.exit_code == 2 and message in result.stderr and "x.xlsx" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert fingerprint(db) == before


def test_the_sheet_is_laid_out_for_reviewers_and_for_paper(exported) -> None:
    _, sheet = exported
    wb = openpyxl.load_workbook(sheet)
    assert "Instructions" in wb.sheetnames
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "approved" in text and "승인" in text and "--prefer" in text and "Reviewer" in text
    ws = wb["Entries"]
    first = headers(ws)[:6]
    assert first == ["Hanzi", "Recommended Korean", "Status", "Chosen Korean", "Type", "Reviewer note"]
    assert headers(ws)[-1].startswith("Key")
    assert all(c.comment is not None and c.comment.text for c in ws[1])  # each header explains itself
    for name in ("Instructions", "Entries", "Variants", "Occurrences", "Summary"):
        s = wb[name]
        assert s.page_setup.orientation == "landscape", name
        assert s.page_setup.fitToWidth == 1 and s.page_setup.fitToHeight == 0, name
        assert s.sheet_properties.pageSetUpPr.fitToPage, name
        assert s.print_options.gridLines, name
        if name not in ("Instructions", "Summary"):
            assert s.print_title_rows == "$1:$1", name
    # long texts wrap and their rows are tall enough; short columns stay narrow
    ctx = col(ws, "first_context")
    wrapped = [r for r in ws.iter_rows(min_row=2) if r[ctx - 1].alignment.wrap_text]
    assert wrapped and all(ws.row_dimensions[r[0].row].height >= 30 for r in wrapped)
    assert ws.column_dimensions["E"].width <= 14  # Type


def test_summary_and_build_report_count_the_same_occurrences(tmp_path) -> None:
    samples = Path(__file__).resolve().parent.parent / "data" / "samples"
    db, sheet = tmp_path / "g.db", tmp_path / "t.xlsx"
    built = runner.invoke(app, ["build", str(samples), "--db", str(db)])
    assert built.exit_code == 0, built.output
    said = int(built.stdout.split(" occurrences of names")[0].rsplit(" ", 1)[1])
    runner.invoke(app, ["export", "--db", str(db), "--xlsx", str(sheet)])
    summary = {r[0].value: r[1].value for r in openpyxl.load_workbook(sheet)["Summary"].iter_rows()}
    assert summary["Occurrences"] == said > 100


def test_export_only_what_needs_review(exported, tmp_path) -> None:
    db, sheet = exported
    imported(db, edit(sheet, tmp_path / "a.xlsx", {("拼多多", "status"): "approved"}))
    out = tmp_path / "candidates.xlsx"
    result = runner.invoke(app, ["export", "--db", str(db), "--xlsx", str(out), "--status", "candidate"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    keys = {r[col(wb["Entries"], "key") - 1].value for r in wb["Entries"].iter_rows(min_row=2)}
    assert "拼多多" not in keys and {"抖音", "小米"} <= keys
    summary = {r[0].value: r[1].value for r in wb["Summary"].iter_rows()}
    assert summary["Entries chosen"] == "status candidate"
    # a later document: --since the first export gives its new names and the changed ones only
    time.sleep(1.1)  # the glossary's times have whole seconds
    cut = now()
    later = tmp_path / "later.txt"
    later.write_text(LATER, encoding="utf-8")
    api.build([later], db)
    since = tmp_path / "since.xlsx"
    result = runner.invoke(app, ["export", "--db", str(db), "--xlsx", str(since), "--since", cut])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(since)["Entries"]
    keys = {r[col(ws, "key") - 1].value for r in ws.iter_rows(min_row=2)}
    assert "京东" in keys and "抖音" in keys and "小米" not in keys
    by_doc = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--doc", str(later)])
    assert by_doc.exit_code == 0 and {line.split('"key": "')[1].split('"')[0]
                                      for line in by_doc.stdout.splitlines()} == {"抖音", "京东"}
    bad = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--since", "last week"])
    assert bad.exit_code == 2 and "--since" in bad.stderr
    # a filtered sheet imports like a whole one
    assert imported(db, edit(out, tmp_path / "c.xlsx", {("小米", "status"): "approved"})).exit_code == 0
    assert state(db)["小米"][0] == "approved"


def test_suggest_without_a_name_is_a_usage_error() -> None:
    result = runner.invoke(app, ["suggest"])
    assert result.exit_code == 2 and "error:" in result.stderr


def test_the_printed_sheet_holds_korean_and_hanzi(exported, tmp_path) -> None:
    """LibreOffice prints the sheet to PDF; its text must hold real Korean and Hanzi (missing CJK fonts
    would give boxes or nothing), on landscape pages."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    pdftotext = shutil.which("pdftotext")
    if office is None or pdftotext is None:
        if os.environ.get("KOZH_REQUIRE_TOOLS") == "1":
            pytest.fail("LibreOffice and pdftotext are required here (KOZH_REQUIRE_TOOLS=1) but not installed")
        pytest.skip("LibreOffice or pdftotext (poppler-utils) is not installed here (.ci/run installs them)")
    _, sheet = exported
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(sheet)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "export.pdf"
    text = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for word in ("핀둬둬", "拼多多", "레이쥔", "雷军", "펑젠전", "彭建真", "Recommended Korean", "검토자"):
        assert word in text, word
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert width > height  # landscape


def test_bad_options_of_import_and_export(exported, tmp_path) -> None:
    db, sheet = exported
    bad = imported(db, sheet, "--prefer", "mine")
    assert "'mine' is not one of 'sheet', 'glossary'" in usage_error(bad)
    unknown = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--doc", str(tmp_path / "no.txt")])
    assert unknown.exit_code == 2 and "no such document" in unknown.stderr
    status = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--status", "maybe"])
    assert status.exit_code == 2 and "--status takes" in status.stderr
