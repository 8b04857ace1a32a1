"""Spellings as users write them: official and customary side by side, shared characters read as Chinese,
translated terms not transliterated, the check's policy, TBX as CAT tools read it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import usage_error
from typer.testing import CliRunner

from glossary import api
from glossary.base.han import japanese_form
from glossary.check.checker import check
from glossary.cli import app
from glossary.termbase.store import Store
from glossary.translit.suggest import suggest

runner = CliRunner()


# -- 1. official, customary, recommended: all three kept ------------------------------------------------

@pytest.mark.parametrize(("hanzi", "official", "customary"), [
    ("张国荣", "장궈룽", "장국영"), ("梁朝伟", "량차오웨이", "양조위"), ("吴宇森", "우위썬", "오우삼"),
])
def test_official_and_customary_side_by_side(hanzi: str, official: str, customary: str) -> None:
    got = suggest(hanzi)
    assert (got.official, got.official_rule) == (official, "table")
    assert [k for k, _ in got.customary] == [customary] and got.customary[0][1] == "PRESS"
    assert (got.korean, got.rule) == (customary, "customary")  # the default house style, as before
    strict = suggest(hanzi, style="official")
    assert (strict.korean, strict.rule, strict.customary) == (official, "table", got.customary)


def test_a_form_the_norm_lists_is_official() -> None:
    got = suggest("澳门")  # NIKL's examples write 마카오: that is the official spelling, and customary too
    assert got.official == got.korean == "마카오"
    assert suggest("澳门", style="official").korean == "마카오"


def test_foreign_names_written_in_chinese_are_spelled_by_their_own_language() -> None:
    assert (suggest("伊拉克").official, suggest("伊拉克").rule) == ("이라크", "foreign")
    assert suggest("新加坡", style="official").korean == "싱가포르"


def test_suggest_cli_shows_both_and_takes_a_style() -> None:
    result = runner.invoke(app, ["suggest", "梁朝伟", "--format", "jsonl"])
    row = json.loads(result.stdout)
    assert (row["official"], row["korean"]) == ("량차오웨이", "양조위")
    assert row["customary"] == [{"korean": "양조위", "source": "PRESS"}]
    result = runner.invoke(app, ["suggest", "梁朝伟", "--style", "official", "--format", "jsonl"])
    assert json.loads(result.stdout)["korean"] == "량차오웨이"
    bad = runner.invoke(app, ["suggest", "梁朝伟", "--style", "house"])
    assert "'house' is not one of 'official', 'customary'" in usage_error(bad)


# -- 2. characters shared by Chinese and Japanese are Chinese by default ----------------------------------

def _gb2312() -> list[str]:
    out = []
    for b1 in range(0xB0, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                out.append(bytes([b1, b2]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def test_no_gb2312_character_is_evidence_of_japanese() -> None:
    chars = _gb2312()
    assert len(chars) > 6700  # the whole level-1 and level-2 set
    assert [c for c in chars if japanese_form(c)] == []


@pytest.mark.parametrize("ch", list("広沢桜県恵団売読験駅豊"))
def test_forms_chinese_does_not_write_are_japanese(ch: str) -> None:
    assert japanese_form(ch)


@pytest.mark.parametrize(("hanzi", "korean"), [
    ("郎朗", "랑랑"), ("王萌", "왕멍"), ("欠款", "첸콴"), ("李晃", "리황"), ("沪深", "후선"), ("弁论", "볜룬"),
])
def test_names_with_shared_characters_read_as_mandarin(hanzi: str, korean: str) -> None:
    got = suggest(hanzi)
    assert got.rule in ("table", "surname") and got.official == korean


def test_japanese_on_evidence() -> None:
    assert suggest("広岡").rule == "japanese"  # a form only Japanese writes
    assert suggest("三郎", origin="ja").rule == "japanese"  # asked for


# -- 3. the check knows the policy ----------------------------------------------------------------------

MIXED = "배우 장궈룽(张国荣)이 출연했다.\n팬들은 장국영(张国荣)을 기억한다.\n"


def _doc(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_official_and_customary_both_correct_mixing_is_a_warning(tmp_path) -> None:
    findings = check([_doc(tmp_path, "a.txt", MIXED)])
    about = [f for f in findings if f.key == "张国荣"]
    assert [(f.kind, f.severity, f.korean) for f in about] == [("mixed", "warning", "장국영")]
    assert "official 장궈룽" in about[0].message and "customary 장국영" in about[0].message
    assert not any(f.kind == "non-official" for f in findings)  # no note calls either one non-official


def test_one_spelling_per_document_is_fine(tmp_path) -> None:
    a = _doc(tmp_path, "a.txt", "배우 장궈룽(张国荣)이 출연했다.\n")
    b = _doc(tmp_path, "b.txt", "팬들은 장국영(张国荣)을 기억한다.\n")
    assert [f for f in check([a, b]) if f.key == "张国荣"] == []


@pytest.mark.parametrize(("style", "flagged", "expected"), [("official", "장국영", "장궈룽"),
                                                             ("customary", "장궈룽", "장국영")])
def test_the_house_style_makes_the_other_a_finding(tmp_path, style: str, flagged: str, expected: str) -> None:
    doc = _doc(tmp_path, "a.txt", MIXED)
    about = [f for f in check([doc], style=style) if f.key == "张国荣"]
    assert [(f.kind, f.severity, f.korean, f.expected) for f in about] == [("house-style", "error", flagged, expected)]
    assert f"house style ({style}" in about[0].message
    result = runner.invoke(app, ["check", str(doc), "--style", style, "--format", "jsonl"])
    assert result.exit_code == 1 and json.loads(result.stdout.splitlines()[0])["kind"] == "house-style"


def test_the_glossarys_choice_is_a_policy_too(tmp_path) -> None:
    db = tmp_path / "g.db"
    api.build([_doc(tmp_path, "first.txt", "배우 장국영(张国荣)이 왔다.\n")], db)
    with Store(db) as store, store.transaction():
        store.set_reviewed("张国荣", "status", "approved", "test")
    draft = _doc(tmp_path, "draft.txt", "배우 장궈룽(张国荣)이 출연했다.\n")
    with Store(db) as store:
        about = [f for f in check([draft], store) if f.key == "张国荣"]
    assert [(f.kind, f.korean, f.expected) for f in about] == [("house-style", "장궈룽", "장국영")]
    assert "approved" in about[0].message


def test_fix_writes_the_house_style(tmp_path) -> None:
    db = tmp_path / "g.db"
    doc = _doc(tmp_path, "a.txt", MIXED)
    with Store(db) as store:
        api.set_style(store, "official")
    out = tmp_path / "fixed.txt"
    result = runner.invoke(app, ["fix", str(doc), "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == MIXED.replace("장국영(张国荣)을", "장궈룽(张国荣)을")


# -- 4. translated terms ---------------------------------------------------------------------------------

TERMS = ("중국 과학기술부(科学技术部)는 지원을 발표했다.\n"
         "‘일대일로(一带一路)’ 사업도 이어진다.\n"
         "시리아(叙利亚) 정세도 언급했다.\n"
         "회견에는 베이징대학(北京大学) 교수가 참석했다.\n")


def test_terms_read_or_translated_get_no_transliteration(tmp_path) -> None:
    db = tmp_path / "g.db"
    api.build([_doc(tmp_path, "terms.txt", TERMS)], db)
    with Store(db) as store:
        rows = {json.loads(x)["key"]: json.loads(x) for x in api.jsonl_lines(store)}
    assert (rows["科学技术部"]["official"], rows["科学技术部"]["official_rule"]) == ("과학기술부", "sino-korean")
    assert (rows["一带一路"]["official"], rows["一带一路"]["official_rule"]) == ("일대일로", "sino-korean")
    assert (rows["叙利亚"]["official"], rows["叙利亚"]["official_rule"]) == ("시리아", "foreign")
    assert (rows["北京大学"]["official"], rows["北京大学"]["official_rule"]) == ("베이징대학", "table")  # by sound
    assert suggest("科学技术部").official == "커쉐지수부"  # the transliteration stays available in suggest


# -- 5. TBX as CAT tools read it ----------------------------------------------------------------------------

def test_tbx_status_by_review_and_type_not_in_subject_field(tmp_path) -> None:
    text = "배우 장국영(张国荣)이 왔다.\n펑젠전(彭建真) 비서장과 펭지엔전(彭建真).\n샤오미(小米)도.\n"
    db = tmp_path / "g.db"
    api.build([_doc(tmp_path, "a.txt", text)], db)
    with Store(db) as store, store.transaction():
        store.set_reviewed("彭建真", "status", "approved", "test")
        store.set_form_status("彭建真", "펭지엔전", "forbidden", "test")
        store.set_reviewed("小米", "status", "rejected", "test")
    tbx = tmp_path / "t.tbx"
    assert runner.invoke(app, ["export", "--db", str(db), "--tbx", str(tbx)]).exit_code == 0
    from translate.storage.tbx import tbxfile

    units = {u.source: u for u in tbxfile.parsefile(str(tbx)).units}
    assert "小米" not in units  # rejected: no name
    text_xml = tbx.read_text(encoding="utf-8")
    assert "subjectField" not in text_xml
    peng, zhang = units["彭建真"], units["张国荣"]
    assert "entity type: PERSON" in peng.getnotes()  # translate-toolkit's reader sees the type
    from xml.etree import ElementTree as ET

    statuses = {}
    for entry in ET.parse(tbx).getroot().iter("termEntry"):
        zh = entry.find("langSet/tig/term").text
        for tig in entry.findall("langSet[@{http://www.w3.org/XML/1998/namespace}lang='ko']/tig"):
            statuses[(zh, tig.find("term").text)] = (tig.find("termNote").text, getattr(tig.find("note"), "text", ""))
    assert statuses[("彭建真", "펑젠전")][0] == "preferredTerm-admn-sts"  # approved
    assert statuses[("彭建真", "펭지엔전")][0] == "deprecatedTerm-admn-sts"  # forbidden
    assert statuses[("张国荣", "장국영")] == ("admittedTerm-admn-sts", "customary form (PRESS)")  # unreviewed
    assert statuses[("张国荣", "장궈룽")][1].startswith("official spelling")  # the official one is a term too
    assert not any(s == "preferredTerm-admn-sts" for (zh, _), (s, _) in statuses.items() if zh == "张国荣")
    assert zhang.getnotes()


# -- the sheet, show and the migration ------------------------------------------------------------------------

def test_sheet_and_show_carry_both(tmp_path) -> None:
    import openpyxl

    db = tmp_path / "g.db"
    api.build([_doc(tmp_path, "a.txt", "배우 장국영(张国荣)이 왔다.\n")], db)
    xlsx = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["export", "--db", str(db), "--xlsx", str(xlsx)]).exit_code == 0
    ws = openpyxl.load_workbook(xlsx)["Entries"]
    header = [c.value for c in ws[1]]
    row = {h: c.value for h, c in zip(header, ws[2])}
    assert (row["Official spelling"], row["Customary forms"], row["Recommended Korean"]) == (
        "장궈룽", "장국영 (PRESS)", "장국영")
    shown = runner.invoke(app, ["show", "张国荣", "--db", str(db)])
    assert "official 장궈룽 (table); customary 장국영 (PRESS)" in shown.stdout
    strict = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--style", "official"])
    assert json.loads(strict.stdout)["korean"] == "장궈룽"


def old_glossary(path: Path, doc: Path) -> None:
    """A glossary as schema 3 wrote it: a row per occurrence with its sentence, the customary form in the
    official column, a reviewer's decisions."""
    import sqlite3

    from glossary.termbase.store import MIGRATIONS

    con = sqlite3.connect(path)
    for version in (1, 2, 3):
        con.executescript(MIGRATIONS[version])
    con.execute("INSERT INTO meta VALUES ('glossary_id', 'old'), ('created', '2026-01-01')")
    con.execute("INSERT INTO documents VALUES (?, ?, 'sha', 'utf-8', NULL, '2026-01-01')", (str(doc), doc.name))
    for i, (korean, line) in enumerate([("장국영", 1), ("장국영", 2), ("장궈룽", 2)]):
        con.execute("INSERT INTO occurrences VALUES (?, ?, ?, ?, ?, '张国荣', '张国荣', ?, NULL, 'PERSON', 'zh', 1.0, "
                    "?)", (str(doc), doc.name, line, i * 10, i * 10 + 3, korean, f"문장 {i}"))
    con.execute("INSERT INTO entries (key, type, origin, official, rule, created, updated, status, chosen_korean, "
                "note, reviewed) VALUES ('张国荣', 'PERSON', 'zh', '장국영', 'customary', '2026-01-01', '2026-01-01', "
                "'approved', '장국영', 'keep', '[\"status\", \"chosen_korean\", \"note\"]')")
    con.execute("INSERT INTO form_status VALUES ('张国荣', '장궈룽', 'forbidden')")
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()


def test_an_old_glossary_migrates_with_its_decisions(tmp_path) -> None:
    db = tmp_path / "old.db"
    old_glossary(db, _doc(tmp_path, "a.txt", "배우 장국영(张国荣)이 왔다.\n"))
    result = runner.invoke(app, ["show", "张国荣", "--db", str(db), "--format", "json"])
    info = json.loads(result.stdout)
    assert (info["official"], info["customary"]) == ("장궈룽", "장국영 (PRESS)")  # suggested again
    assert (info["status"], info["chosen_korean"], info["note"]) == ("approved", "장국영", "keep")  # kept
    assert {s["korean"]: (s["count"], s["status"]) for s in info["spellings"]} == {
        "장국영": (2, ""), "장궈룽": (1, "forbidden")}
    assert info["occurrences"] == 3 and info["seen"] == ["a.txt:1"]
    with Store(db) as store:
        assert store.occurrence_count() == 3
        assert [r["context"] for r in store.sample_occurrences()] == ["문장 0", "문장 1", "문장 2"]
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "occurrences" not in tables and {"evidence", "samples"} <= tables


# -- 6. Japanese names: the official spelling follows the reading the documents give -------------------------

@pytest.mark.parametrize(("text", "key", "official"), [
    ("기시다 후미오(岸田文雄) 총리가 방한했다.\n", "岸田文雄", "기시다 후미오"),  # a dictionary reads 文雄 ブンユウ
    ("도요타 아키오(豊田章男) 회장이 말했다.\n", "豊田章男", "도요다 아키오"),  # written again by the rules
])
def test_japanese_official_follows_the_reading_given(tmp_path, text: str, key: str, official: str) -> None:
    db = tmp_path / "g.db"
    api.build([_doc(tmp_path, "ja.txt", text)], db)
    with Store(db) as store:
        entry = store.entry(key)
    assert (entry["official"], entry["rule"], entry["origin"]) == (official, "japanese", "ja")


def test_the_house_style_is_a_setting_of_build_and_of_the_pipeline(tmp_path) -> None:
    doc = _doc(tmp_path, "a.txt", "배우 장국영(张国荣)이 왔다.\n")
    db = tmp_path / "g.db"
    assert runner.invoke(app, ["build", str(doc), "--db", str(db), "--style", "official"]).exit_code == 0
    rows = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"]).stdout
    assert json.loads(rows)["korean"] == "장궈룽"  # the glossary's house style, kept in it
    with Store(db) as store:
        assert store.style == "official" and any(h["field"] == "house_style" for h in store.history())
    csv_path = tmp_path / "t.csv"
    runner.invoke(app, ["export", "--db", str(db), "--csv", str(csv_path)])
    import csv

    [row] = list(csv.DictReader(csv_path.open(encoding="utf-8-sig")))
    assert (row["Korean"], row["Korean official"], row["Korean customary"]) == ("장궈룽", "장궈룽", "장국영")
    bad = runner.invoke(app, ["build", str(doc), "--db", str(db), "--style", "house"])
    assert "'house' is not one of 'official', 'customary'" in usage_error(bad)
    pipe = tmp_path / "p.toml"
    pipe.write_text('[pipeline]\ninputs = ["a.txt"]\nstyle = "press"\n', encoding="utf-8")
    result = runner.invoke(app, ["run", str(pipe)])
    assert result.exit_code == 2 and "style is official or customary" in result.stderr
