"""Official spellings of whole names: table, surnames, exceptions, Sino-Korean readings.

The suggestions from Hanzi (official, customary, recommended; the pair check) and, for a Korean spelling,
the ranked Hanzi candidates (the inverse table, the sources), in the library and through `glossary suggest`."""

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
from glossary.translit.lexicon import Lexicon
from glossary.translit.pinyin_hangul import to_hangul
from glossary.translit.reverse import KnownName, candidates
from glossary.translit.suggest import check, suggest

SEED = [
    ("彭建真", "펑젠전"), ("王俊洲", "왕쥔저우"), ("赵振营", "자오전잉"), ("抖音", "더우인"),
    ("欧尚", "어우상"), ("兴盛优选", "싱성유쉬안"), ("十荟团", "스후이퇀"),
]

REGULAR = [
    ("习近平", "시진핑"), ("毛泽东", "마오쩌둥"), ("邓小平", "덩샤오핑"), ("周恩来", "저우언라이"),
    ("马云", "마윈"), ("李克强", "리커창"), ("胡锦涛", "후진타오"), ("江泽民", "장쩌민"),
    ("北京", "베이징"), ("上海", "상하이"), ("广州", "광저우"), ("深圳", "선전"), ("重庆", "충칭"),
    ("天津", "톈진"), ("西安", "시안"), ("哈尔滨", "하얼빈"), ("乌鲁木齐", "우루무치"), ("厦门", "샤먼"),
    ("青岛", "칭다오"), ("成都", "청두"), ("武汉", "우한"), ("南昌", "난창"), ("长沙", "창사"),
    ("拼多多", "핀둬둬"), ("华为", "화웨이"), ("小米", "샤오미"), ("百度", "바이두"), ("京东", "징둥"),
    ("字节跳动", "쯔제탸오둥"), ("美团", "메이퇀"), ("滴滴", "디디"), ("菜鸟", "차이냐오"),
]


@pytest.mark.parametrize(("hanzi", "korean"), SEED + REGULAR)
def test_regular_names(hanzi: str, korean: str) -> None:
    assert suggest(hanzi).korean == korean


@pytest.mark.parametrize(("hanzi", "korean", "rule"), [
    ("单田芳", "산톈팡", "surname"),
    ("曾志伟", "쩡즈웨이", "surname"),
    ("解缙", "셰진", "surname"),
    ("仇晓", "추샤오", "surname"),
    ("区志航", "어우즈항", "surname"),
    ("查良镛", "자량융", "surname"),
    ("尉迟恭", "위츠궁", "surname"),
])
def test_polyphone_surnames(hanzi: str, korean: str, rule: str) -> None:
    got = suggest(hanzi)
    assert (got.korean, got.rule) == (korean, rule)


def test_surname_reading_only_for_person_names() -> None:
    assert suggest("曾经").korean == "청징"  # an adverb, not Zeng Jing
    assert suggest("单位").korean == "단웨이"


@pytest.mark.parametrize(("hanzi", "korean", "rule"), [
    ("欧阳修", "구양수", "historical"), ("孔子", "공자", "historical"), ("司马迁", "사마천", "historical"),
    ("荘周", "장주", "historical"),  # Japanese form of 莊周 folds to the same key
    ("香港", "홍콩", "customary"), ("澳门", "마카오", "customary"), ("人民日報", "인민일보", "sino-korean"),
])
def test_exceptions_come_first(hanzi: str, korean: str, rule: str) -> None:
    got = suggest(hanzi)
    assert (got.korean, got.rule) == (korean, rule)


@pytest.mark.parametrize(("hanzi", "korean"), [("广东省", "광둥성"), ("上海市", "상하이시"), ("北京大学", "베이징대학"),
                                               ("新疆维吾尔自治区", "신장웨이우얼자치구"),
                                               ("广西壮族自治区", "광시좡족자치구"),
                                               ("延边朝鲜族自治州", "옌볜차오셴족자치주")])
def test_administrative_suffix_in_sino_korean(hanzi: str, korean: str) -> None:
    assert suggest(hanzi).korean == korean


@pytest.mark.parametrize(("hanzi", "reading"), [
    ("欧阳修", "구양수"), ("人民日报", "인민일보"), ("人民日報", "인민일보"), ("李白", "이백"),
    ("乱数", "난수"), ("荘周", "장주"), ("恵施", "혜시"), ("欧尚", "구상"), ("机心", "기심"),
])
def test_sino_korean_reading(hanzi: str, reading: str) -> None:
    assert suggest(hanzi).sino_korean == reading


def test_user_exception_overrides_rules() -> None:
    lex = Lexicon()
    lex.add_name("步步高", "부부가오 그룹")
    assert suggest("步步高", lex).korean == "부부가오 그룹"
    assert suggest("步步高", lex).rule == "customary"


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("abc", "not Hanzi"), ("中a", "not Hanzi")])
def test_bad_input_reports_error(text: str, message: str) -> None:
    got = suggest(text)
    assert got.korean is None and message in got.error


def test_character_without_reading() -> None:
    got = suggest("\U0002a6d6")  # an Extension B character pypinyin does not know
    assert got.korean is None and "no reading" in got.error


@pytest.mark.parametrize(("korean", "hanzi"), [
    ("펭지엔전", "彭建真"), ("펑지엔젼", "彭建真"), ("왕쥔조우", "王俊洲"), ("씽성요우쉔", "兴盛优选"),
    ("도인", "抖音"), ("자오천잉", "赵振营"),
])
def test_check_variants(korean: str, hanzi: str) -> None:
    assert check(korean, hanzi).verdict == "variant"


def test_check_official_and_rejection() -> None:
    assert check("펑젠전", "彭建真").verdict == "official"
    assert check("왕쥔조우", "王填").verdict == "not-a-rendering"
    assert check("핀둬둬", "抖音").verdict == "not-a-rendering"
    assert check("봉황과기", "凤凰科技").verdict == "sino-korean"


def test_fast_path_agrees_with_pypinyin_phrases() -> None:
    from pypinyin import Style, lazy_pinyin

    from glossary.translit.pinyin import syllables

    for name in ["重庆银行", "长沙", "银行长", "彭建真", "绿地集团", "朝阳区", "行长"]:
        assert syllables(name) == lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)


@pytest.mark.parametrize(("written", "key"), [
    ("人民日報", "人民日报"), ("荘周", "庄周"), ("恵施", "惠施"), ("町田徹", "町田彻"), ("乱数", "乱数"),
    ("马芸", "马芸"), ("沪", "沪"), ("予", "予"), ("欠", "欠"),  # Chinese characters keep their identity
    ("沈思兰", "沈思兰"),  # simplified already: OpenCC's phrase 沈思 → 沉思 must not rename a person
    ("乾隆", "乾隆"), ("乾隆帝陵寢", "乾隆帝陵寝"),  # phrases still apply where something is traditional
])
def test_fold(written: str, key: str) -> None:
    from glossary.base.han import fold

    assert fold(written) == key


def test_surname_kept_against_a_phrase_reading() -> None:
    assert suggest("沈思兰").korean == "선쓰란"  # shěn, not the chén of 沈思 (沉思) 'deep thought'
    assert suggest("曾国藩").korean == "증국번"  # a pre-1911 person keeps the Sino-Korean reading


def test_exact_alignment_takes_a_persons_reading() -> None:
    from glossary.extraction.align import exact

    assert exact("쩡궈판", "曾国藩") is not None  # 曾 read zēng as a surname
    assert exact("청궈판", "曾国藩") is not None  # the everyday reading céng is a sound rendering too
    assert exact("쩌궈판", "曾国藩") is None


def test_single_word_tag_agrees_with_jieba() -> None:
    from glossary.translit import pinyin

    for word in ["北京", "步步高", "拼多多", "彭建真", "中国连锁经营协会", "人民日报", "曾经", "小"]:
        tags = pinyin.jieba_tags(word)
        assert pinyin.single_word_tag(word) == (tags[0][1] if len(tags) == 1 else None), word


runner = CliRunner()


def test_jsonl_in_input_order() -> None:
    result = runner.invoke(app, ["suggest", "彭建真", "欧阳修", "香港", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["hanzi"] for r in rows] == ["彭建真", "欧阳修", "香港"]
    assert [r["korean"] for r in rows] == ["펑젠전", "구양수", "홍콩"]
    assert [r["rule"] for r in rows] == ["table", "historical", "customary"]
    assert set(rows[0]) == {"hanzi", "pinyin", "korean", "sino_korean", "rule", "official", "official_rule",
                            "customary"}


def test_bad_items_do_not_stop_the_others() -> None:
    result = runner.invoke(app, ["suggest", "abc", "彭建真", "", "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    assert rows[1]["korean"] == "펑젠전"
    assert "not Hanzi" in rows[0]["error"] and "empty" in rows[2]["error"]
    assert "not Hanzi" in result.stderr


def test_all_bad_exits_non_zero() -> None:
    result = runner.invoke(app, ["suggest", "abc"])
    assert result.exit_code == 1


def test_check() -> None:
    result = runner.invoke(app, ["suggest", "--check", "펑지엔전", "彭建真", "왕쥔조우", "王填", "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["verdict"] for r in rows] == ["variant", "not-a-rendering"]
    assert rows[0]["official"] == "펑젠전"


def test_check_needs_pairs() -> None:
    result = runner.invoke(app, ["suggest", "--check", "펑지엔전"])
    assert result.exit_code == 2
    assert "pairs" in result.stderr


def test_user_exceptions_file(tmp_path) -> None:
    table = tmp_path / "mine.tsv"
    table.write_text("hanzi\tkorean\tkind\n步步高\t부부가오\tcustomary\n", encoding="utf-8")
    result = runner.invoke(app, ["suggest", "步步高", "--exceptions", str(table), "--format", "jsonl"])
    assert json.loads(result.stdout)["rule"] == "customary"
    bad = tmp_path / "bad.tsv"
    bad.write_text("foo\tbar\n1\t2\n", encoding="utf-8")
    result = runner.invoke(app, ["suggest", "步步高", "--exceptions", str(bad)])
    assert result.exit_code == 2 and "columns" in result.stderr


def test_person_flag_forces_or_forbids_the_surname_reading() -> None:
    forced = runner.invoke(app, ["suggest", "单位", "--person", "--format", "jsonl"])
    assert json.loads(forced.stdout)["korean"] == "산웨이"
    forbidden = runner.invoke(app, ["suggest", "单田芳", "--not-person", "--format", "jsonl"])
    assert json.loads(forbidden.stdout)["korean"] == "단톈팡"


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
