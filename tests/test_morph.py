"""The Korean analyzers behind one interface: particles after names."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import usage_error
from typer.testing import CliRunner

from glossary.base.errors import GlossaryError
from glossary.cli import app
from glossary.extraction.morph import get_analyzer, strip_particle


@pytest.mark.parametrize(("word", "stem"), [
    ("핀둬둬가", "핀둬둬"), ("베이징에서", "베이징"), ("알리바바로부터", "알리바바"), ("왕이", "왕이"),
    ("시진핑", "시진핑"), ("충칭시에서는", "충칭시"),
    # 으 opens the particle after a closing consonant: 것으로 is 것 + 으로, never a stem 것으 + 로
    ("것으로", "것"), ("곳으로서", "곳"), ("마윈으로", "마윈"), ("샤오미로", "샤오미"),
])
def test_rule_analyzer(word: str, stem: str) -> None:
    assert strip_particle(get_analyzer("rule"), word) == stem


def test_komoran_through_konlpy() -> None:
    komoran = get_analyzer("komoran")
    assert komoran.particle("기자는") == "는"
    assert komoran.particle("베이징에서") == "에서"
    assert komoran.particle("   ") == ""  # blank input is never sent to the JVM


@pytest.mark.skipif(importlib.util.find_spec("kiwipiepy") is None, reason="kiwipiepy not installed (optional)")
def test_kiwi() -> None:
    assert strip_particle(get_analyzer("kiwi"), "더우인은") == "더우인"


def test_unknown_analyzer() -> None:
    with pytest.raises(GlossaryError, match="unknown analyzer"):
        get_analyzer("mecab")
    result = CliRunner().invoke(app, ["extract", "x.txt", "--analyzer", "mecab"])
    assert "'mecab' is not one of 'rule', 'komoran', 'okt', 'kiwi'" in usage_error(result)


def test_extraction_with_komoran_strips_particles_after_hanzi_first_forms() -> None:
    from glossary.extraction.extract import extract_text

    (occ,) = extract_text("抖音·더우인은 인기다.", analyzer="komoran")
    assert occ.korean == "더우인"
