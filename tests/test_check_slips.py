"""The check finds a writer's slip of a name written without Hanzi — one vowel, one final, an aspirate off
(레이준 for 레이쥔, 리커찬 for 리커창, 리거창) — with or without a particle, with or without the glossary; and
leaves alone the ordinary words that happen to be near a name (선진 near 선전, 한전 near 한정, 장기 near
장지), a bare word, and a near name that the documents give with other Hanzi (another person)."""

from __future__ import annotations

import pytest
from test_check import approved_glossary

from glossary.check.checker import check
from glossary.check.fix import fix
from glossary.termbase.store import Store

FIRST = ("텐센트(腾讯)의 마화텅(马化腾) 회장과 샤오미(小米)의 레이쥔(雷军) 회장이 만났다.\n"
         "리커창(李克强) 총리와 한정(韩正) 부총리, 자오리젠(赵立坚) 대변인이 배석했다.\n"
         "선전(深圳)의 장지(张继) 교수도 참석했다.\n")

# (line, slip as written, expected spelling, its kind of slip)
SLIPS = [
    (1, "마화퉁은", "마화텅", "vowel, particle"),
    (2, "레이준 회장은", "레이쥔", "vowel, title"),
    (3, "리커찬 총리는", "리커창", "final, title"),
    (4, "자오리첸이", "자오리젠", "aspirate, particle"),
    (5, "리거창과", "리커창", "aspirate, particle"),
]
TRAPS = [
    "선진 기술은 선진국의 몫이라는 주장도 있었다.",  # 선진 near 선전 (深圳): a common noun
    "한전은 전기요금을 올렸다.",  # 한전 near 한정 (韩正): the power company, a proper noun of the dictionary
    "장기 계획은 장기간 논의됐다.",  # 장기 near 장지 (张继): a common noun
    "마화퉁 발언 이후 시장이 움직였다.",  # bare, no particle or title: too weak a sign
]


def _second(tmp_path):
    text = "".join(f"{slip} 발표 내용을 설명했다.\n" for _, slip, _, _ in SLIPS) + "\n".join(TRAPS) + "\n"
    doc = tmp_path / "second.txt"
    doc.write_text(text, encoding="utf-8")
    return doc


def _slips(findings, doc="second.txt"):
    return {(f.line, f.korean, f.expected, f.kind) for f in findings if f.doc == doc and f.severity != "info"}


@pytest.mark.parametrize("line, slip, expected, kind", SLIPS, ids=[s[3] for s in SLIPS])
def test_each_slip_is_found_without_the_glossary(tmp_path, line, slip, expected, kind) -> None:
    first = tmp_path / "first.txt"
    first.write_text(FIRST, encoding="utf-8")
    found = _slips(check([first, _second(tmp_path)]))
    assert (line, slip.split()[0].rstrip("은는이과"), expected, "inconsistent") in found


def test_slips_and_only_slips_with_and_without_the_glossary(tmp_path) -> None:
    """Precision and recall 1.0 on the slips and traps; the glossary changes the kind, not what is found."""
    first = tmp_path / "first.txt"
    first.write_text(FIRST, encoding="utf-8")
    second = _second(tmp_path)
    want = {(line, slip.split()[0][:len(expected)], expected) for line, slip, expected, _ in SLIPS}
    without = {(line, korean, exp) for line, korean, exp, _ in _slips(check([first, second]))}
    assert without == want
    db = approved_glossary(tmp_path, FIRST, {k: None for k in ("马化腾", "雷军", "李克强", "赵立坚", "韩正", "深圳",
                                                               "张继")})
    with Store(db) as store:
        alone = _slips(check([second], store))
    assert {(line, korean, exp) for line, korean, exp, _ in alone} == want
    assert {kind for *_, kind in alone} == {"not-approved"}


def test_a_near_name_the_documents_give_with_other_hanzi_is_another_person(tmp_path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("샤오미(小米)의 레이쥔(雷军) 회장과 배우 레이준(雷俊)이 만났다.\n레이준은 영화를 찍었다.\n",
                   encoding="utf-8")
    assert not [f for f in check([doc]) if f.severity == "error"]


def test_fix_corrects_a_slip_and_its_particle(tmp_path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("샤오미(小米)의 레이쥔(雷军) 회장이 말했다.\n"
                   "레이준과 리커창(李克强) 총리가 만났다. 리커찬은 웃었다.\n", encoding="utf-8")
    out = tmp_path / "fixed.txt"
    fix([doc], out)
    assert out.read_text(encoding="utf-8").splitlines()[1] == "레이쥔과 리커창(李克强) 총리가 만났다. 리커창은 웃었다."


def test_words_of_todays_usage_are_no_slips_but_foreign_places_in_variant_spelling_are(tmp_path) -> None:
    """리스 ('lease', in wordfreq's list) sounds like 리시 (李希) and 리더 is near 리더우; 텐진 for 톈진 is a
    variant spelling that JHannanum lists as a proper noun, which is no reason to pass it."""
    names = tmp_path / "names.txt"
    names.write_text("리시(李希) 서기와 톈진(天津) 시장, 시진핑(习近平) 주석이 만났다.\n", encoding="utf-8")
    text = tmp_path / "text.txt"
    text.write_text("리스는 끝났다. 리더는 말했다. 시간은 흘렀다.\n텐진은 크다. 시진평은 말했다.\n", encoding="utf-8")
    found = {(f.line, f.korean, f.expected) for f in check([names, text]) if f.doc == "text.txt"}
    assert found == {(2, "텐진", "톈진"), (2, "시진평", "시진핑")}


@pytest.mark.parametrize(("word", "target", "slip"), [
    ("레이준", "레이쥔", True),  # vowel
    ("리커찬", "리커창", True),  # final
    ("리거창", "리커창", True),  # aspirate
    ("쑨춘란", "쑨춘란", False),  # the same
    ("순춘란", "쑨춘란", True),  # tense
    ("이창", "리창", False),  # the initial-sound law: how Korean names are written (이창, a Korean person)
    ("리캉", "리창", False),  # ㅋ for ㅊ: another consonant
    ("추훙", "뤄훙", False),  # another syllable altogether
    ("레이줜", "레이쥔", True),  # vowel
    ("레준", "레이쥔", False),  # a syllable less
    ("마화툰", "마화텅", False),  # vowel and final both
])
def test_a_slip_is_one_vowel_final_or_aspirate_off(word: str, target: str, slip: bool) -> None:
    from glossary.check.rules import one_slip

    assert one_slip(word, target) is slip
