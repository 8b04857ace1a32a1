"""Names in Hanzi that are not Mandarin transliterations: Japanese names and places read in Japanese,
Korean persons and places in Hanja, Hong Kong names; entity types on news this project has not seen.
Every sentence here is written for these tests."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from glossary import api
from glossary.base.resources import read_table
from glossary.cli import app
from glossary.termbase.store import Store
from glossary.translit import japanese
from glossary.translit.suggest import suggest

runner = CliRunner()


def pairs(text: str) -> list[tuple]:
    return [(o.korean, o.hanzi, o.type, o.origin) for o in api.extract_text(text)]


@pytest.mark.parametrize(("reading", "hangul"), [(r["reading"], r["hangul"])
                                                 for r in read_table("japanese_hangul_vectors.tsv")])
def test_japanese_rules_of_the_official_spelling(reading: str, hangul: str) -> None:
    assert japanese.official_hangul(reading) == hangul


@pytest.mark.parametrize(("text", "expected"), [
    ("전 총리 아베 신조(安倍晋三)가 연설했다.", ("아베 신조", "安倍晋三", "PERSON", "ja")),
    ("도요다 아키오(豊田章男) 회장이 신차를 소개했다.", ("도요다 아키오", "豊田章男", "PERSON", "ja")),
    ("기시다 후미오(岸田文雄) 총리가 방한했다.", ("기시다 후미오", "岸田文雄", "PERSON", "ja")),
    ("회의는 도쿄(東京)에서 열린다.", ("도쿄", "東京", "PLACE", "ja")),
    ("오사카(大阪)의 엑스포 준비가 늦다.", ("오사카", "大阪", "PLACE", "ja")),
    ("홋카이도(北海道)에 눈이 내렸다.", ("홋카이도", "北海道", "PLACE", "ja")),
])
def test_japanese_names_and_places_come_out_whole(text: str, expected: tuple) -> None:
    assert pairs(text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("북한의 김정은(金正恩) 국무위원장이 연설했다.", ("김정은", "金正恩", "PERSON", "ko")),
    ("김정은(金正恩) 국무위원장이 연설했다.", ("김정은", "金正恩", "PERSON", "ko")),  # a title of today
    ("조선의 이순신(李舜臣) 장군은 수군을 이끌었다.", ("이순신", "李舜臣", "PERSON", "ko")),
    ("대표단이 평양(平壤)에 도착했다.", ("평양", "平壤", "PLACE", "ko")),
    ("송나라 문인 소식(蘇軾)은 시를 남겼다.", ("소식", "蘇軾", "PERSON", "zh")),  # a Chinese before 1911
])
def test_korean_persons_and_places_in_hanja(text: str, expected: tuple) -> None:
    assert pairs(text) == [expected]


def test_no_japanese_or_korean_entry_has_a_mandarin_official_spelling(tmp_path) -> None:
    doc = tmp_path / "east-asia.txt"
    doc.write_text("아베 신조(安倍晋三) 전 총리와 토요타 아키오(豊田章男) 회장이 만났다. 도쿄(東京)에서다.\n"
                   "북한의 김정은(金正恩) 국무위원장은 평양(平壤)에 있었다. 김정은(金正恩)이 말했다.\n"
                   "소식(蘇軾)의 시를 읽었다. 시진핑(習近平) 주석도 왔다.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    assert not api.build([doc], db).failed
    with Store(db) as store:
        entries = {e["key"]: e for e in store.entries()}
    assert entries["安倍晋三"]["origin"] == "ja" and entries["安倍晋三"]["official"] == "아베 신조"
    assert entries["豊田章男"]["official"] == "도요다 아키오"  # the rules, not the writer's 토요타
    assert entries["东京"]["official"] == "도쿄" and entries["东京"]["rule"] == "japanese"
    assert (entries["金正恩"]["origin"], entries["金正恩"]["official"], entries["金正恩"]["rule"]) == (
        "ko", "김정은", "korean")
    assert entries["平壤"]["origin"] == "ko" and entries["平壤"]["official"] == "평양"
    assert entries["苏轼"]["official"] == "소식"  # Sino-Korean either way, never 쑤스
    assert entries["习近平"]["official"] == "시진핑"  # Mandarin stays Mandarin
    for e in entries.values():
        if e["origin"] in ("ja", "ko") and e["official"]:
            assert e["rule"] in ("japanese", "korean"), e


def test_suggest_with_an_origin() -> None:
    assert suggest("安倍晋三", origin="ja").korean == "아베 신조"
    assert suggest("広島").rule == "japanese"  # a Japanese-only form says ja on its own
    assert suggest("荘周").korean == "장주"  # unless the lexicon knows the name (a Chinese before 1911)
    assert suggest("金正恩", origin="ko").korean == "김정은"
    result = runner.invoke(app, ["suggest", "豊田章男", "--origin", "ja", "--format", "jsonl"])
    row = json.loads(result.stdout)
    assert (row["korean"], row["rule"], row["pinyin"]) == ("도요다 아키오", "japanese", "トヨダ アキオ")
    assert runner.invoke(app, ["suggest", "北京", "--origin", "fr"]).exit_code == 2


def test_hong_kong_names_align_by_their_cantonese_sound() -> None:
    from glossary.extraction.align import align

    for korean, hanzi in (("창얌쿤", "曾蔭權"), ("람쳉윳오", "林鄭月娥"), ("호훙산", "何鴻燊")):
        a = align(korean, hanzi)
        assert "cantonese" in a.hows and a.hanzi_cover == a.korean_cover == 1.0 and a.score >= 0.6, (korean, a)
    assert "cantonese" not in align("자오천잉", "赵振营").hows  # a misspelt Mandarin name stays one
    assert pairs("홍콩 재벌 창얌쿤(曾蔭權)이 왔다.")[0][:2] == ("창얌쿤", "曾蔭權")


def test_a_bracket_that_gives_a_name_two_ways_gives_two_pairs(tmp_path) -> None:
    assert pairs("영화에는 저우싱츠(周星驰 주성치)가 출연했다.") == [
        ("저우싱츠", "周星驰", "PERSON", "zh"), ("주성치", "周星驰", "PERSON", "zh")]
    doc = tmp_path / "film.txt"
    doc.write_text("영화에는 저우싱츠(周星驰 주성치)가 출연했다.\n", encoding="utf-8")
    db = tmp_path / "g.db"
    api.build([doc], db)
    with Store(db) as store:
        forms = {o["korean"] for o in store.occurrences(["周星驰"])}
        entry = store.entry("周星驰")
    assert forms == {"저우싱츠", "주성치"}  # both kept (they are two occurrences, not one overwriting the other)
    # the official spelling by the rules, the film star's customary form beside it (never in its place)
    assert (entry["official"], entry["rule"], entry["customary"]) == ("저우싱츠", "table", "주성치 (PRESS)")


@pytest.mark.parametrize(("text", "expected"), [
    ("영화 《长津湖 장진호》가 흥행했다.", ("장진호", "长津湖", "WORK")),  # title marks round a Hanzi-first name
    ("《장진호》(长津湖)가 흥행했다.", ("장진호", "长津湖", "WORK")),  # …and round the Korean
    ("나고야(名古屋)에서 회의가 열렸다.", ("나고야", "名古屋", "PLACE")),  # a Japanese city
    ("미쉐빙청(蜜雪冰城)이 홍콩 증시에 상장했다.", ("미쉐빙청", "蜜雪冰城", "ORG")),  # 城, yet a company
    ("지리(吉利)가 볼보를 사들였다.", ("지리", "吉利", "ORG")),  # a carmaker, not a place
    ("신해년(辛亥年)에 혁명이 일어났다.", ("신해년", "辛亥年", "OTHER")),  # a date of the sexagenary cycle
    ("광서(光緒) 연간에 지어진 절이다.", ("광서", "光緒", "OTHER")),  # the era, not the emperor
    ("일대일로(一带一路) 정책이 계속된다.", ("일대일로", "一带一路", "OTHER")),  # a policy, though 路 ends it
    ("A주(A股) 시장이 반등했다.", ("A주", "A股", "OTHER")),  # Hangul with a capital, 시장 no 시
    ("36커(36氪)가 보도했다.", ("36커", "36氪", "MEDIA")),  # digits first
    ("주링허우(90后) 세대가 소비를 이끈다.", ("주링허우", "90后", "OTHER")),  # digits read out in Mandarin
    ("메이퇀 창업자왕싱(王兴)은 말했다.", ("왕싱", "王兴", "PERSON")),  # a title glued to the name
    ("베이징바이두소프트웨어기술유한공사(北京百度软件技术有限公司)가 세워졌다.",
     ("베이징바이두소프트웨어기술유한공사", "北京百度软件技术有限公司", "ORG")),  # translated parts
])
def test_types_and_forms_of_unseen_news(text: str, expected: tuple) -> None:
    assert [p[:3] for p in pairs(text)] == [expected]
