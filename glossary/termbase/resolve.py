"""Resolve occurrences into glossary entries: one entry per entity, its spellings and the evidence.

An entry is keyed by the simplified Hanzi (人民日報 and 人民日报 are one). Inside it, Korean spellings
are told apart as *variants* of one transliteration (펭지엔전 / 펑지엔전 / 펑지엔젼: close phonetic keys)
or *alternative names* (支付宝: brand 알리페이 beside transliteration 지푸바오). Entries are linked
(国美 ⊂ 国美零售) but never merged, and one Korean spelling used for two Hanzi is flagged.

Design: docs/glossary-and-review.md
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from glossary.base.han import fold, traditional
from glossary.base.hangul import compact
from glossary.extraction import classify
from glossary.extraction.align import align, japanese_official
from glossary.termbase.evidence import Evidence, Tally
from glossary.translit import phonetic, pinyin
from glossary.translit.lexicon import Lexicon
from glossary.translit.pinyin_hangul import syllables_to_hangul
from glossary.translit.suggest import suggest

PROGRESS_EVERY = 1000  # entries between two reports of progress
VARIANT_DISTANCE = 0.34  # phonetic distance within which two spellings are one transliteration


@dataclass
class Form:
    korean: str
    count: int
    kind: str  # official | customary (a form in established use) | variant (of the main transliteration) | alternative
    distance: float  # phonetic distance to the official spelling


@dataclass
class Entry:
    key: str
    hanzi: dict[str, int]  # written forms with counts (人民日報, 人民日报)
    forms: list[Form]
    english: dict[str, int]
    type: str
    origin: str
    official: str | None
    pinyin: str | None
    sino_korean: str | None
    rule: str | None
    occurrences: int
    documents: list[str]
    first_context: str
    related: list[str] = field(default_factory=list)
    recommended: str | None = None
    reason: str = ""
    customary: list[tuple[str, str]] = field(default_factory=list)  # (form, source table) in established use

    @property
    def traditional(self) -> str:
        return traditional(self.key)


def _kind(korean: str, official: str | None, transliteration: str | None,
          customary: Iterable[str] = ()) -> tuple[str, float]:
    """official; customary (a form in established use: 성룡 for 成龙); variant (a spelling of the
    transliteration or of the official form); alternative (another name: a brand, a translation)."""
    written = compact(korean)
    if official and written == compact(official):
        return "official", 0.0
    if written in customary:
        return "customary", round(phonetic.distance(korean, official), 3) if official else 0.0
    targets = [t for t in (official, transliteration) if t]
    if not targets:
        return "variant", 0.0
    d = min(phonetic.distance(korean, t) for t in targets)
    return ("variant" if d <= VARIANT_DISTANCE else "alternative"), round(d, 3)


UNSURE_PERSON = "sino-korean (a Korean, or a Chinese before 1911: origin unsure)"
DOCUMENTS = "documents"  # the source of a customary form the documents themselves write (장예모 for 張藝謀)
RULE_WORDS = {"table": "official spelling (NIKL rules)", "surname": "official spelling (NIKL rules, surname reading)",
              "historical": "Sino-Korean reading (person before 1911)", "customary": "customary Korean form",
              "sino-korean": "Sino-Korean reading of a term (as Korean writes it)",
              "translation": "Korean translation of a term (as Korean writes it)",
              "foreign": "a foreign name written in Chinese: spelled by its own language",
              "japanese": "official spelling (NIKL rules for Japanese, the reading the documents give)",
              "korean": "Korean name: its Sino-Korean reading",
              UNSURE_PERSON: "Sino-Korean reading (a Korean, or a Chinese before 1911: origin unsure)"}


def recommend(forms: list[Form], official: str | None, chosen: str | None = None,
              rule: str | None = None, customary: Iterable[tuple[str, str]] = (), style: str | None = None
              ) -> tuple[str | None, str]:
    """The Korean form to use, and why: the reviewer's choice; else the house style's (``official``: the
    official spelling; ``customary``: the customary form where one is known); else, with no house style,
    the official spelling if observed, a customary form if observed, or the most frequent observed form
    (the official spelling is shown beside it)."""
    if chosen:
        return chosen, "chosen by a reviewer"
    customary = list(customary)
    if style == "official" and official:
        return official, f"house style official: {RULE_WORDS.get(rule or 'table', 'official spelling')}"
    if style == "customary" and customary:
        return customary[0][0], f"house style customary: customary form ({customary[0][1]})"
    observed = {f.korean for f in forms}
    if official and official in observed:
        return official, f"{RULE_WORDS.get(rule or 'table', 'official spelling')}, observed in the documents"
    for form, source in customary:
        if form in observed:
            return form, f"customary form ({source}), observed in the documents; the official spelling is {official}"
    if forms:
        top = max(forms, key=lambda f: (f.count, f.kind != "alternative"))
        why = "most frequent observed form"
        if official:
            why += f"; the official spelling would be {official}"
        return top.korean, why
    return official, "official spelling (NIKL rules); no Korean form observed"


def recommend_stored(forms: list[Form], row: dict, style: str | None = None) -> tuple[str | None, str]:
    """`recommend` for an entry as the glossary stores it (its official spelling, rule, customary forms and
    a reviewer's chosen Korean)."""
    return recommend(forms, row["official"], row.get("chosen_korean"), row["rule"],
                     customary_forms(row.get("customary")), style)


def evidence_of(occurrences: Iterable) -> dict[str, Evidence]:
    """Evidence per key from occurrences (objects or dicts), counted by evidence.tally."""
    counts = Tally()
    counts.add(occurrence_rows(occurrences))
    return counted(counts)


def occurrence_rows(occurrences: Iterable) -> Iterator[tuple]:
    """The rows evidence.tally counts, from occurrences (objects with ``to_dict``, or dicts); streamed."""
    for occ in occurrences:
        o = occ if isinstance(occ, dict) else occ.to_dict()
        yield (o.get("key") or fold(o["hanzi"]), o.get("korean"), o.get("english"), o["hanzi"], o.get("type"),
               o.get("origin"), o.get("doc", ""), o.get("context") or "", 1)


def counted(counts: Tally) -> dict[str, Evidence]:
    """The evidence of what ``counts`` has counted, each key's first context taken from its first row."""
    evidence, firsts = counts.result()
    for key, ev in evidence.items():
        ev.first_context = firsts[key]
    return evidence


def resolve(occurrences: Iterable) -> dict[str, Entry]:
    """Entries from occurrences (see evidence_of)."""
    return entries_from(evidence_of(occurrences))


def entries_from(evidence: dict[str, Evidence], facts: dict[str, dict] | None = None,
                 lexicon: Lexicon | None = None, style: str | None = None, hints: Hints | None = None,
                 related: bool = True, recommended: bool = True, progress: Callable[[int], object] | None = None
                 ) -> dict[str, Entry]:
    """Entries from their evidence. ``facts`` are the machine fields a glossary stored for its entries
    (origin, official, pinyin, sino_korean, rule, customary: the suggestion made when the entry was last
    refreshed); where the origin still agrees they are used as they are instead of suggesting again. New
    suggestions use ``lexicon`` (a glossary's curated one), else the bundled tables. ``style`` is the house
    style the recommendation follows (None: the documents decide between official and customary).
    ``hints``: what extraction workers already computed under the same lexicon (see Hints). ``related``:
    link the entries to one another (what a refresh does not store). ``recommended``: recommend each entry's
    spelling (a caller that recommends under a reviewer's choice itself, or needs none, spares it).
    ``progress`` is told every PROGRESS_EVERY entries made."""
    facts = facts or {}
    entries = {}
    for key, ev in evidence.items():
        entries[key] = _entry(key, ev, facts.get(key), lexicon, style, hints, recommended)
        if progress is not None and len(entries) % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    if progress is not None:
        progress(len(entries) % PROGRESS_EVERY)
    if related:
        link_related(entries)
    return entries


class Aligned(NamedTuple):
    """What the entry's rules read of an alignment (extraction.align) of a Korean form with its Hanzi."""

    hows: frozenset
    score: float
    hanzi_cover: float
    parts: bool


class _Suggested(NamedTuple):
    """The fields of a Mandarin suggestion (translit.suggest) that an entry's spellings take."""

    official: str | None
    pinyin: str | None
    sino_korean: str | None
    official_rule: str | None
    customary: tuple
    error: str | None


def _aligned(korean: str, hanzi: str) -> Aligned:
    a = align(korean, hanzi)
    return Aligned(frozenset(a.hows), a.score, a.hanzi_cover, bool(a.parts))


@dataclass
class Hints:
    """Suggestions and alignments computed while the documents were extracted (in worker processes, under
    the lexicon the entries are resolved with), so that resolving an archive's entries does not compute them
    again in one process: per key the Mandarin suggestion, per (Korean, Hanzi) pair what its alignment
    says. Anything not here is computed as usual, with the same result."""

    suggested: dict[str, _Suggested] = field(default_factory=dict)
    aligned: dict[tuple[str, str], Aligned] = field(default_factory=dict)
    used: int = 0  # suggestions taken from here (a run's summary says how many of its entries)

    def add(self, data: dict) -> None:
        """Take a document's hints as `hints_of` made them (plain data, from the extraction cache)."""
        suggested, aligned = self.suggested, self.aligned
        for key, values in data.get("suggested", {}).items():
            if key not in suggested:  # the same in every document (one lexicon): made once
                suggested[key] = _Suggested(*values)
        for korean, hanzi, hows, score, cover, parts in data.get("aligned", ()):
            if (korean, hanzi) not in aligned:
                aligned[(korean, hanzi)] = Aligned(frozenset(hows), score, cover, parts)

    def suggest(self, key: str, lexicon: Lexicon | None):
        found = self.suggested.get(key)
        if found is None:
            return suggest(key, lexicon, origin="zh")
        self.used += 1
        return found

    def align(self, korean: str, hanzi: str) -> Aligned:
        found = self.aligned.get((korean, hanzi))
        return found if found is not None else _aligned(korean, hanzi)


def hints_of(rows: Iterable[tuple[str, str | None, str, str | None]], lexicon: Lexicon | None = None,
             written: tuple[set[str], set[tuple[str, str]]] | None = None) -> dict:
    """A document's hints, as plain data (marshal writes it into the extraction cache): from its names'
    ``(key, korean, hanzi, origin)``, the Mandarin suggestion of each key written as Chinese and the
    alignment of each Korean form with its Hanzi (what `_suggested` asks for the most frequent ones).
    ``written``: the keys and pairs whose hints are in another document's already (left out here)."""
    done_keys, done_pairs = written if written is not None else ((), ())
    keys: dict[str, None] = {}
    pairs: dict[tuple[str, str], None] = {}
    for key, korean, hanzi, origin in rows:
        if origin in (None, "zh") and key not in done_keys:
            keys[key] = None
        if korean and (pair := (korean, "".join(hanzi.split()))) not in done_pairs:
            pairs[pair] = None
    suggested = {}
    for key in keys:
        sug = suggest(key, lexicon, origin="zh")
        suggested[key] = (sug.official, sug.pinyin, sug.sino_korean, sug.official_rule, tuple(sug.customary),
                          sug.error)
    aligned = [(k, h, tuple(sorted(a.hows)), a.score, a.hanzi_cover, a.parts)
               for (k, h), a in ((pair, _aligned(*pair)) for pair in pairs)]
    return {"suggested": suggested, "aligned": aligned}


@dataclass
class Spellings:
    """What the rules and the tables say of one key: the official spelling and the rule that made it, the
    customary forms, the pinyin (or Japanese reading) and the Sino-Korean reading."""

    official: str | None
    pinyin: str | None
    sino_korean: str | None
    rule: str | None
    customary: list[tuple[str, str]] = field(default_factory=list)


def customary_text(forms: Iterable[tuple[str, str]]) -> str | None:
    """Customary forms as stored and shown: ``성룡 (PRESS); …``."""
    text = "; ".join(f"{k} ({src})" for k, src in forms)
    return text or None


def customary_forms(text: str | None) -> list[tuple[str, str]]:
    out = []
    for part in (text or "").split("; "):
        if part:
            form, _, source = part.rpartition(" (")
            out.append((form, source.rstrip(")")) if form else (part, ""))
    return out


def _suggested(key: str, origin: str, known: dict | None, lexicon: Lexicon | None = None,
               ev: Evidence | None = None, hints: Hints | None = None) -> Spellings:
    """The spellings of a key: stored, or suggested now by the rules of its origin. A Japanese name's
    official spelling follows the reading the documents give it (기시다 후미오 for 岸田文雄, where a
    dictionary reads 文雄 분유); a Korean name's is its Sino-Korean reading; never a Mandarin one. A term
    the documents write by its Sino-Korean reading or translate (일대일로, 중국 공산당 중앙정치국 상무위원회)
    gets that form with rule ``sino-korean`` or ``translation``, never a transliteration nobody uses."""
    if known is not None and known.get("origin") == origin:
        return Spellings(known["official"], known["pinyin"], known["sino_korean"], known["rule"],
                         customary_forms(known.get("customary")))
    if origin == "zh":
        hints = hints or _NO_HINTS
        sug = hints.suggest(key, lexicon)
        customary = list(sug.customary)
        if (sug.official_rule in ("table", "surname") and not customary and ev is not None
                and _read_as_person(ev, hints)):
            written = max(ev.korean.items(), key=_count)[0]
            if not classify.of_the_past(key, ev.first_context, lexicon):
                # a Chinese person of today written in the Sino-Korean reading (장예모 for 張藝謀, as film writing
                # and Korean editions of Chinese media do): the official spelling is the Mandarin one (장이머우),
                # the documents' form a customary one
                return Spellings(sug.official, sug.pinyin, sug.sino_korean, sug.official_rule,
                                 [(written, DOCUMENTS)])
            # a Chinese of before 1911 that the lexicon does not know (its sentence speaks of a dynasty, a
            # classic, a courtesy name): the Sino-Korean reading, never the Mandarin transliteration
            ko = suggest(max(ev.hanzi.items(), key=_count)[0], lexicon, origin="ko")
            return Spellings(ko.official, sug.pinyin, sug.sino_korean, UNSURE_PERSON, customary)
        if sug.official_rule in ("table", "surname") and not customary and ev is not None:
            term = _term_rendering(ev, hints)
            if term is not None:
                return Spellings(term[0], sug.pinyin, sug.sino_korean, term[1])
        return Spellings(None if sug.error else sug.official, sug.pinyin, sug.sino_korean, sug.official_rule,
                         customary)
    if origin == "ja":
        written = max(ev.hanzi.items(), key=_count)[0] if ev and ev.hanzi else key
        korean = max(ev.korean.items(), key=_count)[0] if ev and ev.korean else None
        sug = suggest(written, lexicon, origin="ja")
        if korean:
            # the dictionary's reading where it explains the Korean word by word (도요다 for the writer's
            # 토요타: the rules, not the brand); else the reading the documents give (기시다 후미오, where a
            # dictionary reads 文雄 분유: close as a whole, far word by word); else none, never one they contradict
            if not _word_by_word(korean, sug.official):
                return Spellings(japanese_official(korean, written), sug.pinyin, sug.sino_korean, "japanese")
    elif origin == "ko":
        written = max(ev.hanzi.items(), key=_count)[0] if ev and ev.hanzi else key
        sug = suggest(written, lexicon, origin="ko")
    else:
        return Spellings(None, None, None, None)
    return Spellings(None if sug.error else sug.official, sug.pinyin, sug.sino_korean, sug.official_rule,
                     list(sug.customary))


def _word_by_word(korean: str, official: str | None) -> bool:
    """Every word of ``korean`` is a spelling of the matching word of ``official`` (as many words)."""
    if not official:
        return False
    ours, theirs = korean.split(), official.split()
    if len(ours) != len(theirs):  # written together (아베신조): the whole
        return phonetic.distance("".join(ours), "".join(theirs)) <= VARIANT_DISTANCE
    return all(phonetic.distance(a, b) <= VARIANT_DISTANCE for a, b in zip(ours, theirs))


def _term_rendering(ev: Evidence, hints: Hints) -> tuple[str, str] | None:
    """(form, rule) where the documents write a term by its Sino-Korean reading or by a translation, no part
    of it by Mandarin sound (일대일로 for 一帶一路: sino-korean; 중국 공산당 … for 中共…: also read; a part
    rendered by a known translation: translation). A transliteration, even a partial one, gives None."""
    if not ev.korean or max(ev.types.items(), key=_count)[0] == "PERSON":
        return None
    korean = max(ev.korean.items(), key=_count)[0]
    written = max(ev.hanzi.items(), key=_count)[0]
    a = hints.align(korean, written)
    if not a.parts or "sound" in a.hows or not a.hows <= _TERM_HOWS or a.hanzi_cover < 1.0 or a.score < 0.8:
        return None
    return korean, "sino-korean" if a.hows == _READING_ONLY else "translation"


_TERM_HOWS = frozenset({"reading", "term"})


_count = operator.itemgetter(1)


def _read_as_person(ev: Evidence, hints: Hints) -> bool:
    """Mostly typed a person, and written with the plain Sino-Korean reading (김정은 for 金正恩)."""
    if not ev.korean or max(ev.types.items(), key=_count)[0] != "PERSON":
        return False
    korean = max(ev.korean.items(), key=_count)[0]
    a = hints.align(korean, max(ev.hanzi.items(), key=_count)[0])
    return a.hows == _READING_ONLY and a.score >= 0.99


_READING_ONLY = frozenset({"reading"})
_NO_HINTS = Hints()


def _entry(key: str, ev: Evidence, known: dict | None = None, lexicon: Lexicon | None = None,
           style: str | None = None, hints: Hints | None = None, recommended: bool = True) -> Entry:
    origin = max(ev.origins.items(), key=_count)[0]  # the first seen of the most frequent (as Counter.most_common)
    spelled = _suggested(key, origin, known, lexicon, ev, hints)
    official = spelled.official
    plain, unread = None, origin == "zh"  # the table spelling, read when a form is neither official nor customary
    forms = []
    usual = {compact(form) for form, _ in spelled.customary}
    spelled_official = compact(official) if official else None
    for k, n in sorted(ev.korean.items(), key=_count, reverse=True):  # stable: ties stay in first-seen order
        if unread and compact(k) != spelled_official and compact(k) not in usual:
            plain, unread = transliteration(key), False
        kind, d = _kind(k, official, plain, usual)
        forms.append(Form(k, n, kind, d))
    types = ev.types
    entry = Entry(key=key, hanzi=dict(ev.hanzi), forms=forms, english=dict(ev.english),
                  type=classify.majority_type(types) if len(types) > 1 else next(iter(types)),
                  origin=origin, official=official, pinyin=spelled.pinyin, sino_korean=spelled.sino_korean,
                  rule=spelled.rule, occurrences=ev.occurrences, documents=list(ev.documents),
                  first_context=ev.first_context, customary=spelled.customary)
    if recommended:
        entry.recommended, entry.reason = recommend(forms, official, rule=entry.rule, customary=entry.customary,
                                                    style=style)
    return entry


def link_related(entries: dict[str, Entry]) -> None:
    """Link entries whose keys contain one another (国美 ⊂ 国美零售) or that share a leading name of two
    characters that is not a generic word (平安好医生 ~ 平安健康医疗科技有限公司)."""
    by_start: dict[str, list[str]] = defaultdict(list)
    for key, e in entries.items():  # organisations and brands, not people: 王伟华 and 王伟明 are strangers
        if len(key) >= 4 and key[:2] not in _GENERIC_STARTS and e.type != "PERSON":
            by_start[key[:2]].append(key)
    for group in by_start.values():
        if len(group) > MAX_PREFIX_GROUP:
            continue  # a prefix this common is a generic word, not a shared name
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                _link(entries, a, b)
    for long in entries:  # every shorter key inside a longer one: O(keys × length²), not O(keys²)
        n = len(long)
        for size in range(2, min(n, 12)):
            for i in range(n - size + 1):
                short = long[i:i + size]
                if short in entries:
                    _link(entries, short, long)


MAX_PREFIX_GROUP = 12
_GENERIC_STARTS = {"中国", "国家", "北京", "上海", "深圳", "广州", "国际", "全国", "国务", "中华", "人民", "新华"}


def transliteration(key: str) -> str | None:
    """The plain table spelling of a key, whatever the exceptions say (즈푸바오 for 支付宝)."""
    sylls = pinyin.syllables(key)
    return syllables_to_hangul(sylls) if all(sylls) else None  # type: ignore[arg-type]


def _link(entries: dict[str, Entry], a: str, b: str) -> None:
    if b not in entries[a].related:
        entries[a].related.append(b)
    if a not in entries[b].related:
        entries[b].related.append(a)


def conflicts(entries: dict[str, Entry]) -> dict[str, list[str]]:
    """Korean spellings used for more than one key (one spelling, two entities)."""
    used: dict[str, set[str]] = defaultdict(set)
    for e in entries.values():
        for f in e.forms:
            used[compact(f.korean)].add(e.key)
    return {k: sorted(v) for k, v in used.items() if len(v) > 1}
