"""Japanese readings of kanji, rendered in Hangul: for aligning Korean renderings of Japanese names, and
for their official Korean spelling.

町田徹 is written 마치다 토오루 and 安倍晋三 아베 신조: neither Mandarin nor Sino-Korean explains them. Two
sources of readings: a Japanese dictionary that knows names (SudachiPy with SudachiDict, see
docs/transliteration.md for why that one), which reads a whole name in its words (安倍 アベ · 晋三
シンゾウ); and each character's readings from Unihan (japanese_readings.tsv), for the given names the
dictionary reads otherwise.
Katakana → romaji comes from kana_romaji.tsv; romaji → Hangul from japanese_kana_hangul.tsv, as media
write it (for alignment), and by the rules of 외래어 표기법 (for the official spelling: word-initial
voiceless stops plain, long vowels not written, ッ as ㅅ, ン as ㄴ; test vectors in
japanese_hangul_vectors.tsv).

Design: docs/transliteration.md
"""

from __future__ import annotations

import functools

from glossary.base import caches
from glossary.base.hangul import compact, join, split
from glossary.base.resources import read_table
from glossary.translit import phonetic

MIN_SIMILARITY = 0.75
MAX_CHAR_SYLLABLES = 4  # the longest Korean piece matched against one character's reading


@functools.cache
def _kana() -> dict[str, str]:
    return {r["romaji"]: r["hangul"] for r in read_table("japanese_kana_hangul.tsv")}


@functools.cache
def _readings() -> dict[str, tuple[str, ...]]:
    return {r["char"]: tuple(r["readings"].split()) for r in read_table("japanese_readings.tsv")}


def _add_coda(text: list[str], coda: str) -> None:
    if text:
        o, v, c = split(text[-1])
        if not c:
            text[-1] = join(o, v, coda)
            return
    text.append({"ㄴ": "은", "ㅅ": ""}.get(coda, ""))


@caches.lru("japanese.romaji_to_hangul")
def romaji_to_hangul(romaji: str) -> str:
    """Hepburn romaji → Hangul ('kageyama' → '카게야마', 'tooru' → '토오루', 'hattori' → '핫토리')."""
    kana = _kana()
    out: list[str] = []
    i, s = 0, romaji.lower()
    while i < len(s):
        if s[i] == "n" and (i + 1 == len(s) or s[i + 1] not in "aiueoy"):
            _add_coda(out, "ㄴ")
            i += 1
            continue
        if i + 1 < len(s) and s[i] == s[i + 1] and s[i] not in "aiueon":
            _add_coda(out, "ㅅ")  # double consonant (sokuon)
            i += 1
            continue
        for size in (3, 2, 1):
            piece = s[i : i + size]
            if piece in kana:
                out.append(kana[piece])
                i += size
                break
        else:
            i += 1
    return "".join(out)


_VOICED = (("k", "g"), ("s", "z"), ("sh", "j"), ("t", "d"), ("ch", "j"), ("ts", "z"), ("h", "b"), ("f", "b"),
           ("h", "p"))


def _variants(romaji: str) -> set[str]:
    """A reading, its long vowels shortened (myou → myo, tooru kept too) and its voiced form (ta → da:
    rendaku in compounds such as 町田 machida)."""
    out = {romaji, romaji.replace("ou", "o").replace("uu", "u").replace("oo", "o")}
    for plain, voiced in _VOICED:
        if romaji.startswith(plain):
            out |= {voiced + v[len(plain):] for v in list(out)}
    return out


def _stems(reading: str) -> list[str]:
    """A kun reading and its stems without the okurigana (ookii → oo, ooki): names use the stem (大谷 오타니)."""
    out = [reading]
    if len(reading) >= 4:
        out += [reading[:k] for k in range(2, len(reading)) if (reading[k - 1] in "aiueo" and reading[k] not in "aiueo")
                or (k >= 2 and reading[k - 1] == reading[k - 2] and reading[k - 1] in "aiueo")]
    return out


@caches.lru("japanese.keys")
def _keys(ch: str) -> tuple[str, ...]:
    keys = []
    for reading in _readings().get(ch, ()):
        for stem in _stems(reading):
            keys.extend(phonetic.key(romaji_to_hangul(v)) for v in sorted(_variants(stem)))
    return tuple(dict.fromkeys(keys))


def keys(ch: str) -> tuple[str, ...]:
    """The phonetic keys of the character's Japanese readings in Hangul (what `similarity` compares against)."""
    return _keys(ch)


@caches.lru("japanese.similarity")
def similarity(ch: str, korean: str) -> float:
    """How closely a Korean piece renders one of the character's Japanese readings (0–1)."""
    return phonetic.best_similarity(korean, _keys(ch))


def has_readings(ch: str) -> bool:
    """Whether the character has Japanese readings (else `matches` finds nothing for it)."""
    return ch in _readings()


def matches(hanzi: str, i: int, korean: str, j: int) -> list[tuple[tuple[int, int], float]]:
    """((1, korean length), similarity) for each Korean piece at j that renders hanzi[i] by a Japanese reading."""
    ch = hanzi[i]
    if ch not in _readings():
        return []
    out = []
    for length in range(1, MAX_CHAR_SYLLABLES + 1):
        if j + length > len(korean):
            break
        sim = similarity(ch, korean[j : j + length])
        if sim >= MIN_SIMILARITY:
            out.append(((1, length), sim))
    return out


# -- whole names, by a dictionary ---------------------------------------------------------------------------
@functools.cache
def _sudachi():
    """The dictionary's tokenizer, made once (loading SudachiDict takes ~0.1 s); None when not installed."""
    try:
        from sudachipy import Dictionary, SplitMode
    except ImportError:  # pragma: no cover - a dependency; kept optional for minimal installs
        return None
    return Dictionary(dict="small").tokenizer(mode=SplitMode.C)


def prepare() -> None:
    """Load the dictionary now, before a document's text is read, not at its first Japanese name: loaded in
    the middle of an extraction, its long-lived objects land among the short-lived ones of the text, and
    Python's small-object allocator then takes and gives back memory pools over and over (measured: a
    quarter more instructions for every later document). The readings table likewise."""
    _sudachi()
    _readings()


_POS = {"普通名詞": "普通", "固有名詞": "固有", "接尾辞": "接尾"}  # the kinds name_kind tells apart


@caches.lru("japanese.words")
def words(hanzi: str) -> tuple[tuple[int, int, str, str], ...]:
    """The dictionary's words of a name: (start, end, reading in katakana, kind), e.g. 安倍晋三 →
    (0, 2, アベ, 姓), (2, 4, シンゾウ, 名); the kind is 姓 or 名 for a person's, 地名 for a place, 普通 for a
    common noun (関白), 固有 for another proper noun (昭和), 接尾 for a suffix (区), else the part of speech.
    Words without a kana reading are left out."""
    tok = _sudachi()
    if tok is None or not hanzi:
        return ()
    out = []
    pos = 0
    for m in tok.tokenize(hanzi):
        surface, reading = m.surface(), m.reading_form()
        start = hanzi.find(surface, pos)
        if start < 0:
            break
        pos = start + len(surface)
        if reading and all("\u30a0" <= c <= "\u30ff" for c in reading):
            parts = m.part_of_speech()
            out.append((start, pos, reading, parts[3] if parts[2] == "人名" else parts[2] if parts[2] == "地名"
                        else _POS.get(parts[1], parts[0])))
    return tuple(out)


def reading(hanzi: str) -> str | None:
    """The dictionary's reading of a whole name in katakana, a space between its words where it is a
    person's (family and given name), or None when some part has no reading."""
    ws = words(hanzi)
    if not ws or sum(e - s for s, e, *_ in ws) != len(hanzi):
        return None
    person = any(kind in ("姓", "名") for *_, kind in ws)
    return (" " if person else "").join(r for _, _, r, _ in ws)


# -- katakana → Hangul --------------------------------------------------------------------------------------
@functools.cache
def _kana_romaji() -> dict[str, str]:
    return {r["kana"]: r["romaji"] for r in read_table("kana_romaji.tsv")}


def kana_to_romaji(kana: str) -> str:
    """Hepburn romaji of katakana or hiragana (ッ doubles the next consonant; ー repeats the vowel)."""
    table = _kana_romaji()
    text = "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in kana)
    out: list[str] = []
    double = False
    i = 0
    while i < len(text):
        if text[i] == "ッ":
            double, i = True, i + 1
            continue
        if text[i] == "ー":
            if out and out[-1]:
                out.append(out[-1][-1])
            i += 1
            continue
        piece = text[i:i + 2] if text[i:i + 2] in table else text[i]
        romaji = table.get(piece, "")
        if piece == "ン" and i + 1 < len(text) and table.get(text[i + 1], "x")[0] in "aiueoy":
            romaji = "n'"  # ジュンイチロウ: jun'ichirou, the ン a final ㄴ, not 니
        if double and romaji:
            romaji = ("t" if romaji.startswith("ch") else romaji[0]) + romaji
        double = False
        out.append(romaji)
        i += len(piece)
    return "".join(out)


_LONG = (("ou", "o"), ("oo", "o"), ("uu", "u"))


def official_hangul(reading_text: str) -> str:
    """The official Korean spelling of a Japanese reading (katakana, words separated by spaces), by the
    rules of 외래어 표기법: a word's initial k, t, ch are written ㄱ, ㄷ, ㅈ (트/쓰 aside), long vowels are
    not written, ッ is ㅅ and ン is ㄴ (토요타 → 도요타, 토오루 → 도루, 홋카이도)."""
    return " ".join(official_word(kana_to_romaji(word)) for word in reading_text.split())


def official_word(romaji: str) -> str:
    """One word of a Japanese name, in romaji, written by the rules (see official_hangul)."""
    for long, short in _LONG:
        romaji = romaji.replace(long, short)
    if romaji.startswith("ch"):
        romaji = "j" + romaji[2:]
    elif romaji.startswith("k"):
        romaji = "g" + romaji[1:]
    elif romaji.startswith("t") and not romaji.startswith("ts"):
        romaji = "d" + romaji[1:]
    return romaji_to_hangul(romaji)


def readings_of(piece: str, hanzi: str) -> list[str]:
    """Romaji readings a part of a name may have: the dictionary's, where the part is one of its words,
    and each reading (with its voiced and shortened forms) of a single character."""
    out = [kana_to_romaji(k) for s_, e, k, _ in words(hanzi) if hanzi[s_:e] == piece]
    if len(piece) == 1:
        for r in _readings().get(piece, ()):
            for stem in _stems(r):
                out.extend(sorted(_variants(stem)))
    return list(dict.fromkeys(out))


def media_hangul(reading_text: str) -> tuple[str, ...]:
    """How Korean media write a reading besides the official spelling: the initial aspirated (토요타), the
    long vowels written (토오루); for aligning what writers do, not for recommending it."""
    out = {compact(official_hangul(reading_text))}
    romaji = "".join(kana_to_romaji(w) for w in reading_text.split())
    out.add(romaji_to_hangul(romaji))
    short = romaji
    for long, s_ in _LONG:
        short = short.replace(long, s_)
    out.add(romaji_to_hangul(short))
    return tuple(sorted(out))


# -- alignment options for a whole word of a name -------------------------------------------------------------
@caches.lru("japanese.word_keys")
def _word_keys(hanzi: str) -> tuple[tuple[int, int, tuple[str, ...], int], ...]:
    """(start, end, phonetic keys of its Hangul renderings, syllables of the official one) of each
    dictionary word of a name that is a proper noun (a person's or a place's name)."""
    out = []
    for start, end, kana, kind in words(hanzi):
        if kind not in ("姓", "名", "地名") or (end - start < 2 and kind == "地名"):
            continue
        forms = media_hangul(kana)
        out.append((start, end, tuple(dict.fromkeys(phonetic.key(f) for f in forms)),
                    len(compact(official_hangul(kana)))))
    return tuple(out)


def word_spans(hanzi: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, the most Korean syllables `word_matches` tries) of each word it can match: the aligner
    bounds what a name can score from them."""
    return tuple((start, end, size + 2) for start, end, _, size in _word_keys(hanzi))


WORD_MIN_SIMILARITY = 0.85
WORD_WEIGHT = 0.97  # a whole word by its Japanese reading counts a little less than each character by sound


def word_matches(hanzi: str, i: int, korean: str, j: int) -> list[tuple[tuple[int, int], float]]:
    """((word length, korean length), quality) for a dictionary word of the name that starts at hanzi[i]
    and that the Korean at j renders by its Japanese reading (아베 for 安倍, 신조 for 晋三)."""
    out = []
    for start, end, keys, size in _word_keys(hanzi):
        if start != i:
            continue
        for length in range(max(1, size - 1), size + 3):
            if j + length > len(korean):
                break
            sim = phonetic.best_similarity(korean[j:j + length], keys)
            if sim >= WORD_MIN_SIMILARITY:
                out.append(((end - start, length), sim * (end - start) * WORD_WEIGHT))
    return out


def name_kind(hanzi: str) -> str | None:
    """PLACE when the dictionary reads the name as a place (東京, 北海道), or a place and an administrative
    suffix (神奈川県, 新宿区, 箱根町); PERSON when as a person's family or given name (安倍晋三); COMMON when
    the name is one common noun of the dictionary of two characters or more (関白, 幕府, 大名): a title,
    rank or term, not a name (one character alone, 藪, is as often a name in a story);
    else None."""
    ws = words(hanzi)
    place = sum(e - s for s, e, _, kind in ws if kind == "地名")
    person = sum(e - s for s, e, _, kind in ws if kind in ("姓", "名"))
    if (place and person == 0 and hanzi[ws[-1][0]:] in _ADMIN
            and place + ws[-1][1] - ws[-1][0] == len(hanzi)):
        return "PLACE"
    if place * 2 >= len(hanzi) and place >= person:
        return "PLACE"
    if person * 2 >= len(hanzi):
        return "PERSON"
    if len(hanzi) > 1 and len(ws) == 1 and ws[0][3] == "普通" and ws[0][1] - ws[0][0] == len(hanzi):
        return "COMMON"
    return None


_ADMIN = frozenset("都道府県市区町村郡島")  # Japanese administrative suffixes after a place name
