"""Classify a pair: entity type (PERSON, ORG, PLACE, MEDIA, PRODUCT, WORK, OTHER) and origin (zh, ja, ko).

Type combines evidence, because no one source is enough (jieba tags the brands 凤凰 and 步步高 as
person names): known entities, Hanzi suffixes (集团, 报, 市), Korean words around the name (a title
after it, 출처: before it, a source citation with a date), jieba's tags, and the surname table. Votes are
summed per key over a document, so one clear context types every mention.

Origin: ja when the Korean follows Japanese readings or the text has kana, or when a Sino-Korean or
translated term sits among Japanese names; ko when the Korean is the plain Sino-Korean reading of an
ordinary word (반(反), 시정(施政)); zh otherwise.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

from . import pinyin
from .align import Alignment
from .han import fold
from .resources import read_table

TYPES = ("PERSON", "ORG", "PLACE", "MEDIA", "PRODUCT", "WORK", "OTHER")
KANA = re.compile(r"[\u3040-\u30ff]")
DATE_AFTER = re.compile(r"^[^)）\n]{0,20}?(?:19|20)\d\d\s*[.년/-]")


@functools.cache
def _evidence() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for r in read_table("entity_types.tsv"):
        text = fold(r["text"]) if r["kind"] in ("suffix", "known") else r["text"]
        out[r["kind"]][text] = r["type"]
    return out


def type_votes(hanzi: str, korean: str | None, before: str, after: str, enclosure: str | None,
               alignment: Alignment | None) -> Counter:
    """Weighted votes for each type from one occurrence."""
    ev = _evidence()
    key = fold(hanzi)
    votes: Counter = Counter()
    if key in ev["known"]:
        votes[ev["known"][key]] += 5
    for size in range(min(len(key) - 1, 6), 0, -1):
        suffix = key[-size:]
        if suffix in ev["suffix"]:
            votes[ev["suffix"][suffix]] += 2
            break
    after_words = after.strip().lstrip(")）>》」』’”'\"").strip()
    for word, t in ev["after"].items():
        if after_words.startswith(word):
            votes[t] += 3 if t == "PERSON" else 1.5
            break
    before_words = before.rstrip().rstrip("(（<《「『‘“'\"").rstrip()
    for word, t in ev["before"].items():
        if before_words.endswith(word):
            votes[t] += 3 if t == "PERSON" else 2
            break
    if DATE_AFTER.match(after) and enclosure in ("(", "（"):
        votes["MEDIA"] += 2  # (매체명 2020.8.27): a source citation
    if enclosure in ("<", "《", "〈"):
        votes["WORK" if enclosure == "《" else "PRODUCT"] += 2
    tags = pinyin.jieba_tags(key) if len(key) <= 12 else []
    if len(tags) == 1:
        flag = tags[0][1]
        if flag in ("nr", "nrfg") and 2 <= len(key) <= 4 and pinyin.leading_surname(key):
            votes["PERSON"] += 1.5
        elif flag == "ns":
            votes["PLACE"] += 1.5
        elif flag == "nt":
            votes["ORG"] += 1.5
    elif 2 <= len(key) <= 4 and pinyin.looks_like_person(key):
        votes["PERSON"] += 1
    if alignment and "japanese" in alignment.hows and 2 <= len(key) <= 5:
        votes["PERSON"] += 1
    return votes


def decide_type(votes: Counter) -> str:
    if not votes:
        return "ORG"
    return max(TYPES, key=lambda t: (votes.get(t, 0), t == "ORG"))


def origin(hanzi: str, korean: str | None, alignment: Alignment | None, context: str) -> str:
    """zh, ja or ko for one occurrence (before the document-level Japanese-neighbourhood pass)."""
    if KANA.search(context) or KANA.search(hanzi):
        return "ja"
    if alignment is None or korean is None:
        return "zh"
    hows = [how for _, _, how in alignment.parts]
    if hows and hows.count("japanese") * 2 >= len(hows):
        return "ja"
    if hows and all(h == "reading" for h in hows) and alignment.score >= 0.99:
        key = fold(hanzi)
        tags = pinyin.jieba_tags(key)
        ordinary = len(tags) == 1 and tags[0][1] in ("n", "v", "vn", "a", "d", "ad", "an", "l", "i")
        if (len(key) == 1 or ordinary) and not pinyin.looks_like_person(key):
            return "ko"
    return "zh"


def sino_or_translation(alignment: Alignment | None) -> bool:
    """The Korean renders no character by Mandarin sound (a term read or translated, not transliterated)."""
    if alignment is None:
        return True
    return "sound" not in alignment.hows and "japanese" not in alignment.hows
