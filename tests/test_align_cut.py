"""The aligner computes only the end of a window, and reuses it across sentences: the alignments must be the
ones of the whole programme over the whole window, start by start.

The reference here is the programme as it was written before it was cut: every cell of the window, every
matcher at every cell, one table. It is compared with the aligner on the windows the extraction meets in the
seed newsletter and the bundled samples (and a few written for the rarer options: capitals a term renders,
Japanese and Hong Kong names): every start alike, computed fresh, computed after another sentence cached the
same name, and the bound the boundary stops on never below a start it skips.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.base.han import fold, han_only
from glossary.base.hangul import is_syllable
from glossary.extraction import align
from glossary.extraction.boundary import _syllables
from glossary.extraction.candidates import find_candidates
from glossary.extraction.extract import extract_text
from glossary.translit import cantonese, japanese
from glossary.translit.lexicon import default_lexicon

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))
WRITTEN = [  # (Korean window, Hanzi): the rarer options and shapes
    ("보도에따르면중국중앙TV", "中央电视台"),
    ("일본총리인아베신조", "安倍晋三"),
    ("홍콩재벌리카싱", "李嘉誠"),
    ("지난해마윈알리바바그룹", "阿里巴巴集团"),
    ("것으로알려진린레이레이연구원", "蔺蕾磊"),
    ("", "中国"),
    ("기자", "拼多多"),
]


def _reference(korean: str, hanzi: str) -> list[align.Alignment]:
    """The uncut programme: all starts of the window, each cell weighing every matcher."""
    lex = default_lexicon()
    n_h, n_k = len(hanzi), len(korean)
    key = fold(hanzi)
    if len(key) != n_h:
        key = hanzi
    ends = align._hangul_ends(korean)
    best = [[float("-inf")] * (n_k + 1) for _ in range(n_h + 1)]
    back: list[list] = [[None] * (n_k + 1) for _ in range(n_h + 1)]
    for j in range(n_k, -1, -1):
        best[n_h][j] = -align.UNEXPLAINED_PENALTY * (n_k - j)
    for i in range(n_h - 1, -1, -1):
        best[i][n_k] = 0.0
        for j in range(n_k - 1, -1, -1):
            value, choice = best[i + 1][j], ("skip_h",)
            if best[i][j + 1] - align.UNEXPLAINED_PENALTY > value:
                value, choice = best[i][j + 1] - align.UNEXPLAINED_PENALTY, ("skip_k",)
            syl = korean[: ends[j]]
            options = []
            if j < len(syl) and korean[j] in align._sino_syllables(hanzi[i]):
                options.append((1, 1, 1.0, "reading"))
            for length in (1, 2, 3):
                if j + length <= len(syl):
                    sim = align._sound_similarity(hanzi[i], korean[j : j + length])
                    if sim >= align.MIN_SOUND_SIMILARITY:
                        options.append((1, length, sim, "sound"))
            options += [(dh, dk, q, "japanese") for (dh, dk), q in japanese.matches(hanzi, i, syl, j)]
            options += [(dh, dk, q, "japanese") for (dh, dk), q in japanese.word_matches(hanzi, i, syl, j)]
            options += [(dh, dk, q, "cantonese") for (dh, dk), q in cantonese.matches(hanzi, i, syl, j)]
            for m in range(min(lex.max_term_len, n_h - i), 0, -1):
                options += [(m, len(f), float(m), "term") for f in lex.renderings(key[i : i + m])
                            if korean.startswith(f, j)]
            for dh, dk, q, how in options:
                if q + best[i + dh][j + dk] > value + 1e-9:
                    value, choice = q + best[i + dh][j + dk], (dh, dk, how)
            best[i][j], back[i][j] = value, choice
    out = []
    for s in range(n_k + 1):
        i, j, parts, rh, rk = 0, s, [], 0, 0
        while i < n_h and j < n_k:
            c = back[i][j]
            if c[0] == "skip_h":
                i += 1
            elif c[0] == "skip_k":
                j += 1
            else:
                parts.append((hanzi[i : i + c[0]], korean[j : j + c[1]], c[2]))
                rh, rk, i, j = rh + c[0], rk + c[1], i + c[0], j + c[1]
        score = max(0.0, best[0][s]) / n_h
        out.append(align.Alignment(min(score, 1.0), rh / n_h, rk / (n_k - s) if n_k > s else 0.0, parts))
    return out


def _windows(texts: list[str]) -> list[tuple[str, str]]:
    seen, out = set(), list(WRITTEN)
    for text in texts:
        for cand in find_candidates(text):
            hanzi = han_only(cand.hanzi)
            korean = _syllables(cand.left)[0] if cand.left else ""
            if hanzi and korean and (korean, hanzi) not in seen and len(out) < 400:
                seen.add((korean, hanzi))
                out.append((korean, hanzi))
    return out


def _same(a: align.Alignment, b: align.Alignment) -> bool:
    return (a.score, a.hanzi_cover, a.korean_cover, a.parts) == (b.score, b.hanzi_cover, b.korean_cover, b.parts)


@pytest.fixture(scope="module")
def texts(request) -> list[str]:
    """The bundled samples, and the seed newsletter when ../shared is there."""
    out = [p.read_text(encoding="utf-8") for p in SAMPLES]
    try:
        out.append((request.getfixturevalue("shared") / "corpus" / "kic-china-195.txt").read_text(encoding="utf-8"))
    except pytest.skip.Exception:
        pass
    return out


@pytest.fixture(scope="module")
def windows(texts) -> list[tuple[str, str]]:
    return _windows(texts)


def test_every_start_is_the_uncut_programmes(windows) -> None:
    assert len(windows) > 150
    for korean, hanzi in windows:
        reference = _reference(korean, hanzi)
        align._COLUMNS.clear()
        fresh = align.align_all_starts(korean, hanzi)
        assert len(fresh) == len(reference)
        for s in range(len(korean), -1, -1):  # from the right, as the boundary asks
            assert _same(fresh[s], reference[s]), (korean, hanzi, s)
            assert fresh.score(s) == reference[s].score


def test_a_name_cached_in_one_sentence_is_the_same_in_another(windows) -> None:
    for korean, hanzi in windows:
        reference = _reference(korean, hanzi)
        align._COLUMNS.clear()
        half = len(korean) // 2
        other = "다른문장에서" + korean[half:]  # another sentence ends with the same words
        align.align_all_starts(other, hanzi)[len(other) - len(korean) + half]
        cut = align.align_all_starts(korean, hanzi)  # its columns from half on come from the cache
        assert _same(cut[half], reference[half]), (korean, hanzi)
        assert _same(cut[0], reference[0]), (korean, hanzi)


def test_no_start_left_of_the_bound_scores_above_it(windows) -> None:
    for korean, hanzi in windows:
        reference = _reference(korean, hanzi)
        starts = align.align_all_starts(korean, hanzi)
        for s in range(len(korean), 0, -1):
            bound = starts.bound(s)
            assert all(a.score <= bound for a in reference[:s]), (korean, hanzi, s)


def test_a_word_that_cannot_render_the_whole_name_is_told_by_its_first_cell(windows) -> None:
    words = {(w, h) for k, h in windows for w in (k[-2:], k[-3:], k[-4:])} | {("총경리", "蔺蕾磊"), ("TV", "电视台")}
    for word, hanzi in sorted(words):
        a = align.align(word, hanzi)
        if a.hanzi_cover >= 1.0 and a.korean_cover >= 1.0:
            assert align.may_cover(word, hanzi), (word, hanzi)
    assert not align.may_cover("총경리", "蔺蕾磊")
    assert all(is_syllable(c) or c.isupper() for k, _ in windows for c in k)


def test_a_word_aligned_whole_is_the_programmes_alignment(texts, windows) -> None:
    """align() finds a word that renders every character fully without the programme (align._perfect): on
    every word the extraction takes for a name, and on the ends of every window (mostly not names), it
    gives what the programme gives, and it is used for most names."""
    names = {(occ.korean, han_only(occ.hanzi)) for text in texts for occ in extract_text(text)
             if occ.korean and han_only(occ.hanzi)}
    ends = {(k[-n:], h) for k, h in windows for n in range(1, min(len(k), 8) + 1)}
    written = {("아베신조", "安倍晋三"), ("알리바바그룹", "阿里巴巴集团"), ("중국중앙TV", "中央电视台"),
               ("카싱", "嘉誠"), ("인민일보", "人民日报"), ("시진핑", "习近平")}
    lex = default_lexicon()
    perfect = 0
    for korean, hanzi in sorted(names | ends | written):
        word = "".join(c for c in korean if is_syllable(c) or "A" <= c <= "Z")
        if not word:
            continue
        align.align.cache_clear()
        got = align.align(korean, hanzi)
        assert _same(got, _reference(word, hanzi)[0]), (korean, hanzi)
        assert got.hows == frozenset(how for _, _, how in got.parts)
        if align._perfect(word, hanzi, lex) is not None:
            perfect += 1
    assert len(names) > 100
    assert perfect > len(names) // 2  # the names, in their official spelling, mostly

