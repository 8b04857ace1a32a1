"""The official pinyin → Hangul table, checked against the vectors that stand beside it."""

from __future__ import annotations

import pytest

from glossary.base.resources import read_table
from glossary.translit.pinyin_hangul import parse, syllables_to_hangul, to_hangul

VECTORS = [(r["pinyin"], r["hangul"]) for r in read_table("pinyin_hangul_vectors.tsv")]


@pytest.mark.parametrize(("syllable", "expected"), VECTORS)
def test_vector(syllable: str, expected: str) -> None:
    assert to_hangul(syllable) == expected


def test_vectors_cover_every_initial_and_final() -> None:
    initials = {r["initial"] for r in read_table("pinyin_initials.tsv")}
    finals = {r["final"] for r in read_table("pinyin_finals.tsv")} - {"m", "n", "ng"}  # interjections
    seen_i, seen_f = set(), set()
    for syllable, _ in VECTORS:
        initial, final = parse(syllable)
        seen_i.add(initial)
        seen_f.add(final)
    assert initials <= seen_i
    assert finals <= seen_f


@pytest.mark.parametrize("spelling", ["Zhōng", "zhong1", "ZHONG"])
def test_tone_marks_digits_and_case_are_ignored(spelling: str) -> None:
    assert to_hangul(spelling) == "중"


@pytest.mark.parametrize("spelling", ["nǚ", "nü", "nv", "nu:"])
def test_u_umlaut_spellings(spelling: str) -> None:
    assert to_hangul(spelling) == "뉘"


@pytest.mark.parametrize("bad", ["xyz", "", "qa", "bü", "hello"])
def test_not_pinyin(bad: str) -> None:
    assert to_hangul(bad) is None


def test_joined_syllables() -> None:
    assert syllables_to_hangul(["xing", "sheng", "you", "xuan"]) == "싱성유쉬안"
    assert syllables_to_hangul(["xing", "qq"]) is None
