"""Suggest the Korean spellings of a Hanzi name, and check a given spelling against them.

Three spellings are kept apart, because translators choose between them by house style:

- ``official``: the spelling by the National Institute of Korean Language's rules for the name's origin
  (외래어 표기법 제4장 제2절). A person of before 1911 is read in Sino-Korean; a name the norm itself lists
  in another form (香港 홍콩 in NIKL's examples, 法国 프랑스 in the standard dictionary) keeps that form; a
  term Korean reads in Sino-Korean (人民日报 인민일보) is that reading; a foreign country or place written
  in Chinese (叙利亚) is written by its own language (시리아); otherwise a person takes the surname
  reading, and the rest the pinyin → Hangul table, administrative suffixes (省 市 县 …) in Sino-Korean.
  A customary form never replaces it.
- ``customary``: forms in established use that the rules do not give (성룡 for 成龙 in the press), each
  with the table it comes from.
- ``korean``: the recommended one under the house style (``official`` or ``customary``; by default the
  customary form where one is known, as the press writes).

Design: docs/transliteration.md
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, replace

from glossary.base import caches
from glossary.base.errors import GlossaryError
from glossary.base.han import HAN_RUN, fold, has_han, is_han, japanese_form
from glossary.base.hangul import compact
from glossary.base.resources import read_table
from glossary.translit import japanese, phonetic, pinyin, sino
from glossary.translit.lexicon import Lexicon, default_lexicon
from glossary.translit.pinyin_hangul import syllables_to_hangul

STYLES = ("official", "customary")
DEFAULT_STYLE = "customary"
# a form that the norm itself lists (NIKL's examples, the standard dictionary) is the official spelling
OFFICIAL_SOURCES = frozenset({"NIKL", "STDICT"})


@dataclass
class Suggestion:
    hanzi: str
    pinyin: str | None  # Mandarin; for a Japanese name its reading in katakana
    korean: str | None  # the recommended spelling under the house style
    sino_korean: str | None
    rule: str | None  # what made ``korean``: table | surname | historical | customary | sino-korean | foreign |
    #                   japanese | korean
    error: str | None = None
    official: str | None = None  # by the rules for its origin; never replaced by a customary form
    official_rule: str | None = None  # table | surname | historical | customary (listed by the norm) | sino-korean …
    customary: tuple[tuple[str, str], ...] = ()  # (form, source table) in established use

    def to_dict(self) -> dict:
        d = asdict(self)
        d["customary"] = [{"korean": k, "source": src} for k, src in self.customary]
        return d


def check_style(style: str | None) -> str:
    """The house style, checked (None: the default)."""
    if style is None:
        return DEFAULT_STYLE
    if style not in STYLES:
        raise GlossaryError(f"the house style is one of {', '.join(STYLES)}, not {style!r}")
    return style


def styled(sug: Suggestion, style: str | None) -> Suggestion:
    """The same suggestion with ``korean`` and ``rule`` chosen by the house style: the customary form first
    under ``customary``, the official spelling under ``official``."""
    style = check_style(style)
    if sug.error:
        return sug
    if style == "customary" and sug.customary:
        korean, rule = sug.customary[0][0], "customary"
    elif sug.official:
        korean, rule = sug.official, sug.official_rule
    elif sug.customary:
        korean, rule = sug.customary[0][0], "customary"
    else:
        return sug
    if (korean, rule) == (sug.korean, sug.rule):
        return sug
    return replace(sug, korean=korean, rule=rule)


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
            origin: str | None = None, style: str | None = None) -> Suggestion:
    """The spellings of one Hanzi name (official, customary, recommended under ``style``), with the rule that
    produced each.

    ``origin``: zh (Mandarin, 외래어 표기법's Chinese rules), ja (the Japanese reading by its Japanese
    rules: 安倍晋三 → 아베 신조) or ko (a Korean name: its Sino-Korean reading, 金正恩 → 김정은). None decides:
    ja only where a character is a form Chinese does not write (豊, 広, 沢: see han.japanese_form), else zh —
    characters the two languages share (郎, 沪, 研) are read as Chinese.
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
        return styled(_suggest_cached(hanzi, person), style)
    return styled(_suggest(hanzi, lexicon, person), style)


@caches.lru("suggest.suggest_cached")
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
        if _official_form(known):
            rule = _LISTED_RULES.get(known.kind, "customary")
            # a form the norm lists is official and customary at once (香港 홍콩)
            customary = ((known.korean, known.source),) if rule == "customary" else ()
            return Suggestion(hanzi, py, known.korean, sk, rule, official=known.korean, official_rule=rule,
                              customary=customary)
        ruled = _by_rules(hanzi, key, sk, lex, person)  # the press's form beside the rules' spelling
        customary = ((known.korean, known.source),)
        if ruled.error:
            return Suggestion(hanzi, py, known.korean, sk, "customary", customary=customary)
        return replace(ruled, customary=customary)
    return _by_rules(hanzi, key, sk, lex, person)


def _by_rules(hanzi: str, key: str, sk: str | None, lex: Lexicon, person: bool | None) -> Suggestion:
    """The spelling by the Mandarin rules (surname reading, table, Sino-Korean suffixes)."""
    stem, suffix_korean = _split_suffix(key)
    stem_known = lex.lookup(stem) if suffix_korean else None
    customary: tuple[tuple[str, str], ...] = ()
    if stem_known is not None and not _official_form(stem_known):  # 成龙 of the press + 大学: customary only
        customary = ((stem_known.korean + suffix_korean, stem_known.source),)
        stem_known = None
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
    return Suggestion(hanzi, py, korean + suffix_korean, sk, rule, official=korean + suffix_korean, official_rule=rule,
                      customary=customary)


_LISTED_RULES = {"historical": "historical", "sino": "sino-korean", "foreign": "foreign"}


def _official_form(known) -> bool:
    """A listed form that is the official spelling: a person of before 1911, a Sino-Korean term, or a form
    the norm itself lists."""
    return known.kind in ("historical", "sino", "foreign") or known.source in OFFICIAL_SOURCES


def _suggest_japanese(hanzi: str) -> Suggestion:
    text = "".join(hanzi.split())
    kana = japanese.reading(text)
    sk = sino.reading(text) if HAN_RUN.fullmatch(text) else None
    if kana is None:
        return Suggestion(hanzi, None, None, sk, None, "no Japanese reading known for it")
    korean = japanese.official_hangul(kana)
    return Suggestion(hanzi, kana, korean, sk, "japanese", official=korean, official_rule="japanese")


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
    return Suggestion(hanzi, None, sk, sk, "korean", official=sk, official_rule="korean")


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
    official = sug.official
    if official and spelled == compact(official):
        return CheckResult(korean, hanzi, "official", official, 0.0)
    if any(spelled == compact(form) for form, _ in sug.customary):
        return CheckResult(korean, hanzi, "customary", official, 0.0)
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
