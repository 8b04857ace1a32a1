"""`glossary check`: inconsistent, not-approved (with and without Hanzi), hanzi-late, ambiguous, non-official."""

from __future__ import annotations

import json
from collections import defaultdict

import openpyxl
from typer.testing import CliRunner

from glossary import api
from glossary.check.checker import check
from glossary.cli import app
from glossary.termbase.store import Store

runner = CliRunner()


def test_seed_findings(shared) -> None:
    findings = check([shared / "corpus" / "kic-china-195.txt"])
    inconsistent = defaultdict(set)
    for f in findings:
        if f.kind == "inconsistent":
            inconsistent[f.key].add(f.korean)
    # only the deviating spellings: the three of 彭建真 all differ from the official 펑젠전, of which they
    # are variants; of the association's two renderings the rarer one deviates from the dominant one
    assert inconsistent["彭建真"] == {"펭지엔전", "펑지엔전", "펑지엔젼"}
    assert inconsistent["中国连锁经营协会"] == {"중국 체인점 운영협회"}
    assert all(f.korean != f.expected for f in findings if f.kind == "inconsistent")
    assert any(f.kind == "non-official" and f.korean == "자오천잉" and f.expected == "자오전잉" for f in findings)
    gold = [json.loads(line) for line in (shared / "gold" / "kic195.pairs.jsonl").open(encoding="utf-8")]
    spellings = defaultdict(set)
    for g in gold:
        if g["korean"]:
            spellings[g["key"]].add(g["korean"])
    consistent = {k for k, v in spellings.items() if len(v) == 1}
    assert not consistent & set(inconsistent)  # no false inconsistency errors


def approved_glossary(tmp_path, text: str, chosen: dict[str, str | None]):
    """A glossary built from one document, with these keys approved (and their chosen forms, if given)."""
    first = tmp_path / "issue1.txt"
    first.write_text(text, encoding="utf-8")
    db = tmp_path / "g.db"
    api.build([first], db)
    with Store(db) as store, store.transaction():
        for key, korean in chosen.items():
            store.set_reviewed(key, "status", "approved", "test")
            if korean:
                store.set_reviewed(key, "chosen_korean", korean, "test")
    return db


def test_against_the_glossary(tmp_path) -> None:
    db = approved_glossary(tmp_path, "펑젠전(彭建真) 비서장이 말했다. 핀둬둬(拼多多)와 징둥(京东).\n",
                           {"彭建真": None, "拼多多": None})
    draft = tmp_path / "draft.txt"
    draft.write_text("오늘 펭지엔전은 말했다.\n핀둬둬가 성장했다.\n핀둬둬(拼多多)는 크다.\n"
                     "펑젠전(彭建真)도 왔다.\n마윈(马芸)과 마윈(马云).\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(draft), "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 1  # errors present, --fail-on error by default
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(rows[0]) == {"kind", "severity", "doc", "line", "key", "korean", "expected", "context", "path", "col",
                            "policy"}
    kinds = {(r["kind"], r["line"], r["key"], r["korean"]) for r in rows}
    assert ("not-approved", 1, "彭建真", "펭지엔전") in kinds  # no Hanzi, found by its phonetic key
    assert ("hanzi-late", 2, "拼多多", "핀둬둬") in kinds  # first mention without Hanzi
    assert any(k[0] == "ambiguous" and k[3] == "마윈" for k in kinds)
    assert not any(k[0] == "not-approved" and k[3] == "펑젠전" for k in kinds)  # the approved form is fine
    xlsx = tmp_path / "findings.xlsx"
    quiet = runner.invoke(app, ["check", str(draft), "--db", str(db), "--fail-on", "never", "--xlsx", str(xlsx)])
    assert quiet.exit_code == 0
    ws = openpyxl.load_workbook(xlsx)["Findings"]
    assert ws["A1"].value == "severity" and ws.max_row == len(rows) + 1


def test_clean_document_passes(tmp_path) -> None:
    doc = tmp_path / "clean.txt"
    doc.write_text("샤오미(小米)가 발표했다. 샤오미(小米)는 크다.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(doc), "--fail-on", "warning"])
    assert result.exit_code == 0, result.output


def test_bad_options(tmp_path) -> None:
    assert runner.invoke(app, ["check", str(tmp_path), "--fail-on", "sometimes"]).exit_code == 2
    assert runner.invoke(app, ["check", str(tmp_path), "--format", "xml"]).exit_code == 2


def test_matcher_finds_spellings_at_word_starts_and_variants_by_key() -> None:
    from glossary.check.match import Matcher, VariantFinder, hangul_tokens, locate
    from glossary.extraction.morph import get_analyzer
    from glossary.translit import phonetic

    text = "어제 핀둬둬가 말했다.\n오늘 새핀둬둬는 아니다.\nTCL그룹이 왔고 펭지엔전은 웃었다.\n핀둬둬."
    matcher = Matcher({"핀둬둬": {"拼多多"}, "TCL그룹": {"TCL集团"}, "궈메이 소매": {"国美零售"}})
    tokens = hangul_tokens(text)
    found = matcher.find(text, tokens)
    assert found == [(0, "핀둬둬", ("拼多多",)), (2, "TCL그룹", ("TCL集团",)), (3, "핀둬둬", ("拼多多",))]
    assert matcher.find(text) == found  # the tokens are made when not given
    variants = VariantFinder({phonetic.key("펑젠전"): "彭建真"}, get_analyzer("rule"))
    hits = variants.words(tokens)
    assert hits == {"펭지엔전은": ("펭지엔전", "彭建真", False)}
    assert locate(tokens, hits) == [(2, "펭지엔전은")]
    assert variants.words(hangul_tokens("아무 것도 없다")) == {}


def test_matcher_finds_names_of_several_words() -> None:
    from glossary.check.match import Matcher

    matcher = Matcher({"궈메이": {"国美"}, "궈메이 소매": {"国美零售"}})
    text = "궈메이 소매는 컸다.\n궈메이는 작다.\n궈메이\n소매도 있다.\n궈메이 가전."
    assert matcher.find(text) == [(0, "궈메이소매", ("国美零售",)), (1, "궈메이", ("国美",)),
                                  (2, "궈메이소매", ("国美零售",)), (4, "궈메이", ("国美",))]


def test_hanzi_late_for_a_name_of_several_words(tmp_path) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("궈메이 소매는 전환했다.\n\n궈메이 소매(国美零售)는 컸다.\n", encoding="utf-8")
    late = [f for f in check([doc]) if f.kind == "hanzi-late"]
    assert [(f.line, f.key) for f in late] == [(1, "国美零售")]


def test_glossary_spelling_for_two_entries_not_in_the_documents(tmp_path) -> None:
    """Two approved entries with one chosen form is reported even when no document uses that form."""
    db = approved_glossary(tmp_path, "마윈(马云)과 마윈(马芸)이 만났다. 샤오미(小米)도 왔다.\n",
                           {"马云": "마윈", "马芸": "마윈"})
    draft = tmp_path / "draft.txt"
    draft.write_text("샤오미(小米)가 발표했다.\n", encoding="utf-8")
    with Store(db) as store:
        findings = check([draft], store)
    (amb,) = [f for f in findings if f.kind == "ambiguous"]
    assert amb.key == "马云 / 马芸" and amb.korean == "마윈" and amb.doc == "(glossary)"


def test_mentions_wait_on_disk_in_the_order_they_came(monkeypatch) -> None:
    from glossary.check import spooling
    from glossary.check.rules import Mention

    monkeypatch.setattr(spooling, "KEEP_MENTIONS", 2)
    spool = spooling.MentionSpool()
    try:
        a = [Mention("a.txt", i, "小米" if i % 2 else "京东", "샤오미" if i % 2 else "징둥", "小米", None, "ORG", "zh",
                     f"문장 {i}") for i in range(1, 6)]
        spool.add(a[:3])
        spool.add(a[3:])
        spool.add([])
        assert spool.file is not None  # beyond two, they went to disk
        assert list(spool) == a and list(spool) == a  # read back whole, as often as asked
        grouped = spool.of_keys({"小米"})
        assert list(grouped) == ["小米"] and [m.line for m in grouped["小米"]] == [1, 3, 5]
    finally:
        spool.close()


def test_readings_and_translations_are_not_misspelled_transliterations(tmp_path) -> None:
    """Only a rendering by Mandarin sound is held to the official spelling: 인민일보 (a Sino-Korean reading)
    and 쯔광그룹 (集团 translated) sound close to 런민르바오 and 쯔광지퇀, but they are other kinds of name."""
    doc = tmp_path / "doc.txt"
    doc.write_text("인민일보(人民日報)와 쯔광그룹(紫光集團), 펭지엔전(彭建真)이 말했다.\n", encoding="utf-8")
    flagged = {f.korean for f in check([doc]) if f.kind == "non-official"}
    assert flagged == {"펭지엔전"}


def test_a_longer_known_name_is_not_also_a_mention_of_its_first_part(tmp_path) -> None:
    """탕핑족(躺平族) names 躺平族; it is no mention of 탕핑 (躺平) without its Hanzi."""
    doc = tmp_path / "doc.txt"
    text = "탕핑족(躺平族)이 늘고 있다.\n이른바 탕핑(躺平)이 유행이다.\n탕핑족이 또 늘었다.\n"
    doc.write_text(text, encoding="utf-8")
    assert [(f.kind, f.korean) for f in check([doc])] == []


def test_a_name_broken_before_its_hanzi_is_no_mention_without_hanzi(tmp_path) -> None:
    """중국 국가발전개혁위원회 / (国家发展和改革委员会): the Korean on the line before its Hanzi is the same pair."""
    doc = tmp_path / "doc.txt"
    doc.write_text("중국 국가발전개혁위원회\n\n(国家发展和改革委员会)는 발표했다.\n", encoding="utf-8")
    assert [f.kind for f in check([doc])] == []
