"""How well, and how completely, Korean syllables render a Hanzi string.

A dynamic programme matches the Hanzi characters, left to right, with pieces of the Korean: a
character by its Mandarin sound (official spelling or a variant close by the phonetic key), by its
Sino-Korean reading, by its Japanese reading, or a run of characters by a known translation (集团 그룹,
好医生 굿닥터) or customary name (腾讯 텐센트). Korean syllables that render nothing cost a penalty.

The programme runs from the right, so one pass scores every possible start of the Korean: the
extraction step uses that to decide where a name begins (궈메이 소매 before 国美零售).

Design: docs/how-it-works.md
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from glossary.base.han import fold
from glossary.base.hangul import apply_dueum, is_syllable
from glossary.translit import cantonese, japanese, phonetic, pinyin, sino
from glossary.translit.lexicon import Lexicon, default_lexicon
from glossary.translit.pinyin_hangul import to_hangul

UNEXPLAINED_PENALTY = 0.5  # per Korean syllable that renders no character
MIN_SOUND_SIMILARITY = 0.6  # below this a syllable is not taken as a variant spelling of a sound


@dataclass
class Alignment:
    """The best match of (a suffix of) a Korean string with a Hanzi string."""

    score: float  # (rendered characters − penalty) / number of characters, in [0, 1]
    hanzi_cover: float  # share of Hanzi characters rendered
    korean_cover: float  # share of Korean syllables that render something
    parts: list[tuple[str, str, str]] = field(default_factory=list)  # (hanzi, korean, how)
    # the ways the characters are rendered (sound, reading, term, japanese): a plain field, set once when
    # the (cached) alignment is made, because extraction reads it several times a name
    hows: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.hows = frozenset(how for _, _, how in self.parts)


@functools.lru_cache(maxsize=65536)
def _sound_keys(ch: str) -> tuple[str, ...]:
    """Phonetic keys of the official spellings of every Mandarin reading of a character."""
    keys = []
    for reading in pinyin.char_readings(ch):
        hangul = to_hangul(reading)
        if hangul:
            keys.append(phonetic.key(hangul))
    return tuple(dict.fromkeys(keys))


@functools.lru_cache(maxsize=65536)
def _sino_syllables(ch: str) -> frozenset[str]:
    out = set()
    for r in sino.readings(ch):
        out.add(r)
        out.add(apply_dueum(r))
    return frozenset(out)


@functools.lru_cache(maxsize=262144)
def _sound_similarity(ch: str, korean: str) -> float:
    return phonetic.best_similarity(korean, _sound_keys(ch))


def _options(hanzi: str, korean: str, i: int, j: int, lex: Lexicon, key: str, hangul_end: int | None = None):
    """(hanzi length, korean length, quality, how) for every way to render hanzi[i:] from korean[j:].

    Readings and sounds come from Hangul syllables only, up to ``hangul_end`` (the end of the Hangul
    run at j, when the Korean holds Latin letters: 중국중앙TV); the Latin letters render only by a
    known term (电视台 TV)."""
    ch = hanzi[i]
    out = []
    syllables = korean if hangul_end is None else korean[:hangul_end]
    n_s = len(syllables)
    if j < n_s and korean[j] in _sino_syllables(ch):
        out.append((1, 1, 1.0, "reading"))
    for length in (1, 2, 3):
        if j + length > n_s:
            break
        sim = _sound_similarity(ch, korean[j : j + length])
        if sim >= MIN_SOUND_SIMILARITY:
            out.append((1, length, sim, "sound"))
    for length, sim in japanese.matches(hanzi, i, syllables, j):
        out.append((length[0], length[1], sim, "japanese"))
    for (dh, dk), quality in japanese.word_matches(hanzi, i, syllables, j):  # 아베 for 安倍, by the dictionary
        out.append((dh, dk, quality, "japanese"))
    for (dh, dk), quality in cantonese.matches(hanzi, i, syllables, j):  # 카싱 for 嘉誠: Hong Kong's sound
        out.append((dh, dk, quality, "cantonese"))
    for m in range(min(lex.max_term_len, len(hanzi) - i), 0, -1):
        forms = lex.renderings(key[i : i + m])
        for form in forms:
            if korean.startswith(form, j):
                out.append((m, len(form), float(m), "term"))
    return out


def align_all_starts(korean: str, hanzi: str, lexicon: Lexicon | None = None) -> list[Alignment]:
    """Alignment of korean[s:] with hanzi for every start s (index = start syllable).

    ``korean`` must hold Hangul syllables only; ``hanzi`` Han characters only. Results are cached per
    lexicon and its version: news repeats its names.
    """
    lex = lexicon or default_lexicon()
    return _align_all_starts_cached(korean, hanzi, lex, lex.version)


@functools.lru_cache(maxsize=32768)
def _align_all_starts_cached(korean: str, hanzi: str, lexicon: Lexicon, version: int) -> list[Alignment]:
    return _align_all_starts(korean, hanzi, lexicon)


def _align_all_starts(korean: str, hanzi: str, lexicon: Lexicon) -> list[Alignment]:
    lex = lexicon
    n_h, n_k = len(hanzi), len(korean)
    key = fold(hanzi)
    if len(key) != n_h:
        key = hanzi
    neg = float("-inf")
    best = [[neg] * (n_k + 1) for _ in range(n_h + 1)]
    back: list[list[tuple | None]] = [[None] * (n_k + 1) for _ in range(n_h + 1)]
    for j in range(n_k, -1, -1):
        best[n_h][j] = -UNEXPLAINED_PENALTY * (n_k - j)
    hangul_ends = _hangul_ends(korean) if _LATIN.search(korean) else [None] * n_k
    for i in range(n_h - 1, -1, -1):
        best[i][n_k] = 0.0
        for j in range(n_k - 1, -1, -1):
            value, choice = best[i + 1][j], ("skip_h",)
            skip_k = best[i][j + 1] - UNEXPLAINED_PENALTY
            if skip_k > value:
                value, choice = skip_k, ("skip_k",)
            for dh, dk, q, how in _options(hanzi, korean, i, j, lex, key, hangul_ends[j]):
                cand = q + best[i + dh][j + dk]
                if cand > value + 1e-9:
                    value, choice = cand, (dh, dk, how)
            best[i][j], back[i][j] = value, choice
    out = []
    for s in range(n_k + 1):
        out.append(_trace(hanzi, korean, s, best, back))
    return out


_LATIN = re.compile("[A-Za-z]")


def _hangul_ends(korean: str) -> list[int | None]:
    """For each position, where its run of Hangul syllables ends (the position itself on a Latin letter)."""
    ends: list[int | None] = [None] * len(korean)
    end = len(korean)
    for j in range(len(korean) - 1, -1, -1):
        if not is_syllable(korean[j]):
            end = j
        ends[j] = end
    return ends


def _trace(hanzi: str, korean: str, start: int, best, back) -> Alignment:
    n_h, n_k = len(hanzi), len(korean)
    i, j = 0, start
    parts = []
    rendered_h = rendered_k = 0
    while i < n_h and j < n_k:
        choice = back[i][j]
        if choice is None or choice[0] == "skip_h":
            i += 1
        elif choice[0] == "skip_k":
            j += 1
        else:
            dh, dk, how = choice
            parts.append((hanzi[i : i + dh], korean[j : j + dk], how))
            rendered_h += dh
            rendered_k += dk
            i, j = i + dh, j + dk
    span = n_k - start
    score = max(0.0, best[0][start]) / n_h if n_h else 0.0
    return Alignment(min(score, 1.0), rendered_h / n_h if n_h else 0.0,
                     rendered_k / span if span else 0.0, parts)


@functools.lru_cache(maxsize=262144)
def exact(korean: str, hanzi: str) -> Alignment | None:
    """A perfect alignment without the dynamic programme, when the Korean is exactly the official
    transliteration (핀둬둬 for 拼多多; a surname in its surname reading: 쩡궈판 for 曾国藩) or the
    Sino-Korean reading (인민일보 for 人民日报); else None.
    Nothing can score higher, so the extraction step stops there (the common case, made cheap)."""
    readings = [pinyin.syllables(hanzi)]
    if pinyin.person_reading_differs(hanzi):  # 曾 zēng, 沈思兰 shěn sī lán: a person's name read as such
        readings.append(pinyin.person_syllables(hanzi))
    for sylls in readings:
        if len(sylls) == len(hanzi) and all(sylls):
            pieces = [to_hangul(s) for s in sylls]  # type: ignore[arg-type]
            if all(pieces) and "".join(pieces) == korean:  # type: ignore[arg-type]
                return Alignment(1.0, 1.0, 1.0, [(h, k, "sound") for h, k in zip(hanzi, pieces)])
    reading = sino.reading(hanzi, dueum=False)
    if reading and len(reading) == len(hanzi) and korean in (reading, apply_dueum(reading)):
        return Alignment(1.0, 1.0, 1.0, [(h, k, "reading") for h, k in zip(hanzi, korean)])
    return None


@functools.lru_cache(maxsize=131072)
def align(korean: str, hanzi: str) -> Alignment:
    """Alignment of a whole Korean string with a Hanzi string (characters other than Hangul syllables and
    capital Latin letters ignored: 중국중앙TV keeps its TV, which renders 电视台)."""
    k = "".join(ch for ch in korean if is_syllable(ch) or "A" <= ch <= "Z")
    h = "".join(hanzi.split())
    if not k or not h:
        return Alignment(0.0, 0.0, 0.0)
    return align_all_starts(k, h)[0]


OFFICIAL_MIN_SIMILARITY = 0.85


def japanese_official(korean: str, hanzi: str) -> str | None:
    """The official spelling of a Japanese name as the writer read it: each part the Korean renders by a
    Japanese reading takes the reading it follows (the dictionary's word, or a character's own reading),
    and each Korean word is written again by the rules (기시다 후미오 for 岸田文雄, 도요다 for 토요타);
    None where a part is not rendered by a Japanese reading."""
    words = [w for w in korean.split() if w]
    compact = "".join(words)
    if not compact or not all(is_syllable(c) for c in compact):
        return None
    a = align(compact, hanzi)
    if not a.parts or a.korean_cover < 1.0 or a.hanzi_cover < 1.0 or a.hows != {"japanese"}:
        return None
    bounds, n = [], 0
    for w in words:
        n += len(w)
        bounds.append(n)
    romaji = [""] * len(words)
    pos = 0
    h = "".join(hanzi.split())
    for piece, k, _ in a.parts:
        options = japanese.readings_of(piece, h)
        if not options:
            return None
        scored = [(phonetic.best_similarity(k, (phonetic.key(japanese.romaji_to_hangul(r)),)), r) for r in options]
        sim, best = max(scored, key=lambda x: x[0])
        if sim < OFFICIAL_MIN_SIMILARITY:
            return None  # the writer read it otherwise than any reading known here: say nothing
        word = next(i for i, b in enumerate(bounds) if pos < b)
        romaji[word] += best
        pos += len(k)
    return " ".join(japanese.official_word(r) for r in romaji if r)
