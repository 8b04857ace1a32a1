"""How well, and how completely, Korean syllables render a Hanzi string.

A dynamic programme matches the Hanzi characters, left to right, with pieces of the Korean: a
character by its Mandarin sound (official spelling or a variant close by the phonetic key), by its
Sino-Korean reading, by its Japanese reading, or a run of characters by a known translation (集团 그룹,
好医生 굿닥터) or customary name (腾讯 텐센트). Korean syllables that render nothing cost a penalty.

The programme runs from the right, so one pass scores every possible start of the Korean: the
extraction step uses that to decide where a name begins (궈메이 소매 before 国美零售). The score of a start
depends only on the syllables right of it, so the programme is computed from the right only as far as the
starts asked for, and cached by that suffix: a name met again in another sentence costs a look-up, and the
boundary stops widening once no start further left can score higher (`Starts.bound`). Most cells hold a
syllable of the sentence around the name and render nothing: the key lengths a character's readings
admit settle them before a matcher runs. tests/test_align_cut.py holds the uncut programme as the reference.

Design: docs/how-it-works.md
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from glossary.base import caches
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


@caches.lru("align.sound_keys")
def _sound_keys(ch: str) -> tuple[str, ...]:
    """Phonetic keys of the official spellings of every Mandarin reading of a character."""
    keys = []
    for reading in pinyin.char_readings(ch):
        hangul = to_hangul(reading)
        if hangul:
            keys.append(phonetic.key(hangul))
    return tuple(dict.fromkeys(keys))


@caches.lru("align.sino_syllables")
def _sino_syllables(ch: str) -> frozenset[str]:
    out = set()
    for r in sino.readings(ch):
        out.add(r)
        out.add(apply_dueum(r))
    return frozenset(out)


@caches.lru("align.sound")
def _sound_similarity(ch: str, korean: str) -> float:
    return phonetic.best_similarity(korean, _sound_keys(ch))


SOUND_SYLLABLES = 3  # the longest Korean piece matched against one character's Mandarin sound
PIECE = max(SOUND_SYLLABLES, japanese.MAX_CHAR_SYLLABLES, cantonese.MAX_SYLLABLES)
_NO_OPTIONS: tuple = ((), ())


def _lengths(keys: tuple[str, ...], least: float) -> frozenset[int]:
    """The key lengths a piece may have and still reach similarity ``least`` with one of ``keys``: the
    similarity is 1 − edit distance / longer length, and the distance is at least the difference of the
    lengths, so a piece whose key is much shorter or longer than every key cannot match (the margin keeps
    this exact against rounding)."""
    out = set()
    for lk in {len(k) for k in keys}:
        for la in range(max(1, int(least * lk) - 1), int(lk / least) + 3):  # the ratio is below outside
            if min(la, lk) / max(la, lk) >= least - 1e-9:
                out.add(la)
    return frozenset(out)


class _Char:
    """What the matchers need to know of one character before they run: the syllables of its readings,
    and the key lengths of the pieces its Mandarin sound, Japanese and Cantonese readings could match.
    A cell whose piece fits none is settled without calling a matcher (most cells: the words around a
    name render none of its characters)."""

    __slots__ = ("cantonese", "ch", "japanese", "readings", "sound")

    def __init__(self, ch: str) -> None:
        self.ch = ch
        self.readings = _sino_syllables(ch)
        self.sound = _lengths(_sound_keys(ch), MIN_SOUND_SIMILARITY)
        self.japanese = _lengths(japanese.keys(ch), japanese.MIN_SIMILARITY) if japanese.has_readings(ch) else ()
        self.cantonese = (_lengths(cantonese.keys(ch), cantonese.MIN_SIMILARITY) if cantonese.has_readings(ch)
                          else ())


@caches.lru("align.chars")
def _char(ch: str) -> _Char:
    return _Char(ch)


def _char_options(c: _Char, piece: str, lengths: list[int]) -> tuple[tuple, tuple]:
    """A character's own options at the start of ``piece`` (the Hangul syllables from a cell, PIECE at
    most; ``lengths[n]`` the key length of its first n + 1 syllables): (reading, sound and Japanese options;
    Cantonese options), each (1, korean length, quality, how), in the order the programme weighs them."""
    ch = c.ch
    first: list[tuple[int, int, float, str]] = []
    if piece[0] in c.readings:
        first.append((1, 1, 1.0, "reading"))
    n = len(piece)
    for length in range(1, min(SOUND_SYLLABLES, n) + 1):
        if lengths[length - 1] in c.sound:
            sim = _sound_similarity(ch, piece[:length])
            if sim >= MIN_SOUND_SIMILARITY:
                first.append((1, length, sim, "sound"))
    if c.japanese:
        for length in range(1, min(japanese.MAX_CHAR_SYLLABLES, n) + 1):
            if lengths[length - 1] in c.japanese:
                sim = japanese.similarity(ch, piece[:length])
                if sim >= japanese.MIN_SIMILARITY:
                    first.append((1, length, sim, "japanese"))
    last = []
    if c.cantonese:  # 카싱 for 嘉誠: Hong Kong's sound
        for length in range(1, min(cantonese.MAX_SYLLABLES, n) + 1):
            if lengths[length - 1] in c.cantonese:
                sim = cantonese.similarity(ch, piece[:length])
                if sim >= cantonese.MIN_SIMILARITY:
                    last.append((1, length, sim * cantonese.CANTONESE_WEIGHT, "cantonese"))
    return (tuple(first), tuple(last)) if first or last else _NO_OPTIONS


class _Plan:
    """What the programme needs of one Hanzi string, made once: its folded key, its characters, the terms
    that start at each character, the characters where a dictionary word starts, and ``reach``: the most
    Korean syllables one option takes (`Starts.bound` rests on it)."""

    __slots__ = ("chars", "hanzi", "key", "lex", "n_h", "reach", "terms", "word_rows")

    def __init__(self, hanzi: str, lex: Lexicon) -> None:
        self.hanzi, self.lex = hanzi, lex
        self.n_h = n_h = len(hanzi)
        self.chars = tuple(_char(ch) for ch in hanzi)
        key = fold(hanzi)
        self.key = key if len(key) == n_h else hanzi
        self.terms = tuple(tuple((m, forms) for m in range(min(lex.max_term_len, n_h - i), 0, -1)
                                 if (forms := lex.renderings(self.key[i : i + m])))
                           for i in range(n_h))
        words = japanese.word_spans(hanzi) if n_h else ()
        self.word_rows = frozenset(start for start, _, _ in words)
        self.reach = max([PIECE, *(most for _, _, most in words),
                          *(len(f) for row in self.terms for _, forms in row for f in forms)])


@caches.lru("align.plan")
def _plan(hanzi: str, lex: Lexicon, version: int) -> _Plan:
    return _Plan(hanzi, lex)


def align_all_starts(korean: str, hanzi: str, lexicon: Lexicon | None = None) -> Starts:
    """Alignment of korean[s:] with hanzi for every start s (``result[s]``, computed when asked for).

    ``korean`` must hold Hangul syllables only (and capitals a known term renders: 중국중앙TV); ``hanzi``
    Han characters only. The programme runs from the right, so the alignment of a start depends only on
    the syllables right of it: the columns are computed from the right as far as the starts asked for and
    cached by that suffix, per lexicon and its version. A name met again in another sentence is then a
    cache hit, whatever words stand before it.
    """
    lex = lexicon or default_lexicon()
    return Starts(korean, _plan(hanzi, lex, lex.version))


_SKIP_H, _SKIP_K = ("skip_h",), ("skip_k",)
_CHOICES: dict[tuple, tuple] = {}  # one tuple for each (dh, dk, how): the columns share them


class _Columns:
    """The programme's columns over the end of a Korean string, by the number of syllables right of them
    (``best[r][i]``: the best score of hanzi[i:] against the last r syllables; ``back[r][i]`` its move),
    and the alignments traced from them. Shared through the cache: widened on a copy."""

    __slots__ = ("back", "best", "traces")

    def __init__(self, best: list, back: list, traces: dict) -> None:
        self.best, self.back, self.traces = best, back, traces


_COLUMNS = caches.Bounded("align.columns")


class Starts:
    """The alignments of korean[s:] with a Hanzi string for every start s (``starts[s]``), computed from the
    right only as far as the starts asked for, and cached by that suffix (`align_all_starts`)."""

    __slots__ = ("_cols", "_ends", "_shared", "korean", "n_k", "plan")

    def __init__(self, korean: str, plan: _Plan) -> None:
        self.korean, self.plan, self.n_k = korean, plan, len(korean)
        self._cols: _Columns | None = None
        self._shared = False
        self._ends = _hangul_ends(korean) if _LATIN.search(korean) else None

    def __len__(self) -> int:
        return self.n_k + 1

    def __getitem__(self, s: int) -> Alignment:
        if s < 0:
            s += self.n_k + 1
        if not 0 <= s <= self.n_k:
            raise IndexError(s)
        cols = self._reach(s)
        r = self.n_k - s
        found = cols.traces.get(r)
        if found is None:
            found = cols.traces[r] = _trace(self.plan.hanzi, self.korean, s, cols)
        return found

    def score(self, s: int) -> float:
        """starts[s].score, without tracing the alignment."""
        n_h = self.plan.n_h
        best = self._reach(s).best[self.n_k - s][0]
        return min(max(0.0, best) / n_h, 1.0) if n_h else 0.0

    def bound(self, s: int) -> float:
        """A score that no start left of s reaches (s must have been asked for).

        A path from further left first meets the columns from s on at some character i and column j, at
        most ``plan.reach`` − 1 syllables right of s (by the one option that crosses s). Left of there it
        rendered i characters, each with quality at most 1, and every syllable it took from the left
        either renders or costs its penalty, so that part adds at most i (and at most −0.5 when it
        rendered nothing: it skipped a syllable at least); from there it scores at most best[i][j]."""
        plan = self.plan
        n_h = plan.n_h
        if not n_h:
            return 0.0
        best = self._reach(s).best
        r = self.n_k - s
        near = range(max(0, r - plan.reach + 1), r + 1)  # the columns s … s + reach − 1, by r
        most = best[r][0] - UNEXPLAINED_PENALTY
        for i in range(1, n_h + 1):
            most = max(most, i + max(best[x][i] for x in near))
        return min(max(0.0, most) / n_h, 1.0) + 1e-9

    def _reach(self, s: int) -> _Columns:
        """The columns down to start s: from this window's own, from the cache by the suffix, or computed."""
        r = self.n_k - s
        cols = self._cols
        if cols is not None and len(cols.best) > r:
            return cols
        key = (self.korean[s:], self.plan)
        found = _COLUMNS.find(key)
        if found is not None:
            self._cols, self._shared = found, True
            return found
        if cols is None:
            cols = _Columns([], [], {})
        elif self._shared:
            cols = _Columns(cols.best[:], cols.back[:], dict(cols.traces))
        self._widen(cols, s)
        self._cols, self._shared = cols, True
        _COLUMNS.keep(key, cols)
        return cols

    def _widen(self, cols: _Columns, s: int) -> None:
        """Add the columns from the leftmost one held down to start s."""
        plan, korean, n_k = self.plan, self.korean, self.n_k
        n_h, hanzi, terms, word_rows, chars = plan.n_h, plan.hanzi, plan.terms, plan.word_rows, plan.chars
        best_cols, back_cols = cols.best, cols.back
        if not best_cols:
            best_cols.append((0.0,) * n_h + (-UNEXPLAINED_PENALTY * 0,))
            back_cols.append((None,) * (n_h + 1))
        ends = self._ends
        for j in range(n_k - len(best_cols), s - 1, -1):
            r = n_k - j
            end = n_k if ends is None else ends[j]
            syllables = korean if ends is None else korean[:end]
            piece = korean[j : min(j + PIECE, end)]
            lengths = [len(phonetic.key(piece[:n])) for n in range(1, len(piece) + 1)]
            best = [0.0] * n_h + [-UNEXPLAINED_PENALTY * r]
            back: list[tuple | None] = [None] * (n_h + 1)
            right = best_cols[r - 1]
            for i in range(n_h - 1, -1, -1):
                value, choice = best[i + 1], _SKIP_H
                skip_k = right[i] - UNEXPLAINED_PENALTY
                if skip_k > value:
                    value, choice = skip_k, _SKIP_K
                first, last = _char_options(chars[i], piece, lengths) if piece else _NO_OPTIONS
                options = first
                if i in word_rows:  # 아베 for 安倍, by the dictionary
                    options = (*options, *((dh, dk, q, "japanese")
                                           for (dh, dk), q in japanese.word_matches(hanzi, i, syllables, j)))
                if last:
                    options = (*options, *last)
                if terms[i]:
                    options = (*options, *((m, len(form), float(m), "term") for m, forms in terms[i]
                                           for form in forms if korean.startswith(form, j)))
                for dh, dk, q, how in options:
                    cand = q + (best if dk == 0 else best_cols[r - dk])[i + dh]
                    if cand > value + 1e-9:
                        value, choice = cand, (dh, dk, how)
                if len(choice) == 3:
                    choice = _CHOICES.setdefault(choice, choice)
                best[i], back[i] = value, choice
            best_cols.append(tuple(best))  # tuples of floats and shared moves: the collector stops
            back_cols.append(tuple(back))  # tracking them (a worker keeps thousands)


_LATIN = re.compile("[A-Za-z]")


def _hangul_ends(korean: str) -> list[int]:
    """For each position, where its run of Hangul syllables ends (the position itself on a Latin letter)."""
    ends = [0] * len(korean)
    end = len(korean)
    for j in range(len(korean) - 1, -1, -1):
        if not is_syllable(korean[j]):
            end = j
        ends[j] = end
    return ends


def _trace(hanzi: str, korean: str, start: int, cols: _Columns) -> Alignment:
    n_h, n_k = len(hanzi), len(korean)
    back = cols.back
    i, j = 0, start
    parts = []
    rendered_h = rendered_k = 0
    while i < n_h and j < n_k:
        choice = back[n_k - j][i]
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
    score = max(0.0, cols.best[span][0]) / n_h if n_h else 0.0
    return Alignment(min(score, 1.0), rendered_h / n_h if n_h else 0.0,
                     rendered_k / span if span else 0.0, parts)


@caches.lru("align.may_cover")
def may_cover(korean: str, hanzi: str) -> bool:
    """False when `align` (korean, hanzi) cannot render every character with every syllable: that needs an
    option of the first character at the first syllable. One cell instead of the programme: a word next to
    a name that does not render it (a title: 총경리) mostly fails here."""
    k = "".join(ch for ch in korean if is_syllable(ch) or "A" <= ch <= "Z")
    h = "".join(hanzi.split())
    if not k or not h:
        return False
    lex = default_lexicon()
    plan = _plan(h, lex, lex.version)
    ends = _hangul_ends(k) if _LATIN.search(k) else None
    end = len(k) if ends is None else ends[0]
    piece = k[: min(PIECE, end)]
    if piece:
        first, last = _char_options(plan.chars[0], piece, [len(phonetic.key(piece[:n]))
                                                            for n in range(1, len(piece) + 1)])
        if first or last:
            return True
        if 0 in plan.word_rows and japanese.word_matches(h, 0, k[:end], 0):
            return True
    return any(k.startswith(form) for _, forms in plan.terms[0] for form in forms)


@caches.lru("align.exact")
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


@caches.lru("align.word")
def align(korean: str, hanzi: str) -> Alignment:
    """Alignment of a whole Korean string with a Hanzi string (characters other than Hangul syllables and
    capital Latin letters ignored: 중국중앙TV keeps its TV, which renders 电视台)."""
    k = "".join(ch for ch in korean if is_syllable(ch) or "A" <= ch <= "Z")
    h = "".join(hanzi.split())
    if not k or not h:
        return Alignment(0.0, 0.0, 0.0)
    lex = default_lexicon()
    return (_perfect(k, h, lex) if not _LATIN.search(k) else None) or align_all_starts(k, h, lex)[0]


def _perfect(korean: str, hanzi: str, lex: Lexicon) -> Alignment | None:
    """The programme's alignment of a whole word that renders every character fully, found without the
    programme; None when the word does not (the programme then runs).

    Most words aligned whole are a name in its official spelling (the boundary settled it by `exact`, and the
    glossary's hints ask again). Such a word scores 1, the most a word can: every character rendered by a
    move of full quality (a reading, a sound or a Japanese reading whose key is the piece's own key, a
    known term), and no syllable left over. Every other move scores at least 0.03 less (a similarity below 1
    is at most 1 − 1/length of the key; a Japanese dictionary word counts 0.97 of its characters, a
    Cantonese reading 0.6), and so does every start of a rest that is not rendered fully. So the
    programme's choice in each cell of that path is the first full move, in its own order of moves, after
    which the rest is rendered fully too: that is what this looks for, depth first, with the same gates
    on the pieces (tests/test_align_cut.py compares the two on every pair the extraction meets)."""
    n_k, n_h = len(korean), len(hanzi)
    chars = [_char(ch) for ch in hanzi]
    key = fold(hanzi)
    if len(key) != n_h:
        key = hanzi
    longest = lex.max_term_len
    seen: dict[tuple[int, int], tuple | None] = {}

    def full(j: int, i: int) -> bool:
        if i == n_h or j == n_k:
            return i == n_h and j == n_k
        found = seen.get((j, i), 0)
        if found == 0:
            found = seen[(j, i)] = first(j, i)
        return found is not None

    def first(j: int, i: int) -> tuple | None:
        c = chars[i]
        piece = korean[j : j + PIECE]
        if piece[0] in c.readings and full(j + 1, i + 1):
            return (1, 1, "reading")
        keys = [phonetic.key(piece[:n]) for n in range(1, len(piece) + 1)]
        sound = _sound_keys(c.ch)
        for length in range(1, min(SOUND_SYLLABLES, len(piece)) + 1):
            k = keys[length - 1]
            if len(k) in c.sound and k in sound and full(j + length, i + 1):
                return (1, length, "sound")
        if c.japanese:
            reads = japanese.keys(c.ch)
            for length in range(1, min(japanese.MAX_CHAR_SYLLABLES, len(piece)) + 1):
                k = keys[length - 1]
                if len(k) in c.japanese and k in reads and full(j + length, i + 1):
                    return (1, length, "japanese")
        for m in range(min(longest, n_h - i), 0, -1):
            for form in lex.renderings(key[i : i + m]):
                if korean.startswith(form, j) and full(j + len(form), i + m):
                    return (m, len(form), "term")
        return None

    if not full(0, 0):
        return None
    parts = []
    i = j = 0
    while i < n_h:
        dh, dk, how = seen[(j, i)]  # type: ignore[misc]
        parts.append((hanzi[i : i + dh], korean[j : j + dk], how))
        i, j = i + dh, j + dk
    return Alignment(1.0, 1.0, 1.0, parts)


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
