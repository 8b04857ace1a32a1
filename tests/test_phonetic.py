"""The phonetic key: variants of one name close, different names far."""

from __future__ import annotations

import pytest

from glossary.translit.phonetic import distance, key

SAME = [("씽", "싱"), ("쑨", "순"), ("까오", "가오"), ("지엔", "젠"), ("시아오", "샤오"), ("도인", "더우인"),
        ("동", "둥"), ("요우", "유"), ("휘", "후이"), ("쉔", "쉬안"), ("셩", "성"), ("젼", "전"),
        ("펭지엔전", "펑젠전"), ("오우샹", "어우상"), ("티엔", "톈"), ("위에", "웨")]
DIFFERENT = [("핀둬둬", "더우인"), ("왕쥔조우", "왕톈"), ("마이그룹", "핑안굿닥터"), ("베이징", "상하이")]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert key(a) == key(b)
    assert distance(a, b) == 0.0


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_are_far(a: str, b: str) -> None:
    assert distance(a, b) >= 0.45


def test_near_but_not_same() -> None:
    assert 0 < distance("자오천잉", "자오전잉") < 0.2


def test_empty_is_far() -> None:
    assert distance("", "펑젠전") == 1.0


def test_the_consonant_skeleton_of_a_key_is_the_syllables_own() -> None:
    """The check skips words whose skeleton no key has before computing their keys: that is only sound if
    the rewrite rules never change a consonant letter, for every spelling the tables know and their variants."""
    from glossary.base.resources import read_table
    from glossary.translit.phonetic import consonants, key, syllable_consonants

    words = {r[c] for r in read_table("pinyin_hangul_vectors.tsv") for c in r if r[c] and "가" <= r[c][0] <= "힣"}
    words |= {"펭지엔전", "시아오미", "쇼우", "어우양", "티엔", "요우", "쉬안", "도인", "젼", "셩", "레이준", "린휘샤"}
    assert len(words) > 100
    for w in words:
        assert consonants(key(w)) == "".join(syllable_consonants(c) for c in w), w
