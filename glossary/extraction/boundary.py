"""Decide which Korean words render the Hanzi: the left boundary of the name, by alignment.

The words left of the Hanzi (or of its bracket) are tried as starts, nearest first; the start whose
alignment with the Hanzi scores best wins, so 궈메이 소매 is taken whole before 国美零售 while 최근
기자는 stays out before 拼多多. Titles (선생, 회장, CEO) and particles never render a character, so they
cost the penalty and stay out too.

Design: docs/how-it-works.md
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glossary.base import caches
from glossary.base.han import fold, han_only
from glossary.base.hangul import compact
from glossary.extraction.align import Alignment, align, align_all_starts, exact, may_cover
from glossary.extraction.candidates import Candidate, Token
from glossary.extraction.forms import (
    CLOSING_QUOTES,
    OPENING_QUOTES,
    PAREN_CLOSERS,
    PAREN_OPENERS,
    QUOTES,
    TITLE_CLOSERS,
    TITLE_OPENERS,
    person_shaped,
    person_titles,
    person_titles_longest_first,
    western_given_names,
)
from glossary.extraction.morph import Analyzer, get_analyzer, strip_particle
from glossary.translit.lexicon import Lexicon

_HANGUL = re.compile("[가-힣]")
_NOT_SYLLABLE = re.compile(r"[^가-힣A-Z]+")  # capital letters stay: a known term may render them (중국중앙TV)
STRONG_MIN = 0.25  # below this, a bracketed pair keeps only the word next to the bracket
WEAK_MIN = 0.6  # an unbracketed pair (한글漢字, 한글 漢字) needs this much alignment to count
RIGHT_MIN = 0.6


@dataclass(slots=True)
class Rendering:
    korean: str | None
    alignment: Alignment | None
    side: str  # left | right | none
    words: list[Token]


def _syllables(words: list[Token]) -> tuple[str, list[int]]:
    starts, parts, n = [], [], 0
    for w in words:
        starts.append(n)
        syl = _NOT_SYLLABLE.sub("", w.text)
        parts.append(syl)
        n += len(syl)
    return "".join(parts), starts


def _surface(text: str, words: list[Token]) -> str:
    raw = text[words[0].start : words[-1].end]
    return re.sub(r"\s+", " ", raw).strip(QUOTES + " ")


# quotes and title marks both delimit a name (“기계덩어리 심리(機心)”, 《삼국지연의》(三國志演義))
OPENING_MARKS = OPENING_QUOTES + TITLE_OPENERS
CLOSING_MARKS = CLOSING_QUOTES + TITLE_CLOSERS
_GLOSS_END = PAREN_CLOSERS + ",，·"  # what ends a Korean gloss inside the bracket after the Hanzi


def _is(text: str, i: int, chars: str) -> bool:
    """The character at i is one of chars (False outside the text: '' is in every string)."""
    return 0 <= i < len(text) and text[i] in chars


def _quote_closes(text: str, cand: Candidate) -> bool:
    """A closing quote right before the bracket or right after the name ('위어바오'(余额宝 …)). Asked for
    nearly every name, so written out without helper calls."""
    if cand.open_at is not None:
        i = cand.open_at - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i >= 0 and text[i] in CLOSING_MARKS:
            return True
    after = cand.close_at + 1 if cand.close_at is not None else cand.end
    return after < len(text) and text[after] in CLOSING_MARKS


def _quoted(text: str, cand: Candidate) -> bool:
    """The left words are exactly what a pair of quotes holds, right before or around the bracket."""
    first = cand.left[0].start
    if len(cand.left) > 4 or first == 0 or text[first - 1] not in OPENING_MARKS:
        return False
    if cand.open_at is not None and _is(text, cand.before_bracket, CLOSING_MARKS):
        return True
    after = cand.close_at + 1 if cand.close_at is not None else cand.end
    return _is(text, after, CLOSING_MARKS)


_DESCRIPTORS = frozenset({"중국", "대만", "홍콩", "마카오", "미국", "전", "현", "당시", "신임", "초대"})


@caches.lru("boundary.is_title")
def _is_title(word: str) -> bool:
    """A title written after a person's name: one of the table's (회장, 장관), or a compound that ends in
    one of two syllables or more (행정장관, 상무위원장, 부총리)."""
    titles = person_titles()
    if word in titles:
        return True
    return any(word[-k:] in titles for k in range(2, len(word))) if len(word) >= 3 else False


def _before_titles(words: list[Token]) -> list[Token]:
    """The words left of the trailing titles and the descriptors before them (중국, 전, 신임 …)."""
    n = len(words)
    while n > 0 and _is_title(words[n - 1].text):
        n -= 1
    while n > 0 and words[n - 1].text in _DESCRIPTORS:
        n -= 1
    return words[:n]


def choose(text: str, cand: Candidate, lexicon: Lexicon | None = None, analyzer: Analyzer | None = None
           ) -> Rendering:
    """The Korean rendering of a candidate, or korean=None when no Korean words render it."""
    rendering = _aligned(text, cand, lexicon, analyzer)
    if rendering.side == "left" and rendering.alignment is not None and rendering.alignment.korean_cover < 1.0:
        rendering = _without_particle(text, rendering, han_only(cand.hanzi), analyzer)
    if cand.digits and rendering.side == "left" and rendering.words:
        rendering = _with_digit_words(text, cand, rendering)
    if (rendering.side == "left" and len(rendering.words) == 1 and rendering.alignment is not None
            and rendering.alignment.korean_cover < 1.0):
        rendering = _without_title(text, rendering, han_only(cand.hanzi))
    if (rendering.side == "left" and len(rendering.words) == 1
            and (rendering.alignment is None or rendering.alignment.hanzi_cover < 1.0)):
        given = _given_name(cand.word_before(rendering.words[0]), cand.hanzi)  # 캐리 람(林鄭月娥)
        if given is not None:
            words = [given, rendering.words[0]]
            return Rendering(_surface(text, words), rendering.alignment, "left", words)
    if (rendering.side == "left" and rendering.words
            and (rendering.alignment is None or rendering.alignment.hanzi_cover < 1.0)):
        led = _latin_lead(text, rendering.words[0])  # HSBC 홀딩스(滙豐控股): the capitals render the rest
        if led is not None:
            words = [led, *rendering.words]
            return Rendering(_surface(text, words), rendering.alignment, "left", words)
    return rendering


_LATIN_LEAD = re.compile(r"(?:^|(?<=[\s(“‘'\"]))([A-Z][A-Z0-9&]{1,9}) $")


def _latin_lead(text: str, first: Token) -> Token | None:
    """Capitals and digits right before the first Korean word, one space between (HSBC 홀딩스, BYD 오토,
    TCL 그룹): where the Korean renders only part of the Hanzi, the Latin name renders the rest (滙豐 HSBC)
    and belongs to the name as written."""
    m = _LATIN_LEAD.search(text, max(0, first.start - 12), first.start)
    if m is None:
        return None
    return Token(m.group(1), m.start(1), m.end(1))


_NUMERALS = str.maketrans("0123456789", "零一二三四五六七八九")


def numerals(hanzi: str) -> str:
    """Digits as the Chinese numerals they are read as (90后 → 九零后: 주링허우)."""
    return hanzi.translate(_NUMERALS)


def _without_title(text: str, rendering: Rendering, hanzi: str) -> Rendering:
    """A person's title glued to the name without a space (창업자왕싱(王兴)): the name is what follows it."""
    word = rendering.words[0]
    for title in person_titles_longest_first():
        if word.text.startswith(title) and len(word.text) - len(title) >= 2:
            rest = word.text[len(title):]
            a = align(rest, hanzi)
            if a.score >= 0.99 and a.hanzi_cover >= 1.0:
                return Rendering(rest, a, "left", [Token(rest, word.start + len(title), word.end)])
    return rendering


def _without_particle(text: str, rendering: Rendering, hanzi: str, analyzer: Analyzer | None) -> Rendering:
    """The rendering without a particle written before the bracket (핀둬둬는(拼多多)), when the name aligns
    better without it: the particle renders nothing."""
    last = rendering.words[-1]
    stem = strip_particle(analyzer or get_analyzer(), last.text)
    if stem == last.text:
        return rendering
    words = [*rendering.words[:-1], Token(stem, last.start, last.start + len(stem))]
    a = align(" ".join(w.text for w in words), hanzi)
    if a.score <= rendering.alignment.score:  # type: ignore[union-attr]
        return rendering
    return Rendering(_surface(text, words), a, "left", words)


def _with_digit_words(text: str, cand: Candidate, rendering: Rendering) -> Rendering:
    """The rendering reaches back to the name's digits when they stand before it (618 쇼핑 축제(618购物节)):
    digits render themselves, the words between them and the rendering belong to the name."""
    left, first = cand.left, rendering.words[0].start
    index = next((i for i, w in enumerate(left) if w.start == first), None)
    if index is None:
        return rendering
    for i in range(index - 1, max(-1, index - 4), -1):
        if left[i].text in cand.digits:
            words = left[i:]
            return Rendering(_surface(text, words), rendering.alignment, "left", words)
    return rendering


def _given_name(word: Token | None, hanzi: str) -> Token | None:
    """``word`` if it is an English given name (캐리, 존) before the surname of a Chinese person's name
    in Hanzi: it renders no character but is part of the name as written (캐리 람, 존 리)."""
    if word is None or word.text not in western_given_names():
        return None
    return word if person_shaped(fold(han_only(hanzi))) else None


def _aligned(text: str, cand: Candidate, lexicon: Lexicon | None = None, analyzer: Analyzer | None = None
             ) -> Rendering:
    """The rendering the alignment chooses (particles, digits and given names are settled after it)."""
    hanzi = han_only(numerals(cand.hanzi) if cand.spoken_digits else cand.hanzi)
    if not hanzi or cand.duplicate:
        return Rendering(None, None, "none", [])
    near = cand.nearest()
    if near is not None and not _quote_closes(text, cand):
        perfect = exact(near.text, hanzi)
        if perfect is not None:  # the word next to the Hanzi renders it exactly: nothing can do better
            return Rendering(near.text, perfect, "left", [near])
        # the word next to the Hanzi renders every character with every syllable (도인 for 抖音, 마이그룹
        # for 蚂蚁集团): a word further left could only add syllables that render nothing — unless it is a
        # title after a name (쉬위안징 위원장(徐远晶): 위원장 sounds close enough to 徐远晶 to pass), which
        # the titles below settle
        titled = len(cand.left) > 1 and _is_title(near.text)
        if may_cover(near.text, hanzi) and not titled:
            whole = align(near.text, hanzi)
            need = STRONG_MIN if cand.enclosed or cand.left_inside else (0.99 if len(hanzi) == 1 else WEAK_MIN)
            if whole.hanzi_cover >= 1.0 and whole.korean_cover >= 1.0 and whole.score >= need:
                return Rendering(near.text, whole, "left", [near])
    strong = cand.left_inside or (cand.enclosed and cand.adjacent)
    if strong and len(cand.left) > 1 and _is_title(cand.left[-1].text):
        named = _before_titles(cand.left)  # 리창 총리(李强), 시진핑 중국 국가주석(習近平): the title stays out
        if named:
            korean, starts = _syllables(named)
            a = align_all_starts(korean, hanzi, lexicon)[starts[-1]] if korean else None
            if a is not None and ((a.score >= WEAK_MIN and a.hanzi_cover >= 1.0)
                                  or (a.score >= STRONG_MIN and person_shaped(fold(hanzi)))):  # 렁춘잉 행정장관(梁振英)
                return Rendering(_surface(text, named[-1:]), a, "left", named[-1:])
            if len(named) >= 2 and _given_name(named[-2], hanzi) is not None:  # 캐리 람 행정장관(林鄭月娥)
                return Rendering(_surface(text, named[-2:]), a, "left", named[-2:])
            for word in reversed(named[-3:-1]):  # 마화텅 텐센트 회장(马化腾): the employer stands between
                a = align(word.text, hanzi)
                if a.score >= WEAK_MIN and a.hanzi_cover >= 1.0 and a.korean_cover >= 0.99:
                    return Rendering(word.text, a, "left", [word])
    if cand.left:
        korean, starts = _syllables(cand.left)
        if korean:
            aligned = align_all_starts(korean, hanzi, lexicon)
            # widened word by word from the right, and only while a start further left could still score
            # higher (a perfect score cannot be beaten): the words of the sentence before a name are
            # rarely aligned at all, and the name's own columns come from the cache
            best_i, best = len(cand.left) - 1, aligned.score(starts[-1])
            for i in range(len(cand.left) - 2, -1, -1):
                if aligned.bound(starts[i + 1]) <= best + 1e-6:
                    break
                score = aligned.score(starts[i])
                if score > best + 1e-6:
                    best_i, best = i, score
            best = aligned[starts[best_i]]
            words = cand.left[best_i:]
            single = len(hanzi) == 1
            if strong and _quoted(text, cand) and not (single and best.score >= 0.99):
                # “기계덩어리 심리(機心)”: the quotes delimit the name; one character glosses one word only
                # ('투자의 신(神)': 신)
                words = cand.left
            if strong and best.score >= STRONG_MIN:
                return Rendering(_surface(text, words), best, "left", words)
            right = _right(text, cand, hanzi, analyzer)
            if right is not None:  # 영화 《夺冠 탈관》: the rendering follows the Hanzi
                return right
            if strong:
                if _quoted(text, cand):  # '제로 코로나(清零)': a translation, delimited by its quotes
                    return Rendering(_surface(text, cand.left), aligned[starts[0]], "left", cand.left)
                parts = cand.hanzi.count("·") + 1
                if parts > 1:  # 일론 머스크(埃隆·马斯克): a foreign name, one Korean word for each dotted part
                    if len(cand.left) < parts:  # 7명(习近平·李强·赵乐际): a list no Korean renders
                        return Rendering(None, None, "none", [])
                    named = cand.left[-parts:]
                    return Rendering(_surface(text, named), aligned[starts[-parts]], "left", named)
                nearest = cand.left[-1:]
                if _is_title(nearest[0].text):  # 알리바바 회장(马云): a title renders no name
                    return Rendering(None, None, "none", [])
                return Rendering(_surface(text, nearest), aligned[starts[-1]], "left", nearest)
            need = 0.99 if single else WEAK_MIN
            if best.score >= need and best.hanzi_cover >= 0.6:
                return Rendering(_surface(text, words), best, "left", words)
    return _right(text, cand, hanzi, analyzer) or Rendering(None, None, "none", [])


def second_rendering(text: str, cand: Candidate, first: Rendering, analyzer: Analyzer | None = None
                     ) -> Rendering | None:
    """A second Korean rendering inside the bracket, after the Hanzi, that renders them another way than the
    one before the bracket (저우싱츠(周星驰 주성치): the Mandarin transliteration before, the Sino-Korean
    reading inside); None when there is none or it is the same."""
    if cand.close_at is None or not _HANGUL.search(text, cand.end, cand.close_at):
        return None  # the usual bracket: nothing Korean after the Hanzi (one C-level search)
    right = _right(text, cand, han_only(cand.hanzi), analyzer)
    if right is None or right.words[-1].end > cand.close_at or right.alignment is None:
        return None
    if compact(right.korean) == compact(first.korean or ""):
        return None
    return right if right.alignment.score >= 0.99 and right.alignment.hanzi_cover >= 1.0 else None


def _right(text: str, cand: Candidate, hanzi: str, analyzer: Analyzer | None = None) -> Rendering | None:
    """A rendering after the Hanzi that aligns well and wholly (Hanzi-first forms: 抖音·더우인은). The last
    word may carry a particle; the analyzer proposes it and the alignment decides."""
    analyzer = analyzer or get_analyzer()
    right = cand.right
    for n in range(len(right), 0, -1):
        words = right[:n]
        last = words[-1]
        stem = strip_particle(analyzer, last.text)
        stripped = [*words[:-1], Token(stem, last.start, last.start + len(stem))]
        tries = [words] if stem == last.text else [stripped, words]
        found = None
        for option in tries:  # without the particle first: it wins unless the word aligns better with it
            a = align(" ".join(w.text for w in option), hanzi)
            if a.score >= RIGHT_MIN and a.korean_cover >= 0.99 and (found is None or a.score > found[1].score):
                found = (option, a)
        if found is not None:
            return Rendering(_surface(text, found[0]), found[1], "right", found[0])
    if len(right) == 1 and len(hanzi) > 1 and _fills_bracket(text, cand.end, right[0]):
        # 字节跳动(바이트댄스): one Korean word alone in the bracket right after the Hanzi is its name, even
        # translated (nothing to align); a one-character abbreviation (中(중국)) stays out
        return Rendering(right[0].text, align(right[0].text, hanzi), "right", right)
    return None


def _fills_bracket(text: str, pos: int, word: Token) -> bool:
    """``word`` is all that stands in the bracket opening at pos (after a title closer or spaces:
    《字节跳动》 (바이트댄스)), up to its close or a separator before a Latin name (拼多多(핀둬둬, Pinduoduo))."""
    if _is(text, pos, CLOSING_MARKS):
        pos += 1
    while _is(text, pos, " \t"):
        pos += 1
    if pos >= len(text) or text[pos] not in PAREN_OPENERS or word.start != pos + 1:
        return False
    return word.end < len(text) and text[word.end] in _GLOSS_END
