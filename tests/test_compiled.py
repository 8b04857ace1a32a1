"""The check's compiled word index (glossary/check/_vocab.c) and its Python fallback give the same results:
the index alone against match.py's token functions, a block scanner each way, and whole checks.

The install builds the index with the machine's C compiler (hatch_build.py); where it is not built, these
tests skip on a user's machine and fail in CI (KOZH_REQUIRE_TOOLS=1: .ci/run installs the compiler)."""

from __future__ import annotations

import json
import os
import random

import pytest
from conftest import EDITOR_ISSUE, SAMPLES

from glossary.check import match, search
from glossary.check.checker import check
from glossary.extraction.morph import get_analyzer
from glossary.translit import phonetic


@pytest.fixture()
def vocabulary():
    if match.Vocabulary is None:
        if os.environ.get("KOZH_REQUIRE_TOOLS") == "1":
            pytest.fail("the compiled word index is required here (KOZH_REQUIRE_TOOLS=1) but was not built")
        pytest.skip("the compiled word index was not built (no C compiler at install)")
    return match.Vocabulary


def _texts(seed: int, n: int) -> list[str]:
    """Texts of Hangul words, line breaks, CRLF, spaces, Latin, Hanzi, jamo, emoji (a 4-byte str), edges."""
    rng = random.Random(seed)
    syllables = "핀둬궈메이소매가나다는은이펭지엔전레쥔준"
    pieces = ["\n", "\r\n", " ", "  ", "(拼多多)", "TCL", "ㄱ", "😀", ".", "\t", "ᄀ", "\uac00", "\ud7a3", "\ud7a4"]
    out = ["", "\n", "가", "\n\n가나\n", "😀가나 다"]
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 60)):
            if rng.random() < 0.6:
                parts.append("".join(rng.choice(syllables) for _ in range(rng.randint(1, 5))))
            parts.append(rng.choice(pieces))
        out.append("".join(parts))
    return out


def test_the_index_reads_words_as_the_token_functions_do(vocabulary) -> None:
    """scan: the new words and the flagged ones, each once; locate and next_words: match's indexes."""
    index, seen, flagged = vocabulary(), set(), {}
    for i, text in enumerate(_texts(1, 300)):
        tokens = match.hangul_tokens(text)
        distinct = match.distinct_words(tokens)
        new, marked = index.scan(text)
        assert sorted(new) == sorted(distinct - seen) and len(new) == len(set(new))
        assert sorted(marked) == sorted(w for w in distinct & seen if w in flagged)
        seen |= distinct
        for word in list(distinct)[::3]:  # flag a third of them, for the next texts
            index.mark(word, 2)
            flagged[word] = True
        wanted = set(list(distinct)[::2]) | {"없는말"}
        assert index.locate(text, wanted) == match._locate_indexed(tokens, wanted)
        other = _texts(i, 1)[-1]  # a text not scanned last: located by reading it again
        assert index.locate(other, wanted) == match._locate_indexed(match.hangul_tokens(other), wanted)
        python = match.following(tokens, text)
        for t in range(0, len(tokens) + 1, 2):
            assert index.next_words(t, 3) == python(t, 3)
    assert len(index) == len(seen | {"없는말"})
    index.clear()
    assert len(index) == 0 and index.scan("가나 다")[0] == ["가나", "다"]
    with pytest.raises(ValueError):
        index.mark("TCL", 2)  # only Hangul words are tokens


def test_the_index_says_where_each_token_starts(vocabulary) -> None:
    """start(i): where token i of the last scanned text starts (a mention's column), as the Python
    fallback's spans say; an index past the text's tokens is an error, not a place in another text."""
    index = vocabulary()
    for text in _texts(3, 100):
        starts = [m.start() for m in match._TOKENS.finditer(text)]
        index.scan(text)
        assert [index.start(t) for t in range(len(starts))] == starts
        with pytest.raises(IndexError):
            index.start(len(starts))


def test_a_block_scanner_finds_the_same_either_way(vocabulary) -> None:
    """Known spellings (one word and several), variants by key and slips, across many blocks: the compiled
    reading and the Python one give the same hits in the same order."""
    spellings = {"핀둬둬": {"拼多多"}, "궈메이": {"国美"}, "궈메이 소매": {"国美零售"}, "소매 가나": {"X"},
                 "레이쥔": {"雷军"}, "TCL그룹": {"TCL集团"}}
    index = {phonetic.key("펑젠전"): "彭建真", phonetic.key("레이쥔"): "雷军"}
    near = {"레이쥔": "雷军", "펑젠전": "彭建真"}

    def scanner(compiled: bool) -> match.BlockScanner:
        m = match.Matcher(spellings)
        variants = match.VariantFinder(index, get_analyzer("rule"), near, m.forms)
        return match.BlockScanner(m, variants, by_sound=True, compiled=compiled)

    compiled, python = scanner(True), scanner(False)
    texts = [*_texts(2, 200), "궈메이\n\n소매는 레이준 회장, 펭지엔전은 궈메이 소매 가나다 핀둬둬가 TCL그룹"]
    for text in texts + texts:
        assert compiled.scan(text) == python.scan(text)
        relevant = "핀둬둬".__eq__
        assert compiled.scan(text, relevant) == python.scan(text, relevant)
    assert any(compiled.scan(text)[0] for text in texts) and any(compiled.scan(text)[1] for text in texts)


def test_a_check_gives_the_same_findings_either_way(vocabulary, monkeypatch) -> None:
    """The whole check over the samples and the editors' issue, with the compiled index and without."""
    docs = sorted(SAMPLES.glob("*.txt"))
    assert EDITOR_ISSUE in docs

    def report(kind: type) -> list[str]:
        search._RUNTIME.clear()  # a new scanner for each check
        found = [json.dumps(f.to_dict(), ensure_ascii=False) for f in check(docs)]
        (scanner, *_), = search._RUNTIME.values()
        assert isinstance(scanner._words, kind)
        return found

    compiled = report(match._CompiledWords)
    monkeypatch.setenv("KOZH_PURE_PYTHON", "1")
    assert report(match._PythonWords) == compiled and len(compiled) >= 10
    assert any('"inconsistent"' in line and "레이준" in line for line in compiled)


def test_an_install_without_a_compiler_goes_on_without_the_index(tmp_path) -> None:
    """Where the C compiler is missing, building the package still succeeds: a pure-Python wheel, and a
    line that says the check reads words in Python instead."""
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    if os.environ.get("KOZH_REQUIRE_TOOLS") != "1" and shutil.which("gcc") is None:
        pytest.skip("no compiler here: every install takes the Python path")
    env = {**os.environ, "CC": str(tmp_path / "no-such-cc"), "LDSHARED": str(tmp_path / "no-such-cc")}
    env.pop("KOZH_NO_COMPILE", None)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path / "wheel"),
                            str(ROOT)], env=env, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (tmp_path / "wheel").glob("*.whl")
    assert wheel.name.endswith("-py3-none-any.whl")
    assert "the compiled word index was not built" in built.stdout + built.stderr
