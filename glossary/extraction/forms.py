"""The marks, labels and word lists every extraction stage reads, from data files, in one place.

Brackets, quotes, title marks, gloss separators and labels come from ``data/tables/forms.toml`` (with
their roles); the type-vote weights from ``type_votes.toml``; the words that tell a person's name —
titles after it, English given names before it — from ``entity_types.tsv`` and
``western_given_names.tsv``. Candidates, boundary, classify and the driver import these names instead
of spelling a mark themselves, so the stages cannot disagree about what a mark means, and a linguist
adds a bracket or a label by editing a table (its test vectors are in ``forms_vectors.tsv``).

Design: docs/how-it-works.md
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from pathlib import Path
from types import MappingProxyType, SimpleNamespace

from glossary.base.han import fold
from glossary.base.hangul import is_hangul
from glossary.base.resources import read_table, read_toml, tables_dir
from glossary.translit import pinyin

_FORMS = read_toml("forms.toml")
_BRACKETS = _FORMS["bracket"]

OPENERS = MappingProxyType({b["open"]: b["close"] for b in _BRACKETS})  # every bracket mark, opener → closer
CLOSERS = MappingProxyType({b["close"]: b["open"] for b in _BRACKETS})
PAREN_OPENERS = "".join(b["open"] for b in _BRACKETS if b["kind"] == "paren")  # ( （: a gloss bracket
PAREN_CLOSERS = "".join(b["close"] for b in _BRACKETS if b["kind"] == "paren")
# title marks around a name delimit it as quotes do; index i of one is the pair of index i of the other
READING_OPENERS = "".join(b["open"] for b in _BRACKETS if b.get("reading"))  # 支付宝(즈푸바오), 李白[이백]
TITLE_OPENERS = "".join(b["open"] for b in _BRACKETS if b["kind"] == "title")
TITLE_CLOSERS = "".join(b["close"] for b in _BRACKETS if b["kind"] == "title")
ENCLOSURE_VOTES = MappingProxyType({b["open"]: b["vote"] for b in _BRACKETS if b.get("vote")})

OPENING_QUOTES = _FORMS["quotes"]["opening"]
CLOSING_QUOTES = _FORMS["quotes"]["closing"]
QUOTES = "".join(dict.fromkeys(OPENING_QUOTES + CLOSING_QUOTES + _FORMS["quotes"]["other"]))

# a paragraph break, or the start of a heading or list item: no sentence and no rendering reaches across it
BREAK = (r"\n\n\n|\n(?=[ \t]*(?:[" + re.escape(_FORMS["breaks"]["marks"]) + r"]|\d{1,2}[.)][ \t]))")
LAST_BREAK = re.compile(f"(?s:.*)(?:{BREAK})")  # greedy: the last break before a position, found in C

GLOSS_SEPARATORS = _FORMS["separators"]["gloss"]
LATIN_SEPARATORS = GLOSS_SEPARATORS + _FORMS["separators"]["latin"]
STOPS = frozenset(_FORMS["separators"]["stops"]) | frozenset(OPENERS) | frozenset(CLOSERS)


def _label_pattern(labels: dict) -> str:
    """The label regex from its words: longest first (중국어 before 중국), a suffix (a space may stand
    before a suffix of two syllables: 중국 이름), words that need a suffix kept from standing alone."""
    words = "|".join(sorted(labels["words"], key=len, reverse=True))
    suffixes = "|".join((r"\s*" if len(s) > 1 else "") + s for s in labels["suffixes"])
    alone_not = "".join(labels["need_suffix"])
    return (f"(?:{labels['prefix']}\\s*)?(?:{words})(?:{suffixes})?(?<![{alone_not}])"
            r"\s*[:：]?\s*$")  # the colon may be left out: (영문명 Alibaba Group, 중국어 阿里巴巴集团)


LABEL = re.compile(_label_pattern(_FORMS["labels"]))
_SUFFIXES = "|".join((r"\s*" if len(s) > 1 else "") + s for s in _FORMS["labels"]["suffixes"])
# a label before a Latin name in the bracket: (阿里巴巴·영문명 Alibaba)
LATIN_LABEL = f"(?:(?:{'|'.join(_FORMS['labels']['latin'])})(?:{_SUFFIXES})?\\s*[:：]?\\s*)?"

# the weights of the type votes by name (W.known, W.suffix …): what each kind of evidence is worth
W = SimpleNamespace(**read_toml("type_votes.toml")["weights"])
# the weights of the origin evidence by name (WO.country, WO.own_sentence …): classify.weigh_origin
WO = SimpleNamespace(**read_toml("type_votes.toml")["origin"])


@functools.cache
def entity_evidence() -> dict[str, dict[str, str]]:
    """entity_types.tsv by kind (known, suffix, after, before, near, predicate, genre): text → type, with
    known_names.tsv's lists among the known."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for r in read_table("entity_types.tsv"):
        text = fold(r["text"]) if r["kind"] in ("suffix", "known") else r["text"]
        out[r["kind"]][text] = r["type"]
        if r["kind"] == "era":  # read with the words after a name, in one pattern; type ERA marks them
            out["after"][text] = "ERA"
    for r in read_table("known_names.tsv"):  # the classics, Hong Kong's districts, Japan's eras: by list
        out["known"].setdefault(fold(r["text"]), r["type"])
    return out


@functools.cache
def person_titles() -> frozenset[str]:
    """Titles written after a person's name (회장, 총리, 국가주석 …): the boundary keeps them out of it,
    and classify counts them as votes."""
    return frozenset(text for text, t in entity_evidence()["after"].items() if t == "PERSON")


@functools.cache
def person_titles_longest_first() -> tuple[str, ...]:
    return tuple(sorted(person_titles(), key=len, reverse=True))


@functools.cache
def words_after_names() -> tuple[str, ...]:
    """Every word that follows a name and tells its type (titles, 측, 그룹 …), longest first."""
    return tuple(sorted((t for t, kind in entity_evidence()["after"].items() if kind != "ERA"), key=len,
                        reverse=True))


@functools.cache
def korean_dictionary_words() -> frozenset[str]:
    """Words the Korean language has, of two to six Hangul syllables: the words of JHannanum's system
    dictionary that are something else than a proper noun (선진, 장기: its proper nouns hold foreign places
    in their variant spellings, 텐진 for 톈진), and the words of today's usage in wordfreq's Korean list (리스,
    리더, 한전: korean_frequent_words.tsv). JHannanum's dictionary ships with konlpy (a dependency; KAIST,
    GPL-3.0 as this project), so it is read from there, not copied."""
    import konlpy

    frequent = {r["word"] for r in read_table("korean_frequent_words.tsv")}
    path = Path(konlpy.__file__).parent / "java" / "data" / "kE" / "dic_system.txt"
    if not path.is_file():
        return frozenset(frequent)
    with open(path, encoding="utf-8") as fh:
        rows = (line.rstrip("\n").split("\t") for line in fh)
        return frozenset(word for word, *tags in rows if 2 <= len(word) <= 6 and is_hangul(word)
                         and any(not t.startswith("nq") for t in tags)) | frequent


@functools.cache
def western_given_names() -> frozenset[str]:
    """English given names as Korean spells them (캐리, 존 …): written before the surname in Hong Kong,
    Macau and Taiwan names (캐리 람(林鄭月娥)), where they render no Hanzi but belong to the name."""
    return frozenset(r["hangul"] for r in read_table("western_given_names.tsv"))


def person_shaped(key: str) -> bool:
    """Two to four Hanzi that start with a surname: the shape of a Chinese person's name."""
    return 2 <= len(key) <= 4 and pinyin.leading_surname(key) is not None


@functools.cache
def korean_common_nouns() -> frozenset[str]:
    """Korean common nouns of Sino-Korean syllables (from JHannanum's dictionary, see the table's header):
    a name's reading that is one of them (소식 for 苏轼, 시정 for 施政) needs more than the string to be
    taken for the name."""
    with open(tables_dir() / "korean_common_nouns.tsv", encoding="utf-8") as fh:
        return frozenset(line.rstrip("\n") for line in fh if not line.startswith("#")) - {"word"}  # the header
