"""From Korean back to Hanzi: the inverse table, the ranked candidates and `glossary suggest` with Korean input."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary import api
from glossary.base.resources import read_table, tables_dir
from glossary.cli import app
from glossary.translit import reverse
from glossary.translit.pinyin_hangul import to_hangul
from glossary.translit.reverse import KnownName, candidates

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
VECTORS = [(r["hangul"], tuple(r["pinyin"].split())) for r in read_table("hangul_pinyin_vectors.tsv")]


def _script():
    spec = importlib.util.spec_from_file_location("build_hangul_pinyin", ROOT / "scripts" / "build_hangul_pinyin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("hangul", "expected"), VECTORS)
def test_inverse_vector(hangul: str, expected: tuple[str, ...]) -> None:
    assert reverse.inverse_table()[hangul] == expected


def test_inverse_table_is_what_the_script_derives_from_the_forward_tables() -> None:
    assert (tables_dir() / "hangul_pinyin.tsv").read_text(encoding="utf-8") == _script().render()


def test_every_row_goes_back_to_its_hangul() -> None:
    table = reverse.inverse_table()
    assert len(table) > 300
    for hangul, sylls in table.items():
        for s in sylls:
            assert to_hangul(s) == hangul, (hangul, s)


def first(korean: str, **kw) -> str:
    found = candidates(korean, **kw)
    assert found, korean
    return found[0].hanzi


def top(korean: str, n: int = 5, **kw) -> list[str]:
    return [c.hanzi for c in candidates(korean, limit=n, **kw)]


@pytest.mark.parametrize(("korean", "hanzi"), [("핀둬둬", "拼多多"), ("선전", "深圳"), ("다롄", "大连"),
                                               ("광둥성", "广东省"), ("마화텅", "马化腾")])
def test_official_spellings_find_their_name_first(korean: str, hanzi: str) -> None:
    assert first(korean) == hanzi


def test_a_person_no_dictionary_holds_is_composed_from_surname_and_given_name_characters() -> None:
    found = candidates("레이쥔", limit=5)
    assert "雷军" in [c.hanzi for c in found]
    assert next(c for c in found if c.hanzi == "雷军").source in ("person", "dictionary")


@pytest.mark.parametrize(("variant", "hanzi"), [("레이준", "雷军"), ("마화텡", "马化腾"), ("징동", "京东")])
def test_variant_spellings_come_in_through_the_phonetic_key(variant: str, hanzi: str) -> None:
    assert hanzi in top(variant)


def test_the_official_reading_outranks_a_variant_reading() -> None:
    found = candidates("선전", limit=10)
    by_hanzi = {c.hanzi: c for c in found}
    assert by_hanzi["深圳"].score > max(c.score for c in found if c.hanzi != "深圳")


def test_customary_forms_come_from_the_lexicon(tmp_path) -> None:
    found = candidates("텐센트")
    assert (found[0].hanzi, found[0].source, found[0].pinyin) == ("腾讯", "lexicon", "teng xun")
    table = tmp_path / "mine.tsv"
    table.write_text("hanzi\tkorean\n小鹏\t엑스펑\n", encoding="utf-8")
    assert "小鹏" not in [c.hanzi for c in candidates("엑스펑")]
    best = candidates("엑스펑", api.lexicon(table))[0]
    assert (best.hanzi, best.source) == ("小鹏", "lexicon")
    result = runner.invoke(app, ["suggest", "엑스펑", "--exceptions", str(table), "--format", "jsonl"])
    assert json.loads(result.stdout)["candidates"][0]["hanzi"] == "小鹏"


def test_glossary_names_come_first_by_spelling_and_by_phonetic_key() -> None:
    known = [KnownName("雷君", ("레이쥔",), "lei jun")]  # the glossary's choice beats the dictionary's
    assert first("레이쥔", known=known) == "雷君"
    assert candidates("레이쥔", known=known)[0].source == "glossary"
    assert first("레이준", known=known) == "雷君"  # a variant spelling of the glossary's form
    assert candidates("레이준", known=known)[0].score < 1.0 == candidates("레이쥔", known=known)[0].score
    assert first("선전", known=known) == "深圳"  # a name far from the glossary's is untouched


def test_scores_fall_with_rank_and_lie_between_0_and_1() -> None:
    found = candidates("리창", limit=10)
    scores = [c.score for c in found]
    assert len(found) == 10 and scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    assert {c.source for c in found} <= set(reverse.SOURCES)
    assert "李强" in [c.hanzi for c in found]


@pytest.mark.parametrize("bad", ["", "abc", "雷军", "레이쥔2", "ㅋㅋ", "레이쥔" * 4])
def test_anything_but_hangul_gets_no_candidates(bad: str) -> None:
    assert candidates(bad) == []


def test_cli_korean_input_jsonl() -> None:
    result = runner.invoke(app, ["suggest", "핀둬둬", "레이쥔", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["korean"] for r in rows] == ["핀둬둬", "레이쥔"]
    assert set(rows[0]) == {"korean", "candidates"}
    assert set(rows[0]["candidates"][0]) == {"hanzi", "pinyin", "source", "score"}
    assert rows[0]["candidates"][0] == {"hanzi": "拼多多", "pinyin": "pin duo duo", "source": "dictionary",
                                        "score": rows[0]["candidates"][0]["score"]}
    assert "雷军" in [c["hanzi"] for c in rows[1]["candidates"][:5]]


def test_cli_table_and_hanzi_input_unchanged() -> None:
    table = runner.invoke(app, ["suggest", "선전"])
    assert table.exit_code == 0 and "深圳" in table.stdout and "shen zhen" in table.stdout
    forward = runner.invoke(app, ["suggest", "深圳", "--format", "jsonl"])
    assert json.loads(forward.stdout)["korean"] == "선전"


def test_cli_mixed_input_is_refused_and_no_candidate_exits_1() -> None:
    mixed = runner.invoke(app, ["suggest", "핀둬둬", "拼多多"])
    assert mixed.exit_code == 2 and "not both" in mixed.stderr
    none = runner.invoke(app, ["suggest", "뷁뷁뷁", "--format", "jsonl"])
    assert none.exit_code == 1 and "no Hanzi candidate" in none.stderr
    assert json.loads(none.stdout) == {"korean": "뷁뷁뷁", "candidates": []}


def test_cli_glossary_names_first(tmp_path) -> None:
    doc = tmp_path / "issue.txt"
    doc.write_text("레이쥔(雷君) 회장이 말했다. 레이쥔(雷君)은 웃었다.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    api.build([doc], db)
    result = runner.invoke(app, ["suggest", "레이준", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    best = json.loads(result.stdout)["candidates"][0]
    assert (best["hanzi"], best["source"]) == ("雷君", "glossary")
    missing = runner.invoke(app, ["suggest", "레이쥔", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2


def test_fix_and_check_never_insert_a_guess(tmp_path) -> None:
    doc = tmp_path / "draft.txt"
    doc.write_text("레이쥔이 말했다. 핀둬둬가 컸다.\n", encoding="utf-8")
    out = tmp_path / "fixed.txt"
    assert runner.invoke(app, ["fix", str(doc), "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == doc.read_text(encoding="utf-8")
    checked = runner.invoke(app, ["check", str(doc), "--format", "jsonl", "--fail-on", "never"])
    assert "雷军" not in checked.stdout and "拼多多" not in checked.stdout
