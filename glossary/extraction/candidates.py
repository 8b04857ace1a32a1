"""Find pair candidates: every Hanzi expression with the text structure around it.

Korean media write a name with its Hanzi in many shapes: 한글(漢字), 한글 (漢字), 한글（漢字）, 한글漢字,
한글 漢字, (漢字 ENGLISH), ENGLISH (한글 漢字), 漢字·한글, 《漢字 한글》, wiki labels (중국어 간체자: 马云),
quotes around the Korean, nested and duplicated brackets, names broken across lines. This module only
reads that structure — which words stand left and right of the Hanzi, inside or outside a bracket, which
Latin words name it — and leaves the choice of the Korean words to the aligner (boundary.py).

Design: docs/how-it-works.md
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from glossary.base.han import HAN_CLASS, fold
from glossary.extraction.forms import (
    CLOSERS,
    GLOSS_SEPARATORS,
    LABEL,
    LAST_BREAK,
    LATIN_LABEL,
    LATIN_SEPARATORS,
    OPENERS,
    PAREN_CLOSERS,
    PAREN_OPENERS,
    QUOTES,
    READING_OPENERS,
    STOPS,
    TITLE_CLOSERS,
    TITLE_OPENERS,
)

# Han runs joined by what may stand inside one name: 町田 徹, 酒店（集团）股份, 精英：全球, and one or two capitals
# (阿Q正傳). The first character is a class of its own ([H][H]*, not [H]+): then the regex engine skips to
# it with its fast prefix scan, which a leading repeat disables (100 → 177 MB/s over Korean text).
HAN_EXPR = re.compile(
    f"[{HAN_CLASS}][{HAN_CLASS}]*(?:(?:[（）：·]|\\s|[A-Z]{{1,2}})?[{HAN_CLASS}]+|（[{HAN_CLASS}]+）[{HAN_CLASS}]*)*")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'’.\-]*")
HANGUL = re.compile(r"[가-힣]")
MAX_WORDS = 7
LEFT_REACH = 120  # characters looked at left of a name: seven words of a long company name fit


@dataclass(slots=True)
class Token:
    text: str
    start: int  # offset in the window text
    end: int


class Walk(NamedTuple):
    """Where a candidate's words to the left are read from (by _left_words, on first use)."""

    pos: int  # read leftwards from here
    floor: int  # never past here
    keep_brackets: bool = False  # a bracket is part of the name (Korean inside the bracket)
    skip_latin: bool = False  # step over a Latin name between the Korean and the Hanzi


@dataclass(slots=True)
class Candidate:
    """A Hanzi expression and its surroundings. The words to its left are read on first use: most
    names are settled by the one word next to them (see `nearest`), which is much cheaper to read."""

    start: int  # Hanzi expression, offsets in the window text
    end: int
    hanzi: str  # as written, whitespace removed
    enclosed: bool  # inside a bracket
    open_at: int | None  # offset of the enclosing bracket
    close_at: int | None
    text: str = field(default="", repr=False)
    left_inside: bool = False  # the left words are inside the bracket (ENGLISH (한글 漢字))
    right_stop: int = 0  # where the words after the Hanzi end (its bracket, or a short reach)
    duplicate: bool = False  # (漢字)(漢字): the same bracket again
    walk: Walk = field(default_factory=lambda: Walk(0, 0), repr=False)  # where the words to the left are read
    _english: str | None = field(default=None, repr=False)  # Latin name found without the walk
    _outside: bool = field(default=False, repr=False)  # the Korean stands outside the bracket
    _walked: tuple | None = field(default=None, repr=False)
    _near: Token | bool | None = field(default=False, repr=False)  # False: not read yet
    digits: tuple[str, ...] = ()  # digits written with the Hanzi (中國製造2025): the Korean writes them too
    # (also capitals before the Hanzi that the Korean writes: A주(A股))
    spoken_digits: bool = False  # digits that open the bracket and the Korean reads out: 주링허우(90后)
    _right: list | None = field(default=None, repr=False)  # the words after the Hanzi, read on first use

    @property
    def before_bracket(self) -> int:
        """Where the last character before the bracket stands (spaces skipped), -1 if none or no bracket."""
        if self.open_at is None:
            return -1
        i = self.open_at - 1
        while i >= 0 and self.text[i] in " \t":
            i -= 1
        return i

    @property
    def title_outside(self) -> str | None:
        """The title mark closed right before the bracket (《삼국지연의》(三國志演義)): its opener, else None."""
        i = self.before_bracket
        if i >= 0 and self.text[i] in TITLE_CLOSERS:
            return TITLE_OPENERS[TITLE_CLOSERS.index(self.text[i])]
        return None

    @property
    def right(self) -> list[Token]:
        """Korean words after the Hanzi (Hanzi-first forms), read on first use: most names need only the left."""
        if self._right is None:
            self._right = _right_words(self.text, self.end, self.right_stop)
        return self._right

    def _left(self) -> tuple[list[Token], bool, str | None]:
        if self._walked is None:
            pos, floor, keep, skip = self.walk
            words, touching, latin = _left_words(self.text, pos, floor, keep_brackets=keep, skip_latin=skip,
                                                 digits=self.digits)
            if self.enclosed and not self.left_inside:  # outside the bracket: spaces before it are fine
                touching = bool(words) and (touching or self.text[words[-1].end:pos].strip() == "")
            self._walked = (words, touching, latin)
        return self._walked

    @property
    def left(self) -> list[Token]:
        """Korean words left of the name (or of its bracket), nearest last."""
        return self._left()[0]

    @property
    def adjacent(self) -> bool:
        """The Korean touches the bracket or the Hanzi (a strong structural cue)."""
        return self._left()[1]

    @property
    def english(self) -> str | None:
        """The Latin name: before the bracket when no Korean stands there ("League of Legends"(LOL 英雄联盟)),
        else inside the bracket (蚂蚁集团 ANT GROUP), or before the Korean inside it (WorldFirst (완리휘 万里汇))."""
        if self._outside and self.nearest() is None and not self.left:
            before = _latin_before(self.text, self.open_at, max(0, self.open_at - 80))  # type: ignore[arg-type]
            if before is not None:
                return before
        if self._english is not None:
            return self._english
        if self.left_inside:
            return self._left()[2]
        return None

    def word_before(self, word: Token) -> Token | None:
        """The left word right before ``word`` (one of the left words), or None."""
        left = self.left
        for i in range(len(left) - 1, 0, -1):
            if left[i].start == word.start:
                return left[i - 1]
        return None

    def nearest(self) -> Token | None:
        """The Hangul word right next to the name or its bracket (quotes and spaces between allowed); None
        if there is none. A shortcut, not the walk: read backwards a character at a time, because a
        right-anchored regex retries at every start position."""
        if self._near is False:
            self._near = _nearest_word(self.text, self.walk.pos)
        return self._near  # type: ignore[return-value]


def _nearest_word(text: str, pos: int, reach: int = 48) -> Token | None:
    lo = max(0, pos - reach)
    if pos > lo and "가" <= text[pos - 1] <= "힣":  # the usual case, a word touching pos: read it back by hand
        k = pos - 1
        while k > lo and "가" <= text[k - 1] <= "힣":
            k -= 1
        if k == 0 or not ("A" <= text[k - 1] <= "Z"):  # a capital before it (아Q정전): the regex decides
            if k > 0 and not (text[k - 1].isspace() or text[k - 1] in QUOTES or text[k - 1] in TITLE_OPENERS):
                return None
            return Token(text[k:pos], k, pos)
    m = _NEAREST_REVERSED.match(text[lo:pos][::-1])  # matched backwards: the word ends at pos
    if m is None:
        return None
    start, end = pos - m.end(), pos - m.start(1)
    if start > 0 and not (text[start - 1].isspace() or text[start - 1] in QUOTES or text[start - 1] in TITLE_OPENERS):
        return None  # the word runs on past the reach or into other characters
    return Token(text[start:end], start, end)


# a Hangul word, then quotes, spaces and at most one line break before pos — read on the reversed text
# (a Hangul word may end in capital letters that a known term renders: 중국중앙TV for 中央电视台)
_NEAREST_REVERSED = re.compile(
    f"\n?[ \t]*[{re.escape(QUOTES)}]*[{re.escape(TITLE_CLOSERS)}]?((?:[A-Z]{{1,4}})?[가-힣]+(?:[A-Z]{{1,2}}[가-힣]+)*)")


def _has_hangul(text: str) -> bool:
    return bool(HANGUL.search(text))


def _enclosing(text: str, pos: int, limit: int = 120) -> int | None:
    """Offset of the unmatched opening bracket around pos (within limit characters), else None.
    A paragraph break (three newlines) ends the search. One regex scan finds the brackets; only
    they are walked in Python."""
    if pos > 0 and text[pos - 1] in OPENERS:
        return pos - 1  # the usual case: the Hanzi right after its bracket
    lo = max(0, pos - limit)
    brk = text.rfind("\n\n\n", max(0, lo - 2), pos)
    if brk >= 0:
        lo = max(lo, brk + 3)  # only brackets after the break count
    depth = 0
    for m in reversed(list(_BRACKETS.finditer(text, lo, pos))):
        if m.group() in CLOSERS:
            depth += 1
        elif depth == 0:
            return m.start()
        else:
            depth -= 1
    return None


_BRACKETS = re.compile("[" + re.escape("".join(OPENERS) + "".join(CLOSERS)) + "]")


def _closing(text: str, open_at: int, pos: int, limit: int = 200) -> int | None:
    opener = text[open_at]
    want = OPENERS[opener]
    first = text.find(want, pos, pos + limit)
    if first < 0:
        return None
    if opener == want or opener not in text[pos:first]:
        return first  # the usual case: no bracket of the same kind opens before the first closing one
    depth = 0
    for k in range(pos, min(len(text), pos + limit)):
        ch = text[k]
        if ch == text[open_at] and ch != want:
            depth += 1
        elif ch == want:
            if depth == 0:
                return k
            depth -= 1
    return None


_STOP_CLASS = "".join(re.escape(c) for c in sorted(STOPS | set(QUOTES)))
_TOKEN = re.compile(r"\S+")
_TAIL_PLAIN = re.compile(f"[^\\s{_STOP_CLASS}]+$")
# with brackets kept, a Korean-only bracket may stand inside a word: 베이징쇼우뤼호텔(그룹)주식유한공사
_PAREN = f"[{PAREN_OPENERS}][가-힣 ]+[{PAREN_CLOSERS}]"  # a Korean word in a bracket inside a name: 궈메이(國美)
_TAIL_BRACKETS = re.compile(f"(?:[^\\s{_STOP_CLASS}]|{_PAREN})+$")
# 중국중앙TV, 아Q정전: capitals may end a Korean word or stand inside it
_HANGUL_TAIL = re.compile(f"(?:[가-힣]|{_PAREN})+(?:[A-Z]{{1,2}}[가-힣]+)*[A-Z]{{0,4}}$")


def _left_words(text: str, pos: int, floor: int, keep_brackets: bool,
                skip_latin: bool = False, digits: tuple[str, ...] = ()) -> tuple[list[Token], bool, str | None]:
    """Whitespace-separated Korean words left of pos, nearest last; stops at punctuation or a non-Korean word.

    Returns the words, whether the nearest one touches pos (no space between), and the Latin words
    skipped right before the Hanzi when skip_latin is set ((ZOL 중관춘짜이씨엔 ZOL 中关村在线)).
    ``digits``: the digits the Hanzi is written with; the same digits count as a word of the name,
    alone (중국 제조 2025) or at the end of a Korean word (중국제조2025).
    """
    k = pos
    while k > floor and text[k - 1] in " \t":
        k -= 1
    if not (k > floor and (text[k - 1] in QUOTES or text[k - 1] in TITLE_CLOSERS)):
        k = pos  # no quote or title bracket before pos: its spaces are read with the words
    while k > floor and text[k - 1] in QUOTES:
        k -= 1
    if k > floor and text[k - 1] in TITLE_CLOSERS:  # 《삼국지 연의》 (三國志演義): the title's words
        k -= 1
    floor = max(floor, k - LEFT_REACH)
    segment = text[floor:k]
    tail_re = _TAIL_BRACKETS if keep_brackets else _TAIL_PLAIN
    words: list[Token] = []
    latin: list[str] = []
    edge = k  # where the previous (right-hand) word began
    for tok in reversed(list(_TOKEN.finditer(segment))):
        if len(words) >= MAX_WORDS:
            break
        w_start, w_end = floor + tok.start(), floor + tok.end()
        gap = text[w_end:edge]
        if words and gap.count("\n") > 3:
            break  # a paragraph break, not a broken line
        if gap.strip():
            break
        word = tok.group(0)
        m = tail_re.search(word)
        if m is None:
            break
        cut = m.start() > 0  # a stop character or quote inside the word ends the walk after it
        part, p_start = m.group(0), w_start + m.start()
        if digits and (part in digits or any(part.startswith(d) and _HANGUL_WORD.fullmatch(part[len(d):])
                                              for d in digits)):
            words.append(Token(part, p_start, w_end))  # 2025 alone, or 36커, A주: the name's digits, its capitals
            if cut:
                break
            edge = w_start
            continue
        if not _has_hangul(part):
            if skip_latin and not words and not cut and LATIN_WORD.fullmatch(part):
                latin.insert(0, part)
                edge = w_start
                continue
            break
        h = _HANGUL_TAIL.search(_without_digits(part, digits) if digits else part)
        if h is None:
            break
        if h.start() > 0 and "0" <= part[h.start() - 1] <= "9":
            break  # a number and its counter (상무위원 7인(七常委)): no name, and none further left
        if h.start() > 0:  # a word that mixes scripts (CEO천래이) keeps only its Hangul tail
            words.append(Token(part[h.start():], p_start + h.start(), w_end))
            break
        words.append(Token(part, p_start, w_end))
        if cut:
            break
        edge = w_start
    touching = bool(words) and not latin and words[0].end == k  # no space between the name and pos
    words.reverse()
    return words, touching, " ".join(latin) or None


def _without_digits(word: str, digits: tuple[str, ...]) -> str:
    """A Korean word without the name's digits at its end (중국제조2025 → 중국제조)."""
    for d in digits:
        if word.endswith(d) and len(word) > len(d):
            return word[: -len(d)]
    return word


def _with_digits(text: str, start: int, end: int) -> tuple[int, int, tuple[str, ...]]:
    """A Hanzi expression with the ASCII digits glued to it (中國製造2025, 618购物节) when the Korean before
    it writes the same digits: they are part of the name. A year or a count after a name (人民日报2020年,
    一带一路2.0) is not: digits followed by a Han character or a number's punctuation stay out."""
    found = []
    k = end
    while k < len(text) and "0" <= text[k] <= "9":
        k += 1
    if k > end and not (k < len(text) and (text[k] in _NUMBER_GOES_ON or HAN_START.match(text, k))):
        if text.find(text[end:k], max(0, start - 60), start) >= 0:
            found.append(text[end:k])
            end = k
    k = start
    while k > 0 and "0" <= text[k - 1] <= "9":
        k -= 1
    if k < start and not (k > 0 and text[k - 1] in _NUMBER_GOES_ON):
        if text.find(text[k:start], max(0, k - 60), k) >= 0:
            found.append(text[k:start])
            start = k
    return start, end, tuple(found)


def _spoken_digits(text: str, start: int) -> tuple[int, bool]:
    """Digits that open a bracket, glued to the Hanzi, that the Korean before does not write but reads out
    in Mandarin (주링허우(90后): 九零后 jiǔ líng hòu): part of the name, read as numerals by the aligner."""
    k = start
    while k > 0 and "0" <= text[k - 1] <= "9":
        k -= 1
    if start - k <= 4 and k > 0 and text[k - 1] in OPENERS:
        return k, True
    return start, False


def _capitals(text: str, start: int) -> tuple[int, tuple[str, ...]]:
    """One or two capitals glued before the Hanzi at the start of a bracket, which the Korean before writes
    too (A주(A股), H주(H股)): part of the name."""
    k = start
    while k > 0 and start - k < 2 and "A" <= text[k - 1] <= "Z":
        k -= 1
    caps = text[k:start]
    if k > 0 and text[k - 1] in OPENERS and re.search(re.escape(caps) + "[가-힣]", text[max(0, k - 30):k]):
        return k, (caps,)
    return start, ()


_HANGUL_WORD = re.compile("[가-힣]+")
_NUMBER_GOES_ON = ".,/-:~"
HAN_START = re.compile(f"[{HAN_CLASS}]")


_LATIN_WORD_TAIL = re.compile(r"[A-Za-z][A-Za-z0-9&'’.:\-]*$")
_LATIN_GAPS = re.compile(r"[ \t\n]+")


def _latin_before(text: str, pos: int, floor: int) -> str | None:
    """Latin words right before pos ("League of Legends", WorldFirst, <Fortnite), else None.

    Walks back word by word (at most six): a right-anchored regex over the whole stretch backtracks
    at every start position and cost more than the rest of a name's extraction."""
    k = pos
    while k > floor and (text[k - 1].isspace() or text[k - 1] in QUOTES):
        k -= 1
    if k == floor or not (text[k - 1].isascii() and (text[k - 1].isalnum() or text[k - 1] in "&'.:-")):
        return None  # the usual case: Hangul or punctuation before, no regex needed
    words: list[str] = []
    for tok in reversed(_LATIN_GAPS.split(text[max(floor, k - 80):k])):
        m = _LATIN_WORD_TAIL.search(tok)
        if m is None:
            break
        if m.start() > 0 and not words and _has_hangul(tok[:m.start()]):
            return None  # Latin letters glued to a Korean word (중국중앙TV) end that word, they name nothing
        words.append(m.group(0))
        if m.start() > 0 or len(words) == 6:
            break
    return " ".join(reversed(words)).strip(" :") or None


_LATIN_HEAD = re.compile(r"[\s]*((?:[A-Za-z][A-Za-z0-9&'’.:\-]*[ \t\n]*)+)")


# a gloss separator between the Hanzi and a Latin name in one bracket: (蚂蚁集团·Ant Group), (腾讯, Tencent),
# and a label before the Latin name: (阿里巴巴·영문명 Alibaba), or a bracket of its own
_LATIN_LEAD = re.compile(f"[ \t\n]*(?:[{LATIN_SEPARATORS}{PAREN_OPENERS}][ \t\n]*)?{LATIN_LABEL}")


def _latin_after(text: str, pos: int, stop: int) -> str | None:
    if pos >= stop or not (text[pos].isascii() or text[pos].isspace() or text[pos] in LATIN_SEPARATORS
                           or text[pos] == "（"):
        return None  # the usual case: Hangul or other punctuation right after the Hanzi
    lead = _LATIN_LEAD.match(text, pos, stop)
    m = _LATIN_HEAD.match(text, lead.end() if lead else pos, stop)
    return " ".join(m.group(1).split()) if m else None


def latin_after_gloss(text: str, pos: int, stop: int) -> str | None:
    """A Latin name after a Korean gloss and a separator, inside its bracket: 拼多多(핀둬둬, Pinduoduo)."""
    if pos >= stop or text[pos] not in LATIN_SEPARATORS:
        return None
    close = text.find(")", pos, stop)
    return _latin_after(text, pos, close) if close >= 0 else None  # in running text, a list goes on


def _before_separator(text: str, pos: int, floor: int) -> int:
    """Where a Latin name before the Hanzi would end: before a gloss separator and spaces ((BYD·比亚迪),
    (Tencent, 腾讯)), or pos itself."""
    k = pos
    while k > floor and text[k - 1] in " \t\n":
        k -= 1
    if k > floor and text[k - 1] in LATIN_SEPARATORS:
        return k - 1
    return pos


def _latin_in_note(text: str, pos: int, stop: int) -> str | None:
    """A Latin name inside an editor's note after the Hanzi: (毕马威 편집자 주: 회계법인 KPMG)."""
    note = text[pos:stop]
    if "주" not in note and "注" not in note:
        return None
    if not re.search(r"편집자\s*주|역주|注", note):
        return None
    found = re.findall(r"[A-Z][A-Za-z0-9&.\-]+(?:\s+[A-Z][A-Za-z0-9&.\-]+)*", note)
    return found[-1] if found else None


# what may stand between the Hanzi and a rendering after it: a title closer (《流浪地球》(유랑지구)), a separator
# after the Hanzi: a title closer, a separator or a bracket, with spaces and at most one line break (a
# PDF's wrapped line: 中國國民黨\n(중국국민당))
_RIGHT_LEAD = re.compile(
    f"[ \t]*[{re.escape(TITLE_CLOSERS)}]?[ \t]*\n?[ \t]*[{GLOSS_SEPARATORS}{re.escape(READING_OPENERS)}]?[ \t]*")


def _right_words(text: str, pos: int, stop: int) -> list[Token]:
    """Korean words after the Hanzi, after a gloss separator, a space or an opening bracket
    (Hanzi-first forms: 《夺冠 탈관》, 抖音·더우인, 支付宝(즈푸바오))."""
    m = _RIGHT_LEAD.match(text, pos, stop)
    k = m.end() if m else pos
    out = []
    for wm in re.finditer(r"[가-힣]+", text[k:stop]):
        if wm.start() > 0 and text[k + wm.start() - 1] not in " \t":
            break
        out.append(Token(wm.group(0), k + wm.start(), k + wm.end()))
        if len(out) >= 4 or (wm.end() + k < stop and text[k + wm.end()] not in " \t"):
            break
    return out


def _before_gloss_separator(text: str, pos: int, floor: int, also: str = "") -> int:
    """Where the Korean of a gloss ends: before a separator right before the Hanzi (바이두·百度,
    (중신궈지 · 中芯国际)), or pos itself."""
    k = pos
    while k > floor and text[k - 1] in " \t":
        k -= 1
    if k > floor and (text[k - 1] in GLOSS_SEPARATORS or text[k - 1] in also):
        return k - 1
    return pos


def _paragraph_floor(text: str, pos: int, floor: int) -> int:
    """Where the Korean words that may render a name at ``pos`` can start at the earliest: after the last
    paragraph break, heading or list item before it (forms.BREAK), never further back than ``floor``."""
    if "\n" not in text[floor:pos]:
        return floor  # the usual case: the name's line holds its whole window
    m = LAST_BREAK.match(text, floor, pos)
    return m.end() if m else floor


UNREADABLE = "\ufffd"  # the replacement character a reader puts for a glyph without a character


def find_candidates(text: str) -> list[Candidate]:
    """Every Hanzi expression in text with its surroundings."""
    out: list[Candidate] = []
    prev_bracket: tuple[int, str] | None = None
    for m in HAN_EXPR.finditer(text):
        start, end = m.start(), m.end()
        if UNREADABLE in text[max(0, start - 1):start] + text[end:end + 1]:
            continue  # a glyph the document's font maps to no character touches it: its Hanzi are not all known
        written = m.group()
        digits: tuple[str, ...] = ()
        spoken = False
        if (end < len(text) and "0" <= text[end] <= "9") or (start > 0 and "0" <= text[start - 1] <= "9"):
            start, end, digits = _with_digits(text, start, end)
            if not digits and start > 0 and "0" <= text[start - 1] <= "9":
                start, spoken = _spoken_digits(text, start)
            written = text[start:end]
        elif start > 1 and "A" <= text[start - 1] <= "Z":
            start, digits = _capitals(text, start)
            written = text[start:end]
        hanzi = written if written.isalpha() else "".join(written.split())  # isalpha: no space inside (usual)
        open_at = _enclosing(text, start)
        close_at = _closing(text, open_at, end) if open_at is not None else None
        enclosed = open_at is not None and close_at is not None
        if not enclosed:
            cand = Candidate(start, end, hanzi, False, None, None, text)
            cand.digits, cand.spoken_digits = digits, spoken
            # 한글·漢字, 한글=漢字: the Korean ends at a gloss separator right before the Hanzi
            floor = _paragraph_floor(text, start, max(0, start - 200))
            cand.walk = Walk(_before_gloss_separator(text, start, floor, "/"), floor, False, False)
            cand.right_stop = min(len(text), end + 60)
            out.append(cand)
            continue
        cand = Candidate(start, end, hanzi, True, open_at, close_at, text)
        cand.digits, cand.spoken_digits = digits, spoken
        floor = open_at + 1
        inside_korean = floor < start and _has_hangul(LABEL.sub("", text[floor:start].split(",")[-1].split("，")[-1]))
        listed_inside = (not inside_korean and text[open_at] in TITLE_OPENERS and floor < start
                         and _has_hangul(text[floor:start]) and text[floor:start].rstrip()[-1:] in ",，")
        if listed_inside:
            # 《타임, 時代, Time》: a title mark that lists the name's renderings, the Korean first; the words
            # before the mark are not its name
            comma = floor + len(text[floor:start].rstrip()) - 1
            cand.walk = Walk(comma, floor, False, True)
            cand.left_inside = True
            cand._english = _latin_after(text, end, close_at) or _latin_in_note(text, end, close_at)
        elif inside_korean:
            # ENGLISH (한글 漢字), or a long bracketed note: the Korean is inside, before the Hanzi;
            # SMIC(중신궈지·中芯国际): a gloss separator ends the Korean
            cand.walk = Walk(_before_gloss_separator(text, start, floor), floor, False, True)
            cand.left_inside = True
            cand._english = _latin_before(text, open_at, max(0, open_at - 80))
        else:
            # 한글(漢字 …): the Korean is outside, before the bracket; Latin inside or outside names it
            cand.walk = Walk(open_at, _paragraph_floor(text, open_at, max(0, open_at - 200)), True, False)
            if start > floor or end < close_at:  # anything else inside the bracket (usually nothing)
                label = LABEL.search(text, floor, start)  # (TikTok, 중국명 抖音): the Latin name is before the label
                before = floor + len(text[floor:label.start()].rstrip()) if label else start
                cand._english = (_latin_before(text, _before_separator(text, before, floor), floor)
                                 or _latin_after(text, end, close_at) or _latin_in_note(text, end, close_at))
            cand._outside = True
            if (prev_bracket and prev_bracket[1] == hanzi and open_at - prev_bracket[0] <= 64
                    and text[prev_bracket[0]:open_at].strip() == ""):  # (漢字)(漢字), at most a few spaces between
                cand.duplicate = True
            prev_bracket = (close_at + 1, hanzi)
        cand.right_stop = close_at
        if text[open_at] in TITLE_OPENERS and start == floor and end == close_at:  # 《流浪地球》(유랑지구)
            follow = close_at + 1
            while follow < len(text) and text[follow] in " \t":
                follow += 1
            if follow < len(text) and text[follow] in PAREN_OPENERS:
                cand.right_stop = _closing(text, follow, follow + 1, limit=40) or close_at
        listed = None
        if "·" in hanzi and cand._outside:  # 마윈·차이충신(馬雲·蔡崇信), 마윈(马云·馬雲)
            listed = _parallel_list(text, cand, m) or _one_name_in_two_forms(cand, m)
        out.extend(listed or (cand,))
    return out


def _dotted_runs(m: re.Match) -> list[tuple[int, int]]:
    """(start, end) of each part of a Hanzi expression written with middle dots (馬雲·蔡崇信)."""
    return [(m.start() + r.start(), m.start() + r.end()) for r in re.finditer(r"[^·\s]+", m.group(0))]


def _one_name_in_two_forms(cand: Candidate, m: re.Match) -> list[Candidate] | None:
    """마윈(马云·馬雲): the simplified and the traditional form of one name, a candidate each (as a wiki's
    간체자/정체자 labels give them); None when the parts are different names (埃隆·马斯克)."""
    runs = _dotted_runs(m)
    parts = [cand.text[a:b] for a, b in runs]
    if len(parts) < 2 or len({fold(p) for p in parts}) != 1 or not all(HAN_EXPR.fullmatch(p) for p in parts):
        return None
    out = []
    for (a, b), part in zip(runs, parts):
        form = Candidate(a, b, part, True, cand.open_at, cand.close_at, cand.text)
        form.walk, form._outside, form.right_stop, form._english = cand.walk, True, cand.right_stop, cand._english
        out.append(form)
    return out


_LIST_ITEM = re.compile(r"[가-힣]+")
_LIST_ENDS = (STOPS - {"·"}) | set(QUOTES)  # what ends a ·-list of Korean names on its left


def _parallel_list(text: str, cand: Candidate, m: re.Match) -> list[Candidate] | None:
    """마윈·차이충신(馬雲·蔡崇信): a list of Korean names before a bracket with as many Hanzi names, one
    candidate each (item i renders name i). None when the lists differ: 일론 머스크(埃隆·马斯克) is one
    foreign name, its dot part of it."""
    runs = _dotted_runs(m)
    if any(not HAN_EXPR.fullmatch(text, a, b) for a, b in runs):
        return None
    k = last = cand.open_at  # type: ignore[assignment]
    while k > 0 and not text[k - 1].isspace() and text[k - 1] not in _LIST_ENDS:
        k -= 1
    items = [(i.start(), i.end()) for i in _LIST_ITEM.finditer(text, k, last)] if k < last else []
    if len(items) != len(runs) or text[k:last].count("·") != len(runs) - 1:
        return None
    out = []
    for (a, b), (ka, kb) in zip(runs, items):
        part = Candidate(a, b, text[a:b], True, cand.open_at, cand.close_at, text)
        part.walk = Walk(kb, ka, False, False)
        part._outside = True
        part.right_stop = cand.close_at or b
        out.append(part)
    return out
