"""Han characters: recognising them and folding their written forms into one key.

A glossary entry is identified by its simplified form: 人民日報, 人民日报 and the Japanese 荘周
(for 莊周/庄周) must meet in one key. OpenCC does the folding (jp2t, then t2s).
"""

from __future__ import annotations

import functools
import re

import opencc

from glossary.base import caches

# CJK Unified Ideographs with extensions A–H, compatibility ideographs, 〇 and the iteration mark 々
HAN_CLASS = r"\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003134F\u3005\u3007"
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_HAN_CHAR = re.compile(f"[{HAN_CLASS}]")


def is_han(ch: str) -> bool:
    """True for a single Han character."""
    return bool(_HAN_CHAR.fullmatch(ch))


def has_han(text: str) -> bool:
    return bool(_HAN_CHAR.search(text))


@functools.cache
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC, opencc.OpenCC]:
    return opencc.OpenCC("jp2t"), opencc.OpenCC("t2s"), opencc.OpenCC("s2tw")


@caches.lru("han.japanese_only")
def japanese_only(ch: str) -> bool:
    """A Japanese form that is no standard Chinese character (荘, 恵, 団): in neither GB 2312 nor Big5.
    Only these go through OpenCC's jp2t, so that Chinese 芸, 沪, 予, 欠 keep their identity."""
    return not (_encodes(ch, "gb2312") or _encodes(ch, "big5"))


@caches.lru("han.japanese_form")
def japanese_form(ch: str) -> bool:
    """A character as Japanese writes it and Chinese does not (豊, 広, 沢, 桜, 県): OpenCC's Japanese table
    knows it as the shinjitai of a traditional form that simplifies to another character (豊 → 豐 → 丰,
    where Chinese 国 → 國 → 国 comes back), *and* Chinese does not write it: it is outside GB 2312, and
    outside Big5 or not the form Taiwan's standard writes (豊 is in Big5, Taiwan writes 豐). Characters
    the two languages share (郎, 沪, 研, 芸, 欠: OpenCC maps them to other traditional forms, but they
    are ordinary Chinese characters) are no evidence of Japanese. A rare character OpenCC does not know
    is none either."""
    jp2t, t2s, s2tw = _converters()
    t = jp2t.convert(ch)
    if t == ch or t2s.convert(t) == ch or _encodes(ch, "gb2312"):
        return False
    return not _encodes(ch, "big5") or s2tw.convert(t2s.convert(t)) != ch


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@caches.lru("han.fold")
def fold(hanzi: str) -> str:
    """The simplified key of a Hanzi string, whatever script it is written in (人民日報 → 人民日报,
    荘周 → 庄周)."""
    jp2t, t2s, _ = _converters()
    if not hanzi.isascii() and any(japanese_only(c) for c in hanzi):
        hanzi = "".join(jp2t.convert(c) if japanese_only(c) else c for c in hanzi)
    if all(_simplified_char(c) for c in hanzi):
        return hanzi  # already simplified: OpenCC's phrases would turn the surname of 沈思兰 into 沉思
    return t2s.convert(hanzi)  # phrase-aware where there is something to convert (乾隆 stays 乾隆)


@caches.lru("han.simplified_char")
def _simplified_char(ch: str) -> bool:
    """The character is its own simplified form (OpenCC's t2s leaves it alone when it stands alone)."""
    return _converters()[1].convert(ch) == ch


@caches.lru("han.simplified_only")
def simplified_only(ch: str) -> bool:
    """A character only simplified Chinese writes (张, 艺, 长; not 采 or 周, which traditional writes too):
    in GB 2312 and not in Big5. Korean and Japanese Hanja never use it."""
    return is_han(ch) and not _encodes(ch, "big5") and _encodes(ch, "gb2312") and not japanese_only(ch)


@caches.lru("han.traditional")
def traditional(hanzi: str) -> str:
    """The traditional form in Taiwan's standard (for the glossary's traditional column); from the
    simplified key, so that Japanese forms do not turn 真 into the old 眞."""
    return _converters()[2].convert(fold(hanzi))


def traditionals(hanzi: list[str]) -> list[str]:
    """``traditional`` of each string, converted in one call of OpenCC (a call a string is most of the time
    of a glossary's traditional column): its dictionary holds no phrase across a line break, so the lines
    of one text convert as each line alone."""
    folded = [fold(h) for h in hanzi]
    if any("\n" in h for h in folded):
        return [traditional(h) for h in hanzi]
    return _converters()[2].convert("\n".join(folded)).split("\n") if folded else []


def han_only(text: str) -> str:
    """The Han characters of a string, in order (drops spaces and punctuation inside a name)."""
    if HAN_RUN.fullmatch(text):
        return text  # the usual case: nothing to drop
    return "".join(HAN_RUN.findall(text))
