"""Classify a pair: entity type (PERSON, ORG, PLACE, MEDIA, PRODUCT, WORK, OTHER) and origin (zh, ja, ko).

Type combines evidence, because no one source is enough (jieba tags the brands 凤凰 and 步步高 as
person names): known entities, Hanzi suffixes (集团, 报, 市), Korean words around the name (a title
after it, 출처: before it, a source citation with a date), jieba's tags, and the surname table. Votes are
summed per key over a document, so one clear context types every mention.

Origin: ja when the Korean follows Japanese readings or the text has kana, or when a Sino-Korean or
translated term sits among Japanese names; ko when the Korean is the plain Sino-Korean reading of an
ordinary word (반(反), 시정(施政)); zh otherwise.

Design: docs/types-and-origins.md
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

import ahocorasick

from glossary.base import caches
from glossary.base.han import HAN_RUN, fold, japanese_form, simplified_only, traditional
from glossary.base.hangul import compact
from glossary.base.resources import read_table
from glossary.extraction.align import Alignment, align
from glossary.extraction.forms import (
    CLOSING_QUOTES,
    ENCLOSURE_VOTES,
    OPENING_QUOTES,
    PAREN_CLOSERS,
    PAREN_OPENERS,
    TITLE_CLOSERS,
    TITLE_OPENERS,
    WO,
    W,
    entity_evidence,
    korean_common_nouns,
    person_shaped,
    western_given_names,
)
from glossary.translit import japanese, pinyin
from glossary.translit.lexicon import Lexicon, default_lexicon

TYPES = ("PERSON", "ORG", "PLACE", "MEDIA", "PRODUCT", "WORK", "OTHER")
Evidence = dict[tuple[str, str], float]  # (type, kind of evidence: a weight's name in type_votes.toml) → count
KANA = re.compile(r"[\u3040-\u30ff]")
DATE_AFTER = re.compile(r"^[^)）]{0,20}?(?:19|20)\d\d\s*[.년/-]")
# a lifespan inside the bracket — (習近平, 1953년 6월 15일 ~ ), (胡锦涛·1942~), (鲁迅, 1881-1936) — is a
# person's, not a source citation's date: a year (with its month and day), a dash or tilde, then another
# year or the end of the bracket
LIFESPAN = re.compile(
    r"^[^)）]{0,40}?(?:1[5-9]|20)\d\d(?:\s*년(?:\s*\d{1,2}\s*월)?(?:\s*\d{1,2}\s*일)?|\.\d{1,2}\.\d{1,2}\.?)?"
    r"\s*[~〜–—-]\s*(?:(?:1[5-9]|20)\d\d|$)")


@functools.cache
def _particles() -> frozenset[str]:
    return frozenset(r["particle"] for r in read_table("korean_particles.tsv"))


_HANGUL_RUN = re.compile("[가-힣]+")


def _whole_word(text: str, end: int) -> bool:
    """The word that ends at ``end`` stands alone: nothing, a space or a mark follows, or a particle."""
    m = _HANGUL_RUN.match(text, end)
    return m is None or m.group(0) in _particles()


@functools.cache
def _context_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """One alternation per context kind, longest words first (after, before, near)."""
    ev = entity_evidence()

    def alternation(words) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    # the words before a name are matched backwards on the reversed text: a right-anchored search would
    # retry the whole alternation at every start position
    return (re.compile(f"(?:{alternation(ev['after'])})"),
            re.compile(f"(?:{alternation(w[::-1] for w in ev['before'])})"),
            re.compile(f"(?:{alternation(ev['near'])})"))


@caches.lru("classify.key_facts")
def _key_facts(hanzi: str, japanese_name: bool, lexicon: Lexicon, version: int
               ) -> tuple[tuple[tuple[tuple[str, str], float], ...], bool]:
    """(votes from the Hanzi alone, person-shaped) — cached: news repeats its names. The lexicon and
    its version (its curated words included) are part of the key, so a glossary's decisions are seen."""
    key = fold(hanzi)
    known = lexicon.lookup(key)
    historical = known is not None and known.kind == "historical"
    shaped = person_shaped(key)
    # the dictionary reads the name as written (a simplified key would be misread: 町田彻)
    kind = japanese.name_kind(hanzi) if japanese_name else None
    return _key_votes(key, japanese_name, historical, shaped, lexicon, kind), shaped


def _key_votes(key: str, japanese_name: bool, historical: bool, person_shaped: bool, lexicon: Lexicon,
               japanese_kind: str | None = None) -> tuple[tuple[tuple[str, str], float], ...]:
    """Votes that depend on the Hanzi alone (cached: news repeats its names)."""
    ev = entity_evidence()
    votes: Evidence = {}
    if _SEXAGENARY.match(key):  # 辛亥年 신해년, 甲午: a date of the sexagenary cycle names no body
        _add(votes, "OTHER", "era_name")
    if key in ev["known"]:
        _add(votes, ev["known"][key], "known")
    if historical:
        _add(votes, "PERSON", "historical")
    if key in chinese_places():  # 合肥 허페이, 桂林 구이린, 高雄 가오슝: a division's name without its suffix
        _add(votes, "PLACE", "place_list")
    for size in range(min(len(key) - 1, 6), 0, -1):
        suffix = key[-size:]
        if suffix in ev["suffix"] and not (japanese_name and ev["suffix"][suffix] == "PLACE"
                                           and japanese_kind != "PLACE" and suffix not in _administrative()) and not (
                ev["suffix"][suffix] == "WORK" and len(key) < len(suffix) + 2):
            # (蔭山 카게야마 is a Japanese surname, not a mountain; 豊田市 도요타시 is a city, whatever 豊田 is; a
            # genre after one character is a given name's: 胡歌 호가, not 长恨歌 장한가)
            _add(votes, ev["suffix"][suffix], "suffix")
            break
    flag = pinyin.single_word_tag(key, lexicon) if len(key) <= 12 else None
    if flag in pinyin.UNRELIABLE_FLAGS:
        flag = None
    if flag is not None:
        if flag in ("nr", "nrfg") and person_shaped:
            _add(votes, "PERSON", "jieba_name")
        elif flag == "ns":
            _add(votes, "PLACE", "jieba_name")
        elif flag == "nt":
            _add(votes, "ORG", "jieba_name")
        elif flag in _COMMON_WORD_FLAGS and not person_shaped:  # 清零, 内卷, 双循环: a word or slogan, no body
            _add(votes, "OTHER", "jieba_common_word")
    elif person_shaped and pinyin.looks_like_person(key, lexicon=lexicon):
        _add(votes, "PERSON", "person_looking")
    if japanese_name and 1 <= len(key) <= 5:  # read in Japanese: what the dictionary says the name is
        if japanese_kind in ("PLACE", "PERSON"):
            _add(votes, japanese_kind, "japanese_name")
        elif japanese_kind == "COMMON":  # 関白, 幕府, 大名: a rank, an office or a term
            _add(votes, "OTHER", "japanese_common_word")
        else:  # read in Japanese, the dictionary silent: most such names are persons
            _add(votes, "PERSON", "japanese_reading")
    return tuple(votes.items())


def prepare() -> None:
    """Load the tables classify reads at a name (see extract.prepare: before the collector freezes what
    lives as long as the process, not in the middle of the first document)."""
    entity_evidence()
    chinese_places()
    _korean_places()
    _korean_orgs()
    _korean_context()
    _cues()
    _context_patterns()


@functools.cache
def chinese_places() -> frozenset[str]:
    """The names of China's and Taiwan's divisions without their suffix (chinese_places.tsv)."""
    return frozenset(r["hanzi"] for r in read_table("chinese_places.tsv"))


@functools.cache
def _administrative() -> frozenset[str]:
    """The administrative suffixes (place_suffixes.tsv: 市 县 区 府 …), with Japan's 都 道 町 村."""
    return frozenset(fold(r["hanzi"]) for r in read_table("place_suffixes.tsv")) | {"都", "道", "町", "村", "府"}


_SEXAGENARY = re.compile("^[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥][年月日]?$")
_COMMON_WORD_FLAGS = frozenset({"n", "v", "vn", "a", "an", "i", "l"})


def type_votes(hanzi: str, korean: str | None, before: str, after: str, enclosure: str | None,
               alignment: Alignment | None, inside_after: str = "", lexicon: Lexicon | None = None,
               english: str | None = None) -> Evidence:
    """The evidence for each type from one occurrence: (type, kind of evidence) → count, weighed by
    ``type_votes.toml`` when the type is decided (``scores``).

    ``before``/``after`` are the words around the pair; ``inside_after`` what follows the Hanzi inside
    its bracket (a date there makes a source citation: (中关村在线 2020.8.27)).
    """
    ev = entity_evidence()
    # read in Japanese, and well: a poor alignment (零 코로 in 제로 코로나) tells nothing
    japanese_name = alignment is not None and "japanese" in alignment.hows and alignment.score >= 0.5
    lex = lexicon or default_lexicon()
    key_votes, person_shaped = _key_facts(hanzi, japanese_name, lex, lex.version)
    votes: Evidence = dict(key_votes)
    if person_shaped and korean and " " in korean and korean.split(" ", 1)[0] in western_given_names():
        # 캐리 람(林鄭月娥): an English given name, then the surname
        _add(votes, "PERSON", "western_given_name")
    if "·" in hanzi:  # 埃隆·马斯克: Chinese writes a foreign person's given name and surname with a middle dot
        _add(votes, "PERSON", "dotted_foreign_name")
    if english and _BRAND.search(english):  # a Latin brand name (WorldFirst, KPMG), not a romanised person
        _add(votes, "ORG", "latin_brand")
    after_pat, before_pat, near_pat = _context_patterns()
    head = after.strip().lstrip(_AFTER_MARKS).strip()
    m = after_pat.match(head)
    if m and not _whole_word(head, m.end()):
        m = None  # 시 in 시장, 성 in 성장: the start of another word, not a word after the name
    if m:
        t = ev["after"][m.group(0)]
        if t == "ERA":  # 광서(光緒) 연간: the era, not the emperor
            t = "OTHER"
            _add(votes, t, "era_after")
        # a title after an organisation belongs to the next name (国美零售 총재 왕쥔조우)
        if t == "PERSON":
            _add(votes, t, "title_after_person" if person_shaped else "title_after_weak")
        else:
            _add(votes, t, "term_after" if t == "OTHER" else "title_after")
    stripped = before.rstrip().rstrip(_BEFORE_MARKS).rstrip()[::-1]
    m = before_pat.match(stripped)
    if m:
        t = ev["before"][m.group(0)[::-1]]
        # a title right before a short name (대변인 수줴팅) is its own, even when the surname is not in the table
        weight = "title_before_person" if person_shaped else (
            "title_before_short" if len(hanzi) <= 3 else "title_before_weak")
        if m.group(0)[::-1] in _COURTESY:  # 자는 태백(太白), 호는 중산(中山): a courtesy or style name
            weight = "courtesy_before"
            if _HANGUL_RUN.match(stripped, m.end()):  # 연호는 다이쇼(大正): 호는 ends another word
                weight = None
        if weight is not None:
            _add(votes, t, weight if t == "PERSON" else "title_before")
    if (not person_shaped and alignment is not None and alignment.score >= 0.9 and alignment.hows == _READING_ONLY
            and not {t for t, _ in votes} & (_NAMED_TYPES | {"PERSON"})):
        # 신질생산력(新质生产力), 국진민퇴(国进民退): read in Sino-Korean, with no suffix of a body or place: a
        # term (a company or a person of today is written by the Mandarin sound; a translated name, 개미금융
        # for 蚂蚁金服, is as often a company's)
        _add(votes, "OTHER", "sino_term")
    quoted = before.rstrip().endswith(_TITLE_QUOTES)
    titled = quoted and _genre_around(before, after)
    if titled:  # 영화 '붉은 수수밭'(紅高粱), 소설 '인생'(活着): a genre word names the quoted title a work
        _add(votes, "WORK", "genre_quote")
    if quoted and not titled and _work_near().search(after[:30]):  # '춘망'(春望)을 지었다: a work's title
        titled = True
        _add(votes, "WORK", "quoted_work_near")
    year = quoted and _YEAR_ONLY.match(inside_after) is not None and enclosure in PAREN_OPENERS
    if year:  # '붉은 수수밭'(紅高粱, 1988년): a quoted title with its year is a work's
        _add(votes, "WORK", "quoted_year")
    if (before.endswith(_QUOTE_OPENERS) and sino_or_translation(alignment) and alignment is not None
            and not titled and not year and not {t for t, _ in votes} & (_NAMED_TYPES | {"PERSON"})):
        # ‘중국몽(中國夢)’: a quoted term read or translated, a slogan
        _add(votes, "OTHER", "quoted_term")
    if "이다" in after or "였다" in after:  # a definition: 청룽(成龍)은 홍콩의 배우이다
        t = _defined_as(after)
        if t is not None:
            _add(votes, t, "definition")
    m = near_pat.search(after[:20])
    if m:
        t = ev["near"][m.group(0)]
        _add(votes, t, "near")
    if not inside_after or enclosure not in PAREN_OPENERS:
        pass  # the usual case: nothing else in the bracket
    elif LIFESPAN.match(inside_after):
        _add(votes, "PERSON", "lifespan_person" if person_shaped else "lifespan_weak")
    elif DATE_AFTER.match(inside_after) and not year:
        _add(votes, "MEDIA", "source_citation")  # (매체명 2020.8.27): a source citation
    t = ENCLOSURE_VOTES.get(enclosure) if enclosure else None
    if t is not None:
        _add(votes, t, "enclosure")
    return votes  # every vote is positive: no zero entries to drop


_QUOTE_OPENERS = tuple(OPENING_QUOTES)  # str.endswith takes a tuple
# the words before a courtesy or style name (entity_types.tsv, before), each a word of its own
_COURTESY = frozenset({"자는", "호는", "호가", "자가"})
_TITLE_QUOTES = tuple(OPENING_QUOTES + TITLE_OPENERS)
_YEAR_ONLY = re.compile(r"^\s*[,，]\s*(?:1[89]|20)\d\d\s*년?\s*$")  # (紅高粱, 1988년): a year, nothing more


@functools.cache
def _genre_patterns() -> tuple[re.Pattern, re.Pattern]:
    """A genre word right before the opening quote (영화 ', 장편 《, 신작인 '), and one right after the
    bracket ((…) 영화, (…)라는 소설)."""
    words = "|".join(re.escape(w) for w in sorted(entity_evidence()["genre"], key=len, reverse=True))
    return (re.compile(f"(?<![가-힣])(?:{words})(?:인|이자)?\\s*$"),
            re.compile(f"\\s*(?:이?라는\\s*)?(?:{words})(?![가-힣])"))


@functools.cache
def _work_near() -> re.Pattern:
    """The words a little after a quoted name that tell a work (entity_types.tsv, kind work_near)."""
    return re.compile("|".join(re.escape(w) for w in sorted(entity_evidence()["work_near"], key=len, reverse=True)))


def _genre_around(before: str, after: str) -> bool:
    """A genre word right before a quoted name or right after its bracket."""
    ending, starting = _genre_patterns()
    head = before.rstrip()
    return bool(ending.search(head[:-1].rstrip()[-12:]) or starting.match(after.lstrip(_AFTER_MARKS)))
# marks between a name and the words around it: brackets, title marks and quotes, stripped before a
# title or a definition is looked for
_AFTER_MARKS = PAREN_CLOSERS + TITLE_CLOSERS + CLOSING_QUOTES
_BEFORE_MARKS = PAREN_OPENERS + TITLE_OPENERS + OPENING_QUOTES

_PREDICATE = re.compile(r"([가-힣]+)(?:이다|였다|이었다)(?=[.\s]|$)")


def _defined_as(after: str) -> str | None:
    """The type a definition right after the name gives it, by the ending of its noun (정치가이다, 도시이다).
    The name must be the topic (은/는 after it) and the definition in the same sentence: 장이머우(张艺谋)가
    연출한 영화이다 defines the film, not him."""
    head = after.lstrip(_AFTER_MARKS + " ")
    if not head.startswith(("은", "는")):
        return None
    m = _PREDICATE.search(head)
    if m is None or any(ch in head[:m.start()] for ch in ".?!"):
        return None
    word, predicates = m.group(1), entity_evidence()["predicate"]
    for size in range(len(word), 0, -1):
        if word[-size:] in predicates:
            return predicates[word[-size:]]
    return None


_BRAND = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}$")


def scores(evidence: Evidence, mentions: int = 1) -> dict[str, float]:
    """Each type's score: its evidence weighed by type_votes.toml, and the organisation prior, which
    grows with the mentions that gave no evidence (one 'APP' after one of eighteen mentions of a company
    does not make it a product)."""
    out = dict.fromkeys(TYPES, 0.0)
    weights = vars(W)
    for (t, kind), n in evidence.items():
        out[t] += weights[kind] * n
    out["ORG"] += W.org_prior * max(1, mentions) ** 0.5
    return out


def decide_type(evidence: Evidence, mentions: int = 1) -> str:
    """The type with the highest score."""
    return decision(evidence, mentions)[0]


def confidence(evidence: Evidence, mentions: int = 1) -> float:
    return decision(evidence, mentions)[1]


def decision(evidence: Evidence, mentions: int = 1) -> tuple[str, float]:
    """The type with the highest score, and how sure that is: the winner's share of the scores' softmax
    (0.14 when nothing tells, toward 1 when one type's evidence is far ahead; reviewers look at the low
    ones first). One weighing of the evidence for both."""
    s = scores(evidence, mentions)
    best = max(TYPES, key=lambda t: s[t])
    top = s[best]
    return best, round(1 / sum(math.exp(v - top) for v in s.values()), 3)


def majority_type(counts: dict[str, int]) -> str:
    """The type most occurrences were given (ties to ORG, the prior), for a name seen across documents."""
    return max(TYPES, key=lambda t: counts.get(t, 0) + (W.org_prior if t == "ORG" else 0))


def _add(evidence: Evidence, t: str, kind: str, n: float = 1.0) -> None:
    evidence[(t, kind)] = evidence.get((t, kind), 0.0) + n


def origin(hanzi: str, korean: str | None, alignment: Alignment | None, context: str,
           enclosure: str | None = None, kana_nearby: bool = True, lexicon: Lexicon | None = None) -> str:
    """zh, ja or ko for one occurrence (before the document-level Japanese-neighbourhood pass)."""
    if kana_nearby and (KANA.search(context) or KANA.search(hanzi)):
        return "ja"
    if alignment is None or korean is None:
        return "zh"
    hows = alignment.hows
    if ("japanese" in hows and alignment.score >= 0.5  # a poor alignment (차이나유니콤 中國聯通) tells nothing
            and sum(len(h) for h, _, how in alignment.parts if how == "japanese") * 2 >= len(hanzi)):
        return "ja"  # Japanese readings for half the characters or more (리카싱 李嘉誠 has one, by chance)
    if any(japanese_form(ch) for ch in hanzi) and (lexicon or default_lexicon()).lookup(fold(hanzi)) is None:
        return "ja"  # 愛知県, 福沢諭吉: written as only Japanese writes them (the lexicon knows 荘周)
    titled = enclosure is not None and enclosure in TITLE_OPENERS  # a title mark makes a name, not a glossed word
    if hows == _READING_ONLY and alignment.score >= 0.99 and not titled:
        lex = lexicon or default_lexicon()
        # a name the lexicon or the known entities know (光緒 광서, an era; 唐 당, a dynasty) is no Korean word
        key = fold(hanzi)
        known = lex.lookup(key) is not None or key in entity_evidence()["known"] or key in chinese_places()
        if not known and (_ordinary_word(hanzi, lex, lex.version) or _korean_word(hanzi, korean, lex)):
            return "ko"
    return "zh"


_READING_ONLY = frozenset({"reading"})
_BY_SOUND = frozenset({"sound", "cantonese"})


@caches.lru("classify.ordinary_word")
def _ordinary_word(hanzi: str, lexicon: Lexicon, version: int) -> bool:
    """One character, or a word jieba's dictionary tags as a common noun, verb or adjective — and not a
    person's name (read in Sino-Korean, such a word is a Korean word glossed with Hanja)."""
    key = fold(hanzi)
    if any(len(key) > len(s) >= 2 and key.endswith(s) for s in _media_suffixes()):
        return False  # 环球时报: jieba's dictionary has the paper as a common noun, but it is a paper's name
    ordinary = pinyin.single_word_tag(key, lexicon) in ("n", "v", "vn", "a", "d", "ad", "an", "l", "i")
    return (len(key) == 1 or ordinary) and not pinyin.looks_like_person(key, lexicon=lexicon)


@functools.cache
def _media_suffixes() -> tuple[str, ...]:
    return tuple(s for s, t in entity_evidence()["suffix"].items() if t == "MEDIA")


NAME_TAGS = ("nr", "ns", "nt", "nz", "j")  # jieba's person, place, organisation, other-name and abbreviation flags


def _korean_word(hanzi: str, korean: str, lexicon: Lexicon) -> bool:
    """The Korean is a common noun of the Korean dictionary (구상권 for 求償權) and neither jieba nor the
    lexicon knows the Hanzi, or a dictionary word inside it, as a name (中山 중산, 全人大 전인대, 孔丘 공구
    stay Chinese). jieba's person tag for the whole string does not count (施政 시정 is ko): a person of
    today is written by the Mandarin sound (스정), and the lexicon lists the historical ones."""
    key = fold(hanzi)
    if len(key) < 2 or compact(korean) not in korean_common_nouns() or lexicon.lookup(key) is not None:
        return False
    return not _named_by_jieba(key, lexicon, lexicon.version)


@caches.lru("classify.named_by_jieba")
def _named_by_jieba(key: str, lexicon: Lexicon, version: int) -> bool:
    """jieba's dictionary tags the string (but as a person), or a word of two or more characters inside
    it, as a name."""
    tag = pinyin.single_word_tag(key, lexicon) or ""
    if tag.startswith(NAME_TAGS) and not tag.startswith("nr"):
        return True
    return any(len(w) > 1 and flag.startswith(NAME_TAGS) and pinyin.in_dictionary(w, lexicon)
               and not (w == key and flag.startswith("nr")) for w, flag in pinyin.jieba_tags(key, lexicon))


_NAMED_TYPES = frozenset({"ORG", "MEDIA", "PLACE"})  # votes (a suffix: 明報) that a term's evidence does not outweigh


def person_of_the_past(votes: Evidence, korean: set[str] | None, scores: dict[str, float],
                       own: dict[Cue, int]) -> Evidence:
    """A name jieba knows as a person's, read in Sino-Korean where that reading is also a Korean word
    (원소 袁紹 and 元素, 주유 周瑜 and 注油, 동탁 董卓), in a sentence of China's past (후한 말 …, a dynasty, a
    classic) of a document that speaks more for China's past than for Korea: the Korean word is a
    coincidence of sound, and the name a person of the stories (a person of today is written by the
    Mandarin sound). Its korean_word vote gives way to a past_document_person vote. A word in a sentence of
    its own stays a word (정부는 시정(施政) 방침을 …, after a sentence on 소식(蘇軾))."""
    if (not korean or "reading" not in korean or ("PERSON", "jieba_name") not in votes
            or ("OTHER", "korean_word") not in votes or scores["past"] <= scores["ko"]
            or not any(side == "past" for side, _ in own)):
        return votes
    out = {k: v for k, v in votes.items() if k != ("OTHER", "korean_word")}
    _add(out, "PERSON", "past_document_person")
    return out


def korean_hanja(hanzi: str) -> bool:
    """Written in the full forms Korean Hanja use (改憲, 右傾化): a Korean word among Japanese names stays
    Korean; 乱数 (乱, not 亂) is the Japanese text's own term."""
    return traditional(hanzi) == hanzi


def doubted(decided: str, votes: Evidence, scores: dict[str, float]) -> bool:
    """A term by the Korean-word test alone (OTHER, korean_word among its votes) in a document that speaks
    more for China than for Korea: the Korean word may be a coincidence of sound (휘종 徽宗, 광인일기
    狂人日記), so its type confidence is lowered (type_votes.toml, doubted_confidence) for a reviewer to see."""
    return (decided == "OTHER" and ("OTHER", "korean_word") in votes
            and scores["today"] + scores["past"] > scores["ko"])


def add_korean_word_vote(votes: Evidence, hanzi: str, lexicon: Lexicon | None = None) -> None:
    """An occurrence whose origin is ko and whose Hanzi are one word of jieba's dictionary (시정(施政)) is a
    term: it votes OTHER, unless a suffix already names it. 李杜 (李 and 杜, two names) gets no such vote."""
    if not {t for t, _ in votes} & _NAMED_TYPES and pinyin.in_dictionary(fold(hanzi), lexicon):
        _add(votes, "OTHER", "korean_word")


def sino_or_translation(alignment: Alignment | None) -> bool:
    """The Korean renders no character by Mandarin sound (a term read or translated, not transliterated)."""
    if alignment is None:
        return True
    return (not alignment.hows & _BY_SOUND
            and ("japanese" not in alignment.hows or alignment.score < 0.5))


@functools.cache
def _korean_context() -> tuple[re.Pattern, dict[str, str]]:
    """The titles of today written after a person's name (korean_context.tsv, sides modern and
    korean_title), longest first, with their side."""
    sides = {r["word"]: r["side"] for r in read_table("korean_context.tsv")
             if r["side"] in ("modern", "korean_title")}
    return re.compile("|".join(re.escape(w) for w in sorted(sides, key=len, reverse=True))), sides


@functools.cache
def _endings(side: str) -> tuple[str, ...]:
    return tuple(fold(r["word"]) for r in read_table("korean_context.tsv") if r["side"] == side)


def korean_place_ending(hanzi: str) -> bool:
    """The name ends as Korean places do when read in Sino-Korean (…道 도, …郡 군, …州 주, …島 도): a
    Chinese place of today is written by the Mandarin sound, so 진주(晉州) and 한산도(閑山島) are Korean."""
    return fold(hanzi).endswith(_endings("ending"))


ORIGIN_SIDES = ("today", "past", "ko", "ja")
Cue = tuple[str, str]  # (side, kind): a kind of evidence for an origin, weighed by type_votes.toml [origin]


@functools.cache
def _cues() -> tuple[ahocorasick.Automaton, dict[str, Cue]]:
    """origin_cues.tsv in an Aho-Corasick automaton (every sentence of a document is read for them: one pass
    in C, where an alternation of the words was tried at every character)."""
    cues = {r["word"]: (r["side"], r["kind"]) for r in read_table("origin_cues.tsv")}
    automaton = ahocorasick.Automaton()
    for word in cues:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton, cues


_WORD_CHAR = re.compile("[가-힣A-Za-z]")


def _cue_spans(context: str) -> list[tuple[int, int]]:
    """Where the cues of a text stand, in order, read from the left as a regular expression of the words,
    longest first, would read them: the longest cue at each place; a cue starts a word (에도 in 중국에도 is
    none), and the next one starts after it."""
    longest: dict[int, int] = {}
    for end, size in _cues()[0].iter(context):
        start = end - size + 1
        if longest.get(start, 0) < size:
            longest[start] = size
    found = []
    after = 0
    for start in sorted(longest):
        if start < after or (start and _WORD_CHAR.match(context, start - 1)):
            continue
        after = start + longest[start]
        found.append((start, after))
    return found


def _cue_words(context: str) -> list[str]:
    """The cues of a sentence in order (see _cue_spans)."""
    return [context[a:b] for a, b in _cue_spans(context)]


# the document's evidence counts by the square root of its sentences: past this many (sentence, kind) pairs
# more tells little, so a long document's count stops there (its names' own sentences still count)
DOCUMENT_CUES = 60


def text_cues(text: str, limit: int = DOCUMENT_CUES) -> Counter:
    """The kinds of origin evidence of a stretch of text, each counted once per sentence that holds it (a
    sentence ends at a line break or a full stop and a space): the document's evidence, read from all its
    sentences (장예모 감독 in one, 베이징 올림픽 in another), ``limit`` (sentence, kind) pairs at most."""
    cues = _cues()[1]
    seen: set[tuple[int, Cue]] = set()
    sentence, pos, begin = 0, 0, 0
    while begin < len(text) and len(seen) < limit:  # a few thousand characters at a time, whole lines: where
        stop = text.find("\n", begin + _CHUNK)  # cues are many, the limit comes before the end of the text
        stop = len(text) if stop < 0 else stop + 1
        for a, b in _cue_spans(text[begin:stop]):
            start = begin + a
            sentence += text.count("\n", pos, start) + text.count(". ", pos, start)
            pos = start
            seen.add((sentence, cues[text[start:begin + b]]))
            if len(seen) >= limit:
                break
        begin = stop
    return Counter(cue for _, cue in seen)


_CHUNK = 4000


@caches.lru("classify.sentence_cues")
def sentence_cues(context: str) -> frozenset[Cue]:
    """The kinds of origin evidence one sentence holds (each counted once per sentence)."""
    cues = _cues()[1]
    return frozenset(cues[w] for w in _cue_words(context))


def name_cue(hanzi: str, alignment: Alignment | None, origin: str, korean_name: str | None) -> Cue | None:
    """What a name itself says of its document: written by the Mandarin (or Cantonese) sound, in simplified
    characters, read in Japanese, a Korean place, a Chinese person of before 1911."""
    if korean_name == "place":
        return ("ko", "korean_place")
    if korean_name == "zh":
        return ("past", "historical_name")
    if origin == "ja":
        return None
    if alignment is not None and "sound" in alignment.hows:
        return ("today", "mandarin_name")
    if alignment is not None and "cantonese" in alignment.hows:
        return ("today", "cantonese_name")
    if any(simplified_only(ch) for ch in hanzi):
        return ("today", "simplified")
    return None


def weigh_origin(document: dict[Cue, int], own: dict[Cue, int]) -> dict[str, float]:
    """Each side's score: the document's cues (by the square root of the sentences that hold them) and the
    name's own sentences' (again, times own_sentence), weighed by type_votes.toml [origin]."""
    weights = vars(WO)
    out = dict.fromkeys(ORIGIN_SIDES, 0.0)
    for (side, kind), n in document.items():
        out[side] += weights[kind] * n ** 0.5
    for (side, kind), n in own.items():
        out[side] += WO.own_sentence * weights[kind] * n ** 0.5
    return out


def own_sentence_origin(decided: str, korean: set[str], hanzi: str, own: frozenset[Cue]) -> str | None:
    """The origin a name's own sentence gives on its own, where it speaks clearly (by sentence_override)
    and the verdict goes its way: a sentence that speaks for China cannot make a name Korean through the
    name's own priors (김용(金庸)의 무협소설 … 홍콩에서: 金 is a Korean surname, the sentence is Hong Kong's)."""
    if not own:
        return None
    alone = weigh_origin({}, dict.fromkeys(own, 1))
    margin = alone["today"] + alone["past"] - alone["ko"]
    if abs(margin) < WO.sentence_override:
        return None
    mine = sino_korean_origin(decided, korean, hanzi, alone)
    return mine if mine == ("zh" if margin > 0 else "ko") else None


def sino_korean_origin(decided: str, korean: set[str], hanzi: str, scores: dict[str, float]) -> str | None:
    """The origin of a person, place or work read in Sino-Korean, from the weighed evidence: Korean when Korea
    outweighs China (today and past together), with a head start for a person (more for one with a title of
    today after the name) and for a place that ends as Korean places do; None where it is not such a name."""
    china = scores["today"] + scores["past"]
    if "ja_forms" in korean:  # Japanese forms: Japanese unless the document speaks more for China (안회 顔回)
        return "ja" if scores["ja"] >= china else "zh"
    if decided == "PERSON":
        prior = (WO.korean_title_prior if "korean_title" in korean else WO.modern_prior if "modern" in korean
                 else WO.korea_prior if "reading" in korean else None)
        if prior is None:
            return "zh"
        if fold(hanzi).startswith(_endings("korean_surname")):  # 김일성(金日成), 박지원(朴趾源)
            prior += WO.korean_surname
        return "ko" if scores["ko"] + prior >= china else "zh"
    if decided == "PLACE":
        if "place" in korean:
            return "ko"
        korea = scores["ko"] + WO.place_prior + (WO.place_ending if korean_place_ending(hanzi) else 0.0)
        return "ko" if korea > china and "reading" in korean else "zh"
    if decided in ("WORK", "MEDIA"):  # 열하일기(熱河日記), 징비록(懲毖錄); 명보(明報) of Hong Kong
        return "ko" if scores["ko"] > china else "zh"
    if decided == "ORG":  # 삼성(三星), 현대(現代)그룹 among Korean firms; 입법원(立法院) of Taiwan
        return "ko" if "korean_org" in korean or scores["ko"] > china else "zh"
    return None


def of_the_past(hanzi: str, context: str, lexicon: Lexicon | None = None) -> bool:
    """A Chinese name read in Sino-Korean is of before 1911 where it ends as a ruler's title (康熙帝), or its
    sentence speaks of China's past: a dynasty, a classic, a courtesy name (origin_cues.tsv side past), or
    another name the lexicon knows as a person of before 1911 (이두(李杜) beside 두보(杜甫)); or it is a person
    of the classical lists (known_names.tsv: 동탁 董卓, 원소 袁紹) whose sentence says nothing of today."""
    sides = {side for side, _ in sentence_cues(context)}
    key = fold(hanzi)
    if key.endswith(_endings("zh_ending")) or "past" in sides:
        return True
    if key in _classical_persons() and "today" not in sides:
        return True
    lex = lexicon or default_lexicon()
    for run in HAN_RUN.findall(context):
        other = lex.lookup(run) if fold(run) != key else None
        if other is not None and other.kind == "historical":
            return True
    return False


def korean_name(hanzi: str, alignment: Alignment | None, context: str, lexicon: Lexicon | None = None,
                after: str = "") -> str | None:
    """What a name the Korean renders by its plain Sino-Korean reading says of itself: "place" for a Korean
    place of korean_places.tsv (平壤 평양), "zh" for a Chinese person of before 1911 (the lexicon's historical
    persons, or a ruler's title: 康熙帝), "korean_title" for a title of today only Korea uses after it
    (김정은 국무위원장, 이명박 전 대통령), "modern" for another title of today (장예모 감독),
    "reading" when nothing tells, None for a name the lexicon or the known entities list (毛泽东 모택동) or
    another rendering. The document's evidence decides the rest (weigh_origin)."""
    if alignment is None or alignment.hows != _READING_ONLY or alignment.score < 0.99:
        return None
    if any(japanese_form(ch) for ch in hanzi):  # 廃藩置県 폐번치현, 顔回 안회: forms Japanese writes (顔 too)
        return "ja_forms"
    key = fold(hanzi)
    if key in _korean_places():
        return "place"
    if key in _korean_orgs():  # 三星 삼성, 大宇 대우: a Korean business group (known_names.tsv)
        return "korean_org"
    known = (lexicon or default_lexicon()).lookup(key)
    if (known is not None and known.kind == "historical") or key.endswith(_endings("zh_ending")):
        return "zh"  # a Chinese person of before 1911: the lexicon's, or an emperor's title (康熙帝, 西太后)
    titles, sides = _korean_context()
    m = titles.match(after.lstrip(_AFTER_MARKS + " "))
    if m:  # a title of today after a person's name read in Sino-Korean (김정은 국무위원장, 장예모 감독)
        return sides[m.group(0)]
    if known is not None or key in entity_evidence()["known"]:
        return None  # a name the lexicon or the known entities list (毛泽东 모택동, 唐 당) is Chinese
    return "reading"


@functools.cache
def _korean_orgs() -> frozenset[str]:
    return frozenset(fold(r["text"]) for r in read_table("known_names.tsv") if r["list"] == "korean_groups")


@functools.cache
def _classical_persons() -> frozenset[str]:
    return frozenset(fold(r["text"]) for r in read_table("known_names.tsv") if r["list"] == "classical_persons")


@functools.cache
def _korean_places() -> frozenset[str]:
    return frozenset(fold(r["hanja"]) for r in read_table("korean_places.tsv"))


def cue_words(context: str) -> list[str]:
    """The words of a sentence that speak for an origin, with their side and kind (중국: today, country)."""
    cues = _cues()[1]
    return [f"{w} ({cues[w][0]}, {cues[w][1]})" for w in dict.fromkeys(_cue_words(context))]


def origin_evidence(hanzi: str, korean: str | None, origin: str, lexicon: Lexicon | None = None,
                    context: str = "") -> list[str]:
    """What tells a name's origin, in words, for `glossary show`: how its Korean renders the Hanzi, the
    forms it is written in, the tables that know it, and for a name read in Sino-Korean the words of its
    first sentence that speak for an origin."""
    out = _origin_evidence(hanzi, korean, origin, lexicon)
    hows = align(korean, hanzi).hows if korean else frozenset()
    if origin in ("zh", "ko") and hows == _READING_ONLY and context:
        words = cue_words(context)
        if words:
            out.append("its first sentence: " + ", ".join(words))
    return out


def _origin_evidence(hanzi: str, korean: str | None, origin: str, lexicon: Lexicon | None = None) -> list[str]:
    lex = lexicon or default_lexicon()
    key = fold(hanzi)
    out: list[str] = []
    hows = align(korean, hanzi).hows if korean else frozenset()
    known = lex.lookup(key)
    if origin == "ja":
        forms = "".join(ch for ch in hanzi if japanese_form(ch))
        if forms:
            out.append(f"written with Japanese forms ({forms})")
        if "japanese" in hows:
            out.append("the Korean follows the Japanese reading")
    elif origin == "ko":
        if key in _korean_places():
            out.append("a Korean place (korean_places.tsv)")
        if hows == _READING_ONLY:
            out.append("the Korean is the Sino-Korean reading, as Korean names in Hanja are written")
        if korean_place_ending(hanzi):
            out.append(f"ends as Korean places do ({hanzi[-1]})")
        if korean and compact(korean) in korean_common_nouns():
            out.append("a word of the Korean dictionary")
    else:
        if known is not None and known.kind == "historical":
            out.append(f"a Chinese name of before 1911 ({known.source or 'lexicon'}): read in Sino-Korean")
        if "sound" in hows:
            out.append("the Korean follows the Mandarin sound")
        if "cantonese" in hows:
            out.append("the Korean follows the Cantonese sound")
        if hows == _READING_ONLY and not out:
            out.append("read in Sino-Korean, and the documents speak more for China than for Korea "
                       "(origin_cues.tsv): a Chinese name of today so written (장예모 for 張藝謀) is spelled "
                       "officially by the Mandarin rules, the documents' form kept as a customary one; one "
                       "of before 1911 keeps the Sino-Korean reading")
    return out or ["nothing particular: the default for its script and reading"]
