"""Suggest the official Korean spelling of a Hanzi name, and check a given spelling against it.

Order of precedence (외래어 표기법 제4장 제2절): a curated exception (pre-1911 person → Sino-Korean
reading; customary form) comes first; then a person name takes its surname reading; then the pinyin →
Hangul table; administrative suffixes (省 市 县 …) are written in Sino-Korean.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass

from glossary.base.han import HAN_RUN, fold, has_han, is_han, japanese_form
from glossary.base.resources import read_table
from glossary.translit import japanese, phonetic, pinyin, sino
from glossary.translit.lexicon import Lexicon, default_lexicon
from glossary.translit.pinyin_hangul import syllables_to_hangul


@dataclass
class Suggestion:
    hanzi: str
    pinyin: str | None  # Mandarin; for a Japanese name its reading in katakana
    korean: str | None
    sino_korean: str | None
    rule: str | None  # table | surname | historical | customary | japanese | korean
    error: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@functools.cache
def _suffixes() -> list[tuple[str, str]]:
    rows = [(fold(r["hanzi"]), r["korean"]) for r in read_table("place_suffixes.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


def _split_suffix(key: str) -> tuple[str, str]:
    for suffix, korean in _suffixes():
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)], korean
    return key, ""


def suggest(hanzi: str, lexicon: Lexicon | None = None, *, person: bool | None = None,
            origin: str | None = None) -> Suggestion:
    """The official spelling of one Hanzi name, with the rule that produced it.

    ``origin``: zh (Mandarin, 외래어 표기법's Chinese rules), ja (the Japanese reading by its Japanese
    rules: 安倍晋三 → 아베 신조) or ko (a Korean name: its Sino-Korean reading, 金正恩 → 김정은). None decides:
    ja where a character is in a form only Japanese writes (豊, 広, 沢), else zh.
    ``person`` forces (True) or forbids (False) the surname reading; None decides from jieba and the
    surname table. Bad input gives a Suggestion with ``error`` set instead of raising, so a batch goes on.
    Results for the bundled tables are cached (a glossary asks for the same names again and again).
    """
    text = "".join(hanzi.split())
    if (origin is None and text and any(japanese_form(c) for c in text)
            and (lexicon or default_lexicon()).lookup(text) is None):  # 荘周 장주: a known exception comes first
        origin = "ja"
    if origin == "ja":
        return _suggest_japanese(hanzi)
    if origin == "ko":
        return _suggest_korean(hanzi)
    if lexicon is None or lexicon is default_lexicon():
        return _suggest_cached(hanzi, person)
    return _suggest(hanzi, lexicon, person)


@functools.lru_cache(maxsize=262144)
def _suggest_cached(hanzi: str, person: bool | None) -> Suggestion:
    return _suggest(hanzi, default_lexicon(), person)


def _suggest(hanzi: str, lex: Lexicon, person: bool | None) -> Suggestion:
    text = "".join(hanzi.split())
    if not text:
        return Suggestion(hanzi, None, None, None, None, "empty input")
    if not HAN_RUN.fullmatch(text):
        if not has_han(text):
            return Suggestion(hanzi, None, None, None, None, f"not Hanzi: {hanzi!r}")
        stray = "".join(c for c in text if not is_han(c))
        return Suggestion(hanzi, None, None, None, None, f"not Hanzi: {stray!r} in {hanzi!r}")
    key = fold(text)
    sk = sino.reading(text)
    known = lex.lookup(text)
    if known is not None:
        as_person = pinyin.surname_changes_reading(key) and pinyin.looks_like_person(key, lexicon=lex)
        sylls = pinyin.person_syllables(key) if as_person else pinyin.syllables(key)
        py = " ".join(s or "?" for s in sylls)
        rule = "historical" if known.kind == "historical" else "customary"
        return Suggestion(hanzi, py, known.korean, sk, rule)
    stem, suffix_korean = _split_suffix(key)
    stem_known = lex.lookup(stem) if suffix_korean else None
    # the person test (jieba) only matters where reading a person's name changes the pinyin (曾 zēng,
    # 单 shàn; 沈思兰 shěn sī lán, where the everyday reading would take 沈思 as chénsī)
    changes = pinyin.surname_changes_reading(stem) or pinyin.person_reading_differs(stem)
    is_person = person if person is not None else (
        not suffix_korean and changes and pinyin.looks_like_person(key, lexicon=lex))
    sylls = pinyin.person_syllables(stem) if is_person else pinyin.syllables(stem)
    if any(s is None for s in sylls):
        bad = "".join(c for c, s in zip(stem, sylls) if s is None)
        return Suggestion(hanzi, None, None, sk, None, f"no reading for {bad!r}")
    korean = stem_known.korean if stem_known else syllables_to_hangul(sylls)  # type: ignore[arg-type]
    if korean is None:
        return Suggestion(hanzi, " ".join(sylls), None, sk, None, "pinyin outside the table")  # type: ignore[arg-type]
    rule = "table"
    if is_person and changes:
        rule = "surname"
    if stem_known:
        rule = "customary"
    py = " ".join(sylls)  # type: ignore[arg-type]
    if suffix_korean:
        py += " " + " ".join(s or "?" for s in pinyin.syllables(key[len(stem):]))
    return Suggestion(hanzi, py, korean + suffix_korean, sk, rule)


def _suggest_japanese(hanzi: str) -> Suggestion:
    text = "".join(hanzi.split())
    kana = japanese.reading(text)
    sk = sino.reading(text) if HAN_RUN.fullmatch(text) else None
    if kana is None:
        return Suggestion(hanzi, None, None, sk, None, "no Japanese reading known for it")
    return Suggestion(hanzi, kana, japanese.official_hangul(kana), sk, "japanese")


KOREAN_SURNAME_READINGS = {"金": "김"}  # read otherwise as a surname than as a word (金 금 'gold')


def _suggest_korean(hanzi: str) -> Suggestion:
    """A Korean name's spelling is its Sino-Korean reading, with 두음법칙 (李 이, 柳 유) and the surname
    readings (金 김)."""
    text = "".join(hanzi.split())
    sk = sino.reading(text) if HAN_RUN.fullmatch(text) else None
    if sk and text[0] in KOREAN_SURNAME_READINGS and len(text) <= 4:
        sk = KOREAN_SURNAME_READINGS[text[0]] + sk[1:]
    if not sk:
        return Suggestion(hanzi, None, None, None, None, "no Sino-Korean reading for it")
    return Suggestion(hanzi, None, sk, sk, "korean")


@dataclass
class CheckResult:
    korean: str
    hanzi: str
    verdict: str  # official | variant | sino-korean | customary | not-a-rendering
    official: str | None
    distance: float

    def to_dict(self) -> dict:
        return asdict(self)


VARIANT_THRESHOLD = 0.34


def check(korean: str, hanzi: str, lexicon: Lexicon | None = None) -> CheckResult:
    """Is ``korean`` the official spelling of ``hanzi``, a variant of it (with its phonetic distance),
    its Sino-Korean reading, or not a rendering of it at all?"""
    sug = suggest(hanzi, lexicon)
    spelled = "".join(korean.split())
    official = sug.korean
    if official and spelled == official.replace(" ", ""):
        return CheckResult(korean, hanzi, "official", official, 0.0)
    sk = sug.sino_korean
    if sk and spelled in (sk, sino.reading("".join(hanzi.split()), dueum=False)):
        return CheckResult(korean, hanzi, "sino-korean", official, 0.0)
    candidates = [official] if official else []
    plain = syllables_to_hangul([s for s in pinyin.syllables(fold("".join(hanzi.split()))) if s])
    if plain and plain not in candidates:
        candidates.append(plain)
    best = min((phonetic.distance(spelled, c) for c in candidates), default=1.0)
    verdict = "variant" if best <= VARIANT_THRESHOLD else "not-a-rendering"
    return CheckResult(korean, hanzi, verdict, official, round(best, 3))
