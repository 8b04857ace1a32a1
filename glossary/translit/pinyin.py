"""Hanzi → pinyin, phrase-aware (pypinyin), with surname readings for person names.

pypinyin reads 曾 as céng and 单 as dān; as surnames they are Zēng and Shàn. Whether a string is a
person name is decided from the surname table and jieba's part-of-speech tag (nr = person name).

Design: docs/transliteration.md
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Mapping

from pypinyin import Style, lazy_pinyin
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict

from glossary.base import caches
from glossary.base.resources import read_table
from glossary.translit.lexicon import Lexicon

logging.getLogger("jieba").setLevel(logging.WARNING)
_PERSON_FLAGS = ("nr", "nrfg")  # not nrt: jieba tags transliterated foreign names (盖茨) nrt
# flags that say nothing about a name: jieba's dictionary tags some names as time words (周恩来 t, as if
# 周 were 'week'), so a name with such a flag is judged as if jieba did not know it
UNRELIABLE_FLAGS = frozenset({"t"})


@functools.cache
def surname_table() -> dict[str, tuple[str, ...]]:
    """Surname (one or two characters) → its pinyin syllables as a surname."""
    return {r["surname"]: tuple(r["pinyin"].split()) for r in read_table("surnames.tsv")}


def leading_surname(hanzi: str, extra: Mapping[str, tuple[str, ...]] | None = None) -> str | None:
    """The surname a string starts with (compound surnames first), or None."""
    table = {**surname_table(), **extra} if extra else surname_table()
    for size in (2, 1):
        if len(hanzi) > size and hanzi[:size] in table:
            return hanzi[:size]
    return None


@functools.cache
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba, jieba.posseg


@caches.lru("pinyin.default_tags")
def _default_tags(hanzi: str) -> tuple[tuple[str, str], ...]:
    _, posseg = _jieba()
    return tuple((w.word, w.flag) for w in posseg.cut(hanzi, HMM=False))


def jieba_tags(hanzi: str, lexicon: Lexicon | None = None) -> tuple[tuple[str, str], ...]:
    """jieba's segmentation of a Hanzi string with part-of-speech flags (nr, ns, nt, n, …), by its
    dictionary and the lexicon's curated words, without the HMM guesser: a name jieba does not know comes
    out in pieces, which the callers read as 'unknown' (the HMM costs milliseconds a name).

    jieba's own dictionary is shared and never changed; a lexicon with curated words that occur in the
    string segments it with a tokenizer of its own (made once per lexicon), so one glossary's decisions
    never reach another's extraction in the same process."""
    if lexicon is None or not _touches(hanzi, lexicon):
        return _default_tags(hanzi)
    cache = lexicon.cache("jieba_tags")
    found = cache.get(hanzi)
    if found is None:
        found = cache[hanzi] = tuple((w.word, w.flag) for w in _own_posseg(lexicon).cut(hanzi, HMM=False))
    return found


def _touches(hanzi: str, lexicon: Lexicon) -> bool:
    """A curated word of the lexicon occurs in the string (the only case where its segmentation can differ)."""
    words = lexicon.words
    if not words:
        return False
    n, longest = len(hanzi), lexicon.max_word_len
    return any(hanzi[i:j] in words for i in range(n) for j in range(i + 1, min(n, i + longest) + 1))


def _own_posseg(lexicon: Lexicon):
    """A jieba tokenizer and tagger that know the lexicon's curated words (built on first use, kept with
    the lexicon and rebuilt when its words change)."""
    made = lexicon.cache("jieba_tokenizer")
    if made.get("version") != lexicon.version:
        jieba, posseg = _jieba()
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        tagger = posseg.POSTokenizer(tokenizer)
        for word, flag in lexicon.words.items():
            tokenizer.add_word(word, freq=None, tag=flag)
            tagger.word_tag_tab[word] = flag
        made.clear()
        made.update(version=lexicon.version, tagger=tagger)
    return made["tagger"]


@caches.lru("pinyin.default_single_word_tag")
def _default_single_word_tag(hanzi: str) -> str | None:
    jieba, _ = _jieba()
    if len(hanzi) > 1 and not jieba.dt.FREQ.get(hanzi):
        return None
    tags = _default_tags(hanzi)
    return tags[0][1] if len(tags) == 1 else None


def single_word_tag(hanzi: str, lexicon: Lexicon | None = None) -> str | None:
    """jieba's part-of-speech flag when its dictionary (or the lexicon's curated words) takes the whole
    string as one word, else None.

    Without the HMM, jieba only returns dictionary words and single characters, so a longer string that
    is not in its dictionary cannot come out whole: that case (most names) is answered by one lookup
    instead of a segmentation. A curated word is taken whole with its own flag."""
    if lexicon is not None and lexicon.words:
        flag = lexicon.words.get(hanzi)
        if flag is not None:
            return flag
        if _touches(hanzi, lexicon):
            jieba, _ = _jieba()
            if len(hanzi) > 1 and not jieba.dt.FREQ.get(hanzi):
                return None
            tags = jieba_tags(hanzi, lexicon)
            return tags[0][1] if len(tags) == 1 else None
    return _default_single_word_tag(hanzi)


def looks_like_person(hanzi: str, extra_surnames: Mapping[str, tuple[str, ...]] | None = None,
                      lexicon: Lexicon | None = None) -> bool:
    """A 2–4 character string starting with a surname that jieba's dictionary (or the lexicon's curated
    words) tags as a person name, or that it does not know at all (曾国藩, 单田芳, 区志航, 仇晓 yes; 曾经,
    单位, 区长 no).

    Only the dictionary is asked (one lookup): jieba's HMM tagger costs a millisecond a name. Brands that
    start with a surname and are missing from the dictionary belong in the exceptions table (乐视 러스).
    """
    surname = leading_surname(hanzi, extra_surnames)
    if not 2 <= len(hanzi) <= 4 or surname is None:
        return False
    tag = lexicon.words.get(hanzi) if lexicon is not None and lexicon.words else None
    if tag is None:
        _, posseg = _jieba()
        tag = posseg.dt.word_tag_tab.get(hanzi)
    if tag is not None and tag not in UNRELIABLE_FLAGS:
        return tag in _PERSON_FLAGS
    return len(hanzi) - len(surname) <= 2


def _has_phrase(hanzi: str) -> bool:
    n = len(hanzi)
    return any(hanzi[i:j] in phrases_dict for i in range(n) for j in range(i + 2, min(n, i + 8) + 1))


def syllables(hanzi: str) -> list[str | None]:
    """Pinyin (toneless, ü kept) per character; None for a character with no reading."""
    return list(_syllables(hanzi))


@caches.lru("pinyin.syllables")
def _syllables(hanzi: str) -> tuple[str | None, ...]:
    """syllables(), cached: extraction, suggestion and resolution each ask for the same names."""
    return tuple(_read_syllables(hanzi))


def _read_syllables(hanzi: str) -> list[str | None]:
    readings = [char_readings(ch) for ch in hanzi]
    if all(readings) and (all(len(r) == 1 for r in readings) or not _has_phrase(hanzi)):
        # no polyphone, or no phrase of pypinyin's dictionary inside: each character takes its first
        # reading, which is what pypinyin would answer, without its segmenter (the fast path)
        return [r[0] for r in readings]
    unknown = "\x00"
    items = lazy_pinyin(hanzi, style=Style.NORMAL, v_to_u=True, errors=lambda s: [unknown] * len(s))
    return [None if item == unknown else item for item in items]


def person_syllables(hanzi: str, extra_surnames: Mapping[str, tuple[str, ...]] | None = None) -> list[str | None]:
    """Pinyin of a person name: the surname takes its surname reading, the given name is read as usual."""
    surname = leading_surname(hanzi, extra_surnames)
    if surname is None:
        return syllables(hanzi)
    table = {**surname_table(), **extra_surnames} if extra_surnames else surname_table()
    return [*table[surname], *syllables(hanzi[len(surname):])]


@caches.lru("pinyin.person_reading_differs")
def person_reading_differs(hanzi: str) -> bool:
    """True when reading the string as a person's name changes its pinyin: the surname has a reading of
    its own (曾 zēng), or the everyday reading joins the surname into a word across the name (沈思兰 is
    shěn sī lán, not the chénsī of 沈思 'deep thought')."""
    if leading_surname(hanzi) is None:
        return False
    return person_syllables(hanzi) != syllables(hanzi)


def surname_changes_reading(hanzi: str) -> bool:
    """True when the leading surname is read differently from the character's everyday reading (曾 zēng)."""
    surname = leading_surname(hanzi)
    if surname is None:
        return False
    return any(char_readings(ch)[:1] != (py,) for ch, py in zip(surname, surname_table()[surname]))


@caches.lru("pinyin.toneless")
def _toneless(reading: str) -> str:
    """'lǜ' → 'lü', 'zhōng' → 'zhong': drop tone marks, keep ü."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", reading):
        if ch == "\u0308" and out and out[-1] == "u":
            out[-1] = "ü"
        elif not unicodedata.combining(ch):
            out.append(ch)
    return "".join(out)


@caches.lru("pinyin.char_readings")
def char_readings(ch: str) -> tuple[str, ...]:
    """Every Mandarin reading of one character (heteronyms), most common first, from pypinyin's
    character table (a dict lookup: the fast path for names with no polyphone)."""
    found = pinyin_dict.get(ord(ch)) if len(ch) == 1 else None
    if not found:
        return ()
    return tuple(dict.fromkeys(_toneless(r) for r in found.split(",") if r))


def in_dictionary(word: str, lexicon: Lexicon | None = None) -> bool:
    """jieba's dictionary, or the lexicon's curated words, hold the word whole."""
    if lexicon is not None and word in lexicon.words:
        return True
    jieba, _ = _jieba()
    return bool(jieba.dt.FREQ.get(word))
