"""Extraction: documents in, pair occurrences out (the tool's main job).

read document → find pair candidates → decide the Korean boundary by alignment → classify type and
origin. Files are processed in windows of lines with a margin on each side, so memory stays flat and
a name broken across lines is still seen whole.

Design: docs/how-it-works.md
"""

from __future__ import annotations

import bisect
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from glossary.base.collector import fewer_collections, freeze_loaded
from glossary.base.errors import GlossaryError
from glossary.base.han import fold, has_han
from glossary.base.spool import Spool
from glossary.extraction import boundary, classify
from glossary.extraction.candidates import Candidate, find_candidates, latin_after_gloss
from glossary.extraction.forms import BREAK, PAREN_OPENERS, TITLE_CLOSERS, TITLE_OPENERS, korean_common_nouns
from glossary.extraction.morph import DEFAULT as DEFAULT_ANALYZER
from glossary.extraction.morph import Analyzer, get_analyzer
from glossary.extraction.reader import Block, open_document
from glossary.extraction.record import PUBLIC_FIELDS
from glossary.translit import cantonese, japanese, sino
from glossary.translit.lexicon import Lexicon, default_lexicon

MARGIN_LINES = 12
JA_WINDOW_LINES = 80
JA_NEIGHBOURS = 2


@dataclass(slots=True)
class Occurrence:
    """One place where a name is written with its Hanzi (the JSONL record of `glossary extract`)."""

    doc: str
    line: int
    start: int
    end: int
    korean: str | None
    hanzi: str
    english: str | None
    type: str
    type_confidence: float  # classify.confidence of the type, the same for every mention in the document
    origin: str
    key: str
    score: float
    context: str
    _votes: dict = field(default_factory=dict, repr=False, compare=False)
    _term_like: bool = field(default=False, repr=False, compare=False)
    _korean_line: int = field(default=0, repr=False, compare=False)  # where the Korean starts (0: = line)
    _korean_name: str | None = field(default=None, repr=False, compare=False)  # classify.korean_name
    _cue: tuple[str, str] | None = field(default=None, repr=False, compare=False)  # classify.name_cue

    def to_dict(self) -> dict:
        """The public fields, in the JSONL order."""
        return dict(zip(PUBLIC_FIELDS, public_fields(self)))


public_fields = operator.attrgetter(*PUBLIC_FIELDS)  # an occurrence as a tuple in that order, in one C call
record_fields = operator.attrgetter(*PUBLIC_FIELDS, "_korean_line")  # as record.RECORD_FIELDS: what the cache keeps


@dataclass
class Ignored:
    doc: str
    line: int
    hanzi: str
    reason: str


@dataclass
class DocumentResult:
    doc: str
    encoding: str
    occurrences: list[Occurrence]
    ignored: list[Ignored]


_DIGIT_TO_HASH = bytes.maketrans(b"0123456789", b"##########")
_NOT_IN_SHAPE = b"# \t\r\x0b\x0c"


_KANA_UTF8 = re.compile(b"\xe3[\x81-\x83]")  # U+3040–U+30FF in UTF-8: a literal lead byte, found by a fast scan


def _window_text(lines: list[str]) -> tuple[str, bool]:
    """A window's text with its running heads blanked, and whether it holds kana. Both are read off one
    UTF-8 encoding of the window: a bytes scan for kana is several times faster than a str one."""
    text = "\n".join(lines)
    data = text.encode("utf-8", "surrogatepass")
    masked = _mask_running_heads(lines, data)
    return (text if masked is lines else "\n".join(masked)), _KANA_UTF8.search(data) is not None


def _mask_running_heads(lines: list[str], encoded: bytes | None = None) -> list[str]:
    """Blank out page headers and footers: lines with a number that recur (digits and spacing aside)
    three times or more. Shapes are made in bytes for the whole window at once (bytes.translate is a C
    table lookup, str methods on Hangul text are several times slower), and only for the rows that hold
    a digit: they are found by jumping from one '#' to the next, not by a loop over every row."""
    if encoded is None:
        encoded = "\n".join(lines).encode("utf-8", "surrogatepass")
    data = encoded.translate(_DIGIT_TO_HASH)
    find, rfind = data.find, data.rfind
    shapes: dict[int, bytes] = {}  # row start → shape, rows in order
    pos = find(b"#")
    while pos >= 0:
        start = rfind(b"\n", 0, pos) + 1
        end = find(b"\n", pos)
        if end < 0:
            end = len(data)
        if end - start > 8:
            shapes[start] = data[start:end].translate(None, _NOT_IN_SHAPE)
        pos = find(b"#", end)
    if len(shapes) < 3:
        return lines
    counts = Counter(shapes.values())
    heads = {s for s, n in counts.items() if n >= 3 and s and not has_han(s.decode("utf-8", "surrogatepass"))}
    if not heads:
        return lines
    masked = list(lines)
    index = last = 0
    for start, shape in shapes.items():
        if shape in heads:
            index += data.count(b"\n", last, start)
            last = start
            masked[index] = ""
    return masked


# a sentence also ends at a paragraph break (two blank lines: PDF-to-text puts one between wrapped lines)
# and before a line that starts a heading or a list item (▶ 샤오미…, 1. …, 4) …): a name's context never
# runs from a masthead or a heading into the next item
_BREAK = BREAK
_SENTENCE_END = re.compile(f"[.?!](\\s|$)|{_BREAK}")
# the last sentence end before a name: the greedy '.*' runs to the name and backs off to the nearest '. ',
# '.\n', '? ' … or break, in C (cheaper than searching a reversed copy of the text)
_LAST_SENTENCE_END = re.compile(f"(?s:.*)(?:[.?!]\\s|{_BREAK})")


# a heading: a short line with no sentence end, then a blank line (인물\n\n, 주간 NEWS\n\n): a sentence
# ends before it and starts after it, though text converted from PDF puts a blank line after every line
_HEADING = re.compile(r"^[ \t]*[^\s](?:[^\n]{0,28}[^\s.?!。…])?[ \t]*\n[ \t]*\n", re.MULTILINE)


_ENDED = frozenset(".?!。…\"”’)]>》」』다")  # 다: a Korean sentence ends so, with or without its stop


def _headings(text: str) -> list[int]:
    """The starts and ends of the window's headings, in order: where sentences stop. A short line after a
    sentence's end, a heading or the start is one; after a line that ends mid-sentence it is the wrapped
    end of that sentence (PDF text puts a blank line after every line)."""
    stops: list[int] = []
    for m in _HEADING.finditer(text):
        before = text[max(0, m.start() - 200):m.start()].rstrip()
        if not before or before[-1] in _ENDED or (stops and stops[-1] == m.start()):
            stops += (m.start(), m.end())
    return stops


def _sentence(text: str, start: int, end: int, stops: list[int] = ()) -> tuple[int, int]:
    """Where the sentence around a name starts and ends (at most 160 characters each side), never across
    a heading (``stops``, from _headings)."""
    lo = max(0, start - 160)
    left = _LAST_SENTENCE_END.match(text, lo, start)
    right = _SENTENCE_END.search(text, end, end + 160)
    a, b = (left.end() - 1 if left else lo), (right.end() if right else end + 160)
    if stops:
        i = bisect.bisect_right(stops, start)
        if i:
            a = max(a, stops[i - 1])
        if i < len(stops):
            b = min(b, max(stops[i], end))
    return a, b


def _words_around(text: str, cand: Candidate, rendering: boundary.Rendering) -> tuple[str, str]:
    left_edge = rendering.words[0].start if rendering.words and rendering.side == "left" else cand.start
    if cand.open_at is not None and not cand.left_inside:
        left_edge = min(left_edge, cand.open_at)
    right_edge = (cand.close_at + 1) if cand.close_at is not None else cand.end
    return text[max(0, left_edge - 30) : left_edge], text[right_edge : right_edge + 30]


def _title_around(text: str, start: int, close_at: int | None) -> str | None:
    """The title opener when title brackets hold the Korean and its bracket: 《논어(論語)》."""
    if start == 0 or text[start - 1] not in TITLE_OPENERS or close_at is None:
        return None
    closer = TITLE_CLOSERS[TITLE_OPENERS.index(text[start - 1])]
    return text[start - 1] if text.startswith(closer, close_at + 1) else None


def extract_window(text: str, line_of, doc: str, offset: int, lexicon: Lexicon,
                   keep: range | None = None, analyzer: Analyzer | None = None, kana: bool | None = None
                   ) -> tuple[list[Occurrence], list[Ignored]]:
    """Occurrences in one window of text; ``line_of(pos)`` maps a window offset to a source line.
    ``kana``: whether the window holds kana (looked for here if not given), one look per window."""
    found: list[Occurrence] = []
    ignored: list[Ignored] = []
    if kana is None:
        kana = bool(classify.KANA.search(text))
    last_sentence, context = (-1, -1), ""
    stops: list[int] | None = None
    for cand in find_candidates(text):
        line = line_of(cand.start)
        if keep is not None and line not in keep:
            continue
        if cand.duplicate:
            ignored.append(Ignored(doc, line, cand.hanzi, "duplicated bracket"))
            continue
        rendering = boundary.choose(text, cand, lexicon, analyzer)
        if rendering.korean is None and not cand.english:
            ignored.append(Ignored(doc, line, cand.hanzi, "no Korean or Latin rendering next to it"))
            continue
        before, after = _words_around(text, cand, rendering)
        if stops is None:
            stops = _headings(text)
        sentence = _sentence(text, cand.start, cand.end, stops)
        if sentence != last_sentence:  # names of one sentence share its context (one string, made once)
            last_sentence, context = sentence, " ".join(text[sentence[0]:sentence[1]].split())
        inside_after = text[cand.end : cand.close_at] if cand.close_at is not None else ""
        enclosure = text[cand.open_at] if cand.open_at is not None else None
        if enclosure is not None and enclosure in PAREN_OPENERS:
            if cand.title_outside is not None:  # 《삼국지연의》(三國志演義)
                enclosure = cand.title_outside
            elif rendering.words and rendering.side == "left":
                enclosure = _title_around(text, rendering.words[0].start, cand.close_at) or enclosure
        alignment, english = rendering.alignment, cand.english
        if english is None and rendering.side == "right":  # 拼多多(핀둬둬, Pinduoduo): Latin after the Korean
            english = latin_after_gloss(text, rendering.words[-1].end, cand.right_stop)
        votes = classify.type_votes(cand.hanzi, rendering.korean, before, after, enclosure, alignment, inside_after,
                                    lexicon, english)
        origin = classify.origin(cand.hanzi, rendering.korean, alignment, context, enclosure, kana, lexicon)
        if origin == "ko":
            classify.add_korean_word_vote(votes, cand.hanzi, lexicon)
        korean_name = classify.korean_name(cand.hanzi, alignment, context, lexicon, after) if (
            alignment is not None and alignment.hows == _READING_ONLY) else None
        if korean_name == "place":
            votes[("PLACE", "known")] = votes.get(("PLACE", "known"), 0) + 1
        occ = Occurrence(doc, line, offset + cand.start, offset + cand.end, rendering.korean, cand.hanzi, english,
                         "", 0.0, origin, fold(cand.hanzi), round(alignment.score, 3) if alignment else 0.0, context,
                         votes, classify.sino_or_translation(alignment),
                         line - text.count("\n", rendering.words[0].start, cand.start) if rendering.words else 0,
                         korean_name, classify.name_cue(cand.hanzi, alignment, origin, korean_name))
        found.append(occ)
        if (rendering.side == "left" and cand.close_at is not None and cand.close_at > cand.end + 1
                and rendering.korean):  # something stands after the Hanzi in its bracket (the rare case)
            second = boundary.second_rendering(text, cand, rendering, analyzer)
            if second is not None:  # 저우싱츠(周星驰 주성치): the bracket gives the name a second way, read
                # its place is its Korean word's (the Hanzi's place is the first pair's)
                found.append(replace(occ, start=offset + second.words[0].start, end=offset + second.words[-1].end,
                                     korean=second.korean, score=round(second.alignment.score, 3),
                                     _votes=dict(votes), _term_like=classify.sino_or_translation(second.alignment),
                                     _korean_line=0))
    return found, ignored


_READING_ONLY = frozenset({"reading"})
_NO_CUES: Counter = Counter()


@dataclass
class DocumentStats:
    """What the document-level decisions need, kept small so that a large file streams: the votes
    per key, the mentions per key, and the lines of Japanese names (in order)."""

    votes: dict[str, dict[tuple[str, str], float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float)))
    mentions: Counter = field(default_factory=Counter)
    ja_lines: list[int] = field(default_factory=list)
    types: dict[str, tuple[str, float]] = field(default_factory=dict)  # (type, confidence), once per key
    korean: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # key → classify.korean_name
    # the origin evidence (classify.Cue → count): of the document (sentences that hold a cue, and names),
    # and per name read in Sino-Korean, of its own sentences
    cues: Counter = field(default_factory=Counter)
    own: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    origins: dict[str, str | None] = field(default_factory=dict)  # classify.sino_korean_origin, once per key
    _text_cues: int = 0  # (sentence, kind) pairs read by add_text
    _last_context: str = ""
    _last_cues: frozenset = frozenset()

    def add_text(self, text: str) -> None:
        """The origin evidence of the document's lines (those with names and those without), up to
        classify.DOCUMENT_CUES sentences' worth for the document."""
        left = classify.DOCUMENT_CUES - self._text_cues
        if left > 0:
            found = classify.text_cues(text, left)
            self._text_cues += sum(found.values())
            self.cues.update(found)

    def add(self, occ: Occurrence) -> None:
        if occ.context is not self._last_context and occ.context != self._last_context:
            self._last_context = occ.context
            self._last_cues = classify.sentence_cues(occ.context)
        if occ._cue is not None:
            self.cues[occ._cue] += 1
        if occ._korean_name:
            self.korean[occ.key].add(occ._korean_name)
            self.own[occ.key].update(self._last_cues)
        if occ._votes:
            mine = self.votes[occ.key]
            for t, v in occ._votes.items():
                mine[t] += v
        self.mentions[occ.key] += 1
        if occ.origin == "ja":
            self.ja_lines.append(occ.line)

    def _sino_korean_origin(self, occ: Occurrence, decided: str, korean: set[str]) -> str | None:
        """A person, place or work read in Sino-Korean: Korean (김정은 金正恩, 평양 平壤, 정몽주 鄭夢周, 한산도
        閑山島, 열하일기 熱河日記) or Chinese (장예모 張藝謀 of today, 소식 蘇軾 of the past), by the weighed
        evidence of the document and of the name's own sentences; once per key, so a name keeps its origin
        across the document, unless its own sentence alone says otherwise by a clear margin."""
        if occ.key not in self.origins:
            self.origins[occ.key] = classify.sino_korean_origin(
                decided, korean, occ.hanzi, classify.weigh_origin(self.cues, self.own[occ.key]))
        decided_origin = self.origins[occ.key]
        if decided_origin is None:
            return None
        mine = classify.own_sentence_origin(decided, korean, occ.hanzi, classify.sentence_cues(occ.context))
        return mine or decided_origin

    def apply(self, occ: Occurrence) -> Occurrence:
        """One type per key from all its votes; a term among Japanese names comes from the Japanese text."""
        known = self.types.get(occ.key)
        if known is None:
            votes = self.votes[occ.key]
            if ("OTHER", "korean_word") in votes:  # only a Korean-word reading asks what the document says
                own = self.own.get(occ.key, _NO_CUES)
                weighed = classify.weigh_origin(self.cues, own)
                votes = classify.person_of_the_past(votes, self.korean.get(occ.key), weighed, own)
                decided, sure = classify.decision(votes, self.mentions[occ.key])
                if classify.doubted(decided, votes, weighed):
                    sure = round(sure * classify.W.doubted_confidence, 3)
                known = (decided, sure)
            else:
                known = classify.decision(votes, self.mentions[occ.key])
            self.types[occ.key] = known
        decided, occ.type_confidence = known
        occ.type = decided
        if occ.origin == "ko" and decided in ("PERSON", "WORK"):  # 이두(李杜), 서유기(西遊記): a name, not a
            occ.origin = "zh"  # Korean word (이두 吏讀, 서유기 a dictionary word)
        korean = self.korean.get(occ.key)
        if korean and "zh" not in korean:
            occ.origin = self._sino_korean_origin(occ, decided, korean) or occ.origin
        if ((occ.origin == "zh" or (occ.origin == "ko" and not classify.korean_hanja(occ.hanzi)))
                and occ.type not in ("PERSON", "MEDIA", "PLACE") and occ._term_like):
            lo = bisect.bisect_left(self.ja_lines, occ.line - JA_WINDOW_LINES)
            hi = bisect.bisect_right(self.ja_lines, occ.line + JA_WINDOW_LINES)
            if hi - lo >= JA_NEIGHBOURS:
                occ.origin = "ja"
        if occ.origin in ("ja", "ko") and not occ._votes and occ.type == "ORG":
            occ.type = "OTHER"
        return occ


def _windows(blocks: Iterable[Block]) -> Iterator[tuple[list[str], list[int], int, range]]:
    """(lines, line numbers, char offset of the first line, line numbers to keep) with margins."""
    prev: Block | None = None
    offset = 0  # document char offset of the first line of `cur`
    it = iter(blocks)
    cur = next(it, None)
    while cur is not None:
        nxt = next(it, None)
        head = prev.lines[-MARGIN_LINES:] if prev else []
        head_nums = prev.numbers[-MARGIN_LINES:] if prev else []
        tail = nxt.lines[:MARGIN_LINES] if nxt else []
        tail_nums = nxt.numbers[:MARGIN_LINES] if nxt else []
        head_chars = sum(map(len, head)) + len(head)
        yield (head + cur.lines + tail, head_nums + cur.numbers + tail_nums, offset - head_chars,
               range(cur.numbers[0], cur.numbers[-1] + 1))
        offset += sum(map(len, cur.lines)) + len(cur.lines)
        prev, cur = cur, nxt


class _LineMap:
    """Window offset → source line number. Names come in text order, so the newlines between one name and
    the next are counted in C (str.count) instead of building a table of line starts for every window."""

    def __init__(self, text: str, numbers: list[int]) -> None:
        self.text, self.numbers = text, numbers
        self.pos = self.index = 0

    def __call__(self, pos: int) -> int:
        if pos < self.pos:
            self.pos = self.index = 0
        self.index += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.numbers[self.index]


def prepare() -> None:
    """Load the tables and dictionaries the extraction reads before the first document's text, not at the
    first name that needs them: loaded in the middle of a document, their long-lived objects land among the
    short-lived ones of the text (see japanese.prepare), and the first document pays for them."""
    japanese.prepare()
    cantonese.prepare()
    sino.prepare()
    korean_common_nouns()
    classify.prepare()
    freeze_loaded()


def _raw_occurrences(blocks: Iterable[Block], doc: str, lexicon: Lexicon | None, analyzer: str | None,
                     ignored: list[Ignored], stats: DocumentStats | None = None) -> Iterator[Occurrence]:
    """Occurrences window by window, before the document-level decisions; ``stats`` also reads the
    origin evidence of every line (each line once: a window's own lines, not its margins) of the windows
    that hold a name read in Sino-Korean, the only names that evidence decides."""
    lex = lexicon or default_lexicon()
    morph = get_analyzer(analyzer or DEFAULT_ANALYZER)
    prepare()
    for lines, numbers, offset, keep in _windows(blocks):
        text, kana = _window_text(lines)
        found, skipped = extract_window(text, _LineMap(text, numbers), doc, offset, lex, keep, morph, kana)
        ignored.extend(skipped)
        if stats is not None and any(occ._korean_name for occ in found):  # the evidence weighs only names
            first = bisect.bisect_left(numbers, keep.start)  # read in Sino-Korean: read where there are some
            stats.add_text("\n".join(lines[first:bisect.bisect_left(numbers, keep.stop, first)]))
        yield from found


def extract_lines(blocks: Iterable[Block], doc: str, lexicon: Lexicon | None = None,
                  analyzer: str | None = None) -> tuple[list[Occurrence], list[Ignored]]:
    """All occurrences of a document in memory (for strings and ordinary files)."""
    ignored: list[Ignored] = []
    stats = DocumentStats()
    occurrences = []
    with fewer_collections():
        for occ in _raw_occurrences(blocks, doc, lexicon, analyzer, ignored, stats):
            stats.add(occ)
            occurrences.append(occ)
    return [stats.apply(o) for o in occurrences], ignored


SPOOL_AFTER = 50000
_FIELDS = tuple(f.name for f in fields(Occurrence))  # what the spool keeps, in the dataclass's order


_packed = operator.attrgetter(*_FIELDS)  # an occurrence as a tuple, in one C call


def _unpacked(values: tuple) -> Occurrence:
    return Occurrence(*values)  # _FIELDS is the dataclass's own field order


_COUNTED: dict[str, float] = {"counted": 1.0}
_NO_VOTES: dict[str, float] = {}


def _spool(blocks: Iterable[Block], doc: str, lexicon: Lexicon | None, analyzer: str | None,
           ignored: list[Ignored]) -> tuple[Spool, DocumentStats]:
    """First pass: read the whole document, keep the raw occurrences aside, collect the stats."""
    stats = DocumentStats()
    spool = Spool(SPOOL_AFTER, _packed, _unpacked)
    try:
        with fewer_collections():
            for occ in _raw_occurrences(blocks, doc, lexicon, analyzer, ignored, stats):
                stats.add(occ)
                occ._votes = _COUNTED if occ._votes else _NO_VOTES  # in the stats now: the spool keeps only
                spool.append(occ)  # whether there were any
    except BaseException:
        spool.close()
        raise
    return spool, stats


def _replay(spool: Spool, stats: DocumentStats) -> Iterator[Occurrence]:
    """Second pass: the occurrences with the document-level decisions applied."""
    try:
        for occ in spool:
            yield stats.apply(occ)
    finally:
        spool.close()


def extract_text(text: str, doc: str = "", lexicon: Lexicon | None = None,
                 analyzer: str | None = None) -> list[Occurrence]:
    """Occurrences in a string (line numbers counted from 1)."""
    lines = text.split("\n")
    return extract_lines([Block(lines, list(range(1, len(lines) + 1)))], doc, lexicon, analyzer)[0]


def extract_file(path: str | Path, lexicon: Lexicon | None = None, analyzer: str | None = None) -> DocumentResult:
    """Occurrences in one document; raises GlossaryError with a one-line reason if it cannot be read.

    ``analyzer`` names the Korean analyzer (morph.ANALYZERS); the default is the measured choice."""
    src = open_document(path)
    doc = Path(path).name
    try:
        occurrences, ignored = extract_lines(src.blocks, doc, lexicon, analyzer)
    except UnicodeDecodeError as exc:  # pragma: no cover - reader wraps these
        raise GlossaryError(f"{path}: undecodable bytes ({exc.reason})") from exc
    return DocumentResult(doc, src.encoding, occurrences, ignored)


@dataclass
class DocumentStream:
    """A document being extracted: occurrences come lazily (memory flat), ignored ones fill as they go."""

    doc: str
    encoding: str
    occurrences: Iterator[Occurrence]
    ignored: list[Ignored]


def stream_file(path: str | Path, lexicon: Lexicon | None = None, analyzer: str | None = None) -> DocumentStream:
    """Like extract_file, for files of any size: the whole file is read here (errors raised at once),
    occurrences wait on disk and come out one by one."""
    src = open_document(path)
    doc = Path(path).name
    ignored: list[Ignored] = []
    spool, stats = _spool(src.blocks, doc, lexicon, analyzer, ignored)
    return DocumentStream(doc, src.encoding, _replay(spool, stats), ignored)
