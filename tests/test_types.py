"""Types and origins by evidence that generalizes: the project's own labelled pairs (data/gold/types.tsv)
with a held-out split, the fitted weights, and each new kind of evidence on sentences of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary import api
from glossary.extraction import classify
from glossary.translit.japanese import name_kind

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from eval_types import held_out, predict, rows, score  # noqa: E402


def _one(text: str, hanzi: str) -> tuple[str, str]:
    occ = next(o for o in api.extract_text(text) if o.hanzi == hanzi)
    return occ.type, occ.origin


def test_the_labelled_pairs_are_many_kinds_and_split_by_name() -> None:
    gold = rows()
    assert len(gold) >= 300
    assert {g["type"] for g in gold} == set(classify.TYPES)
    assert {g["origin"] for g in gold} == {"zh", "ja", "ko"}
    out = [g for g in gold if held_out(g["hanzi"])]
    assert 0.25 < len(out) / len(gold) < 0.45
    assert not {g["hanzi"] for g in out} & {g["hanzi"] for g in gold if not held_out(g["hanzi"])}


def test_held_out_types_and_origins() -> None:
    """Measured on names the weights were never fitted on (before this evidence: type 0.795, origin 0.857)."""
    s = score([(g, predict(g)) for g in rows() if held_out(g["hanzi"])])
    assert s["found"] >= s["rows"] - 1
    assert s["type_accuracy"] >= 0.92 and s["origin_accuracy"] >= 0.93, s


def test_the_weights_in_the_toml_are_the_fitted_ones(shared) -> None:
    """type_votes.toml holds what scripts/fit_type_weights.py chooses: a refit changes nothing."""
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "fit_type_weights.py")], capture_output=True,
                         text=True, check=True).stdout
    before, after = [line for line in out.splitlines() if line.startswith(("before", "after"))]
    assert before.split(":", 1)[1].strip() == after.split(":", 1)[1].strip() and "→" not in out


@pytest.mark.parametrize("hanzi,kind", [("関白", "COMMON"), ("幕府", "COMMON"), ("神奈川県", "PLACE"),
                                        ("箱根町", "PLACE"), ("安倍晋三", "PERSON"), ("藪", None)])
def test_the_japanese_dictionary_tells_ranks_and_places_from_persons(hanzi, kind) -> None:
    assert name_kind(hanzi) == kind


def test_japanese_ranks_and_places_are_not_persons() -> None:
    assert _one("그는 간파쿠(関白)에 올랐다.", "関白") == ("OTHER", "ja")
    assert _one("가나가와현(神奈川県)의 공장이 문을 닫았다.", "神奈川県") == ("PLACE", "ja")


def test_a_name_read_in_sino_korean_is_korean_unless_the_document_speaks_of_chinas_past() -> None:
    assert _one("정약용(丁若鏞)은 유배지에서 많은 책을 썼다.", "丁若鏞") == ("PERSON", "ko")
    tang = "이백(李白)은 당나라의 시인이다. 두보(杜甫)는 이백과 함께 이두(李杜)로 불린다."
    assert _one(tang, "李杜") == ("PERSON", "zh")
    assert _one("하동군(河東郡)의 녹차가 유명하다.", "河東郡") == ("PLACE", "ko")  # a Korean place's ending
    assert _one("만리장성(萬里長城)은 당나라 이전에 쌓였다.", "萬里長城")[1] == "zh"


def test_dynasties_are_states_and_terms_read_in_sino_korean_are_terms() -> None:
    assert _one("당(唐)의 수도 장안은 국제 도시였다.", "唐") == ("PLACE", "zh")
    assert _one("고려(高麗)는 몽골의 침입을 받았다.", "高麗") == ("PLACE", "ko")
    assert _one("정부는 신질생산력(新质生产力)을 강조했다.", "新质生产力")[0] == "OTHER"


def test_confidence_is_low_without_evidence_and_high_with_it() -> None:
    nothing = classify.confidence({}, 1)
    titled = classify.confidence({("PERSON", "title_after_person"): 1.0, ("PERSON", "person_looking"): 1.0}, 1)
    assert nothing < 0.3 < 0.7 < titled


SURE_AND_NOT = "레이쥔(雷军) 회장이 말했다. 네이쥐안(内卷)이 퍼졌다.\n"


def test_the_sheet_shows_how_sure_each_type_is_and_shades_the_unsure(tmp_path) -> None:
    import openpyxl

    doc = tmp_path / "a.txt"
    doc.write_text(SURE_AND_NOT, encoding="utf-8")
    db, sheet = tmp_path / "g.db", tmp_path / "s.xlsx"
    api.build([doc], db)
    with api.Store(db) as store:
        api.export_xlsx(store, sheet)
    ws = openpyxl.load_workbook(sheet)["Entries"]
    head = [c.value for c in ws[1]]
    col = head.index("Type sure")
    sure = {row[head.index("Key (do not edit)")].value: row[col].value for row in ws.iter_rows(min_row=2)}
    assert sure["雷军"] > 0.7 > 0.5 > sure["内卷"]
    letter = openpyxl.utils.get_column_letter(col + 1)
    rules = [(str(r.sqref), rule.formula[0]) for r in ws.conditional_formatting for rule in r.rules]
    assert any(f"${letter}2<0.5" in formula and ref.startswith(openpyxl.utils.get_column_letter(
        head.index("Type") + 1)) for ref, formula in rules)
    with api.Store(db) as store, store.transaction():
        store.set_reviewed("内卷", "type", "OTHER", "test")
    reviewed = next(r for r in api.records(api.frames(api.Store(db))["entries"]) if r["key"] == "内卷")
    assert reviewed["type_confidence"] is None  # a reviewer's type needs no confidence


def test_show_names_the_type_confidence_and_the_evidence_of_the_origin(tmp_path) -> None:
    from typer.testing import CliRunner

    from glossary.cli import app

    doc = tmp_path / "a.txt"
    doc.write_text("정약용(丁若鏞)은 책을 썼다. 가나가와현(神奈川県)의 공장이 문을 닫았다.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    api.build([doc], db)
    out = CliRunner().invoke(app, ["show", "丁若鏞", "神奈川県", "--db", str(db)]).stdout
    assert "origin ko: the Korean is the Sino-Korean reading" in out
    assert "origin ja: written with Japanese forms (県); the Korean follows the Japanese reading" in out
    assert "type PLACE: 0.9" in out


def test_a_glossary_without_confidences_migrates_and_shows_none(tmp_path) -> None:
    from test_spellings import _doc, old_glossary

    db = tmp_path / "old.db"
    old_glossary(db, _doc(tmp_path, "a.txt", "배우 장국영(张国荣)이 왔다.\n"))
    with api.Store(db) as store:
        api.refresh_dirty(store)
        assert store.entry("张国荣")["type_confidence"] is None and store.entry("张国荣")["status"] == "approved"


FILM = ("중국 제5세대를 대표하는 장예모(張藝謀) 감독의 신작이 베이징에서 공개됐다. 그는 문화대혁명을 다시 다뤘다.\n"
        "주연은 공리(鞏俐)가 맡았다. 장예모(張藝謀) 감독은 상하이 영화제에도 초청됐다.\n")
KOREA = "김대중(金大中) 전 대통령은 1998년 취임해 외환 위기 극복에 나섰다. 한국 현대사에서 그는 민주화의 상징이다.\n"


def test_a_chinese_director_read_in_sino_korean_is_chinese_a_korean_president_korean() -> None:
    film = [o for o in api.extract_text(FILM) if o.hanzi == "張藝謀"]
    assert len(film) == 2 and {(o.type, o.origin) for o in film} == {("PERSON", "zh")}  # one origin per document
    assert _one(KOREA, "金大中") == ("PERSON", "ko")


def test_the_spelling_follows_the_origin_official_mandarin_customary_the_documents(tmp_path) -> None:
    from typer.testing import CliRunner

    from glossary.cli import app

    doc = tmp_path / "film.txt"
    doc.write_text(FILM, encoding="utf-8")
    korea = tmp_path / "korea.txt"
    korea.write_text(KOREA, encoding="utf-8")
    db = tmp_path / "g.db"
    api.build([doc, korea], db)
    with api.Store(db) as store:
        zhang, kim = store.entry("张艺谋"), store.entry("金大中")
    assert (zhang["origin"], zhang["official"], zhang["customary"]) == ("zh", "장이머우", "장예모 (documents)")
    assert (kim["origin"], kim["official"]) == ("ko", "김대중")
    out = CliRunner().invoke(app, ["show", "張藝謀", "--db", str(db)]).stdout
    assert "official 장이머우" in out and "customary 장예모 (documents)" in out
    assert "its first sentence: 중국 (today, country)" in out  # why: the words that speak for China today
    for style, expected in (("customary", "장예모"), ("official", "장이머우")):
        exported = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--style", style]).stdout
        row = next(json.loads(line) for line in exported.splitlines() if '"张艺谋"' in line)
        assert row["korean"] == expected, style
    # the check takes both spellings for correct: the document's form, and the official one elsewhere
    assert CliRunner().invoke(app, ["check", str(doc), "--format", "jsonl"]).stdout.strip() == ""
    official = tmp_path / "official.txt"
    official.write_text("중국 영화계에서 장이머우(張藝謀) 감독의 신작이 화제다.\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["check", str(official), "--format", "jsonl"]).stdout.strip() == ""


def _built(tmp_path, text: str):
    """A document with ``text`` and a glossary built from it."""
    doc = tmp_path / "a.txt"
    doc.write_text(text, encoding="utf-8")
    db = tmp_path / "g.db"
    api.build([doc], db)
    return doc, db


def test_a_chinese_of_the_past_read_in_sino_korean_keeps_the_reading(tmp_path) -> None:
    _, db = _built(tmp_path, "두보(杜甫)는 이백과 함께 이두(李杜)로 불린다. "
                             "당나라 시인 여몽정(呂蒙正)은 재상이 되었다.\n")
    with api.Store(db) as store:
        assert store.entry("李杜")["official"] == "이두"  # beside 杜甫, a person of before 1911
        assert store.entry("吕蒙正")["official"] == "여몽정"  # its sentence names a dynasty


def test_a_person_of_the_classical_lists_keeps_the_reading_where_nothing_says_today(tmp_path) -> None:
    # 董卓's own sentence names no dynasty; the classical persons' list (known_names.tsv) says he is of the past
    _, db = _built(tmp_path, "후한 말 원소(袁紹)는 하북을 차지했다. 동탁(董卓)이 낙양을 장악했다.\n")
    with api.Store(db) as store:
        assert store.entry("董卓")["official"] == "동탁"
        assert store.entry("袁绍")["official"] == "원소"
    # a listed name in a sentence of today is spelled as a Chinese of today is (孙坚 the hotelier: 쑨젠)
    _, db = _built(tmp_path, "중국 베이징의 호텔그룹 총경리 손견(孙坚)은 올해 실적을 발표했다.\n")
    with api.Store(db) as store:
        assert store.entry("孙坚")["official"] == "쑨젠"


@pytest.mark.parametrize("text,hanzi,expected", [
    ("1988년 영화 '붉은 수수밭'(紅高粱)은 베를린에서 상을 받았다.", "紅高粱", ("WORK", "zh")),
    ("중국 감독의 '산하고인'(山河故人, 2015년)이 개봉했다.", "山河故人", ("WORK", "zh")),
    ("중국 생수 1위 농푸산취안(农夫山泉) 생수가 값을 내렸다.", "农夫山泉", ("ORG", "zh")),
    ("상하이 푸둥(浦东)신구에 새 공장이 섰다.", "浦东", ("PLACE", "zh")),
    ("아이치현의 도요타시(豊田市)에 본사가 있다.", "豊田市", ("PLACE", "ja")),
    ("홍콩 몽콕(旺角)의 야시장은 붐볐다.", "旺角", ("PLACE", "zh")),
    ("일본은 레이와(令和) 시대에 들어섰다.", "令和", ("OTHER", "ja")),
    ("촉한의 승상 제갈량은 자는 공명(孔明)이다.", "孔明", ("PERSON", "zh")),
    ("'수호전'(水滸傳)의 무대는 양산박이다.", "水滸傳", ("WORK", "zh")),
    # the document's evidence is read from every line, not only the lines with names
    ("[인터뷰] 배우 손려(孫儷)가 신작을 소개했다.\n촬영은 베이징과 상하이에서 이어졌다.", "孫儷", ("PERSON", "zh")),
    # a person of the stories whose reading is a Korean word (元素 원소), in a sentence of the past
    ("후한 말 원소(袁紹)는 하북을 차지한 군벌이었다.", "袁紹", ("PERSON", "zh")),
    # a division's name without its suffix, and a classical place
    ("대만 남부의 가오슝(高雄)에 새 공장이 들어선다.", "高雄", ("PLACE", "zh")),
    ("제갈량은 오장원(五丈原)에서 숨을 거두었다.", "五丈原", ("PLACE", "zh")),
    # a Korean business group in Hanja, and a Korean county read in Sino-Korean
    ("우리 재계 1위 삼성(三星)은 반도체 투자를 늘렸다.", "三星", ("ORG", "ko")),
    ("다산은 전라도 강진(康津)에서 유배 생활을 했다.", "康津", ("PLACE", "ko")),
    # a Korean word in Korean Hanja among Japanese names stays Korean; 연호는 is not 호는
    ("아베 신조(安倍晋三) 전 총리와 기시다 후미오(岸田文雄) 총리는 개헌(改憲)을 말했다. "
     "스가 요시히데(菅義偉)도 같았다.", "改憲", ("OTHER", "ko")),
    ("일본의 연호는 다이쇼(大正)에서 쇼와로 바뀌었다.", "大正", ("OTHER", "ja")),
    # Japanese forms stay Japanese in a text about Japan, not in one about Confucius
    ("메이지 정부는 폐번치현(廃藩置県)으로 번을 없앴다.", "廃藩置県", ("PLACE", "ja")),
    ("공자가 가장 아낀 제자는 노나라의 안회(顔回)였다. '논어'에 그 이야기가 있다.", "顔回", ("PERSON", "zh")),
    # a title ending in a classical genre; a genre after one character is a given name
    ("백거이는 '장한가'(長恨歌)에서 현종을 그렸다.", "長恨歌", ("WORK", "zh")),
    ("중국 배우 호가(胡歌)가 주연을 맡았다.", "胡歌", ("PERSON", "zh")),
])
def test_types_from_the_words_around_a_name_and_the_lists(text, hanzi, expected) -> None:
    assert _one(text, hanzi) == expected


def test_the_development_documents_are_split_and_their_held_out_part_scores() -> None:
    """Documents in the forms Korean media write; the held-out part is never fitted on (before the
    weighed origins and the words around a name: type 0.712, origin 0.699)."""
    from eval_types import documents

    docs = documents()
    assert {"fit", "held-out"} <= {d["part"] for d in docs}
    s = _held_out_score(docs, at_least=60)
    assert s["type_accuracy"] >= 0.8 and s["origin_accuracy"] >= 0.9, s


def _held_out_score(docs: list[dict], at_least: int) -> dict:
    """The score of the held-out documents' pairs, every pair found, with an honest confidence: the wrong
    types mostly below 0.5, the right ones mostly above."""
    from eval_types import predict_document

    held = [x for d in docs if d["part"] == "held-out" for x in predict_document(d)]
    assert len(held) >= at_least
    s = score(held)
    assert s["found"] == s["rows"]
    assert s["wrong_below_half"] > 0.5 > s["right_below_half"], s
    return s


def test_a_dictionary_word_as_written_is_never_a_slip_of_a_new_entry(tmp_path) -> None:
    """명보(明報) of Hong Kong is an entry now; 명나라 (the Ming dynasty, 명나 + 라) is no slip of it."""
    from typer.testing import CliRunner

    from glossary.cli import app

    doc, db = _built(tmp_path, "홍콩의 명보(明報)는 사설에서 정부를 비판했다. "
                               "베이징의 자금성(紫禁城)은 명나라 때 지어졌다.\n")
    with api.Store(db) as store:
        assert store.entry("明报")["origin"] == "zh"
    found = CliRunner().invoke(app, ["check", str(doc), "--db", str(db), "--format", "jsonl"]).stdout
    assert "명나" not in found




def test_a_korean_word_stays_a_word_beside_a_sentence_of_the_past() -> None:
    """The person-of-the-past evidence needs the name's own sentence to speak of the past: 시정(施政) 방침
    after a sentence on 소식(蘇軾) is the Korean word."""
    assert _one("송나라 문인 소식(蘇軾)의 시가 실렸다. 정부는 시정(施政) 방침을 발표했다.", "施政") == ("OTHER", "ko")


def test_the_real_looking_documents_held_out_part_scores() -> None:
    """The second development set (real_documents.txt), split before the classifier changed for it; its
    held-out part is never fitted on (before: type 0.811, origin 0.865; wrong types below 0.5: 0.76)."""
    from eval_types import REAL, REAL_PARTS, documents

    docs = documents(REAL, REAL_PARTS)
    assert {d["part"] for d in docs} == set(REAL_PARTS)
    s = _held_out_score(docs, at_least=100)
    assert s["type_accuracy"] >= 0.9 and s["origin_accuracy"] >= 0.95, s


def test_the_chinese_places_table_holds_divisions_without_their_suffix() -> None:
    places = classify.chinese_places()
    assert {"合肥", "桂林", "义乌", "高雄", "新竹", "大理"} <= places
    assert not {"鼓楼", "城区", "和平区"} & places  # urban districts are left out
    assert all(len(p) >= 2 for p in places)


def test_the_documents_evidence_counts_each_kind_once_a_sentence_up_to_a_limit() -> None:
    text = "중국 베이징에서 열렸다. 상하이도 중국이다.\n홍콩 이야기.\n" + "한국 서울의 이야기.\n" * 3
    cues = classify.text_cues(text)
    assert cues[("today", "country")] == 2 and cues[("today", "place")] == 3  # 베이징 and 상하이 are one kind
    assert cues[("ko", "country")] == 3
    assert sum(classify.text_cues(text * 200).values()) == classify.DOCUMENT_CUES
