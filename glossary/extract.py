"""Extraction: documents in, pair occurrences out (the tool's main job).

read document → find pair candidates → decide the Korean boundary by alignment → classify type and
origin. Files are processed in windows of lines with a margin on each side, so memory stays flat and
a name broken across lines is still seen whole.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import boundary, classify
from .candidates import Candidate, find_candidates
from .errors import GlossaryError
from .han import fold, has_han
from .lexicon import Lexicon, default_lexicon
from .morph import DEFAULT as DEFAULT_ANALYZER
from .morph import Analyzer, get_analyzer
from .reader import Block, open_document

MARGIN_LINES = 12
JA_WINDOW_LINES = 80
JA_NEIGHBOURS = 2


@dataclass
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
    origin: str
    key: str
    score: float
    context: str
    _votes: Counter = field(default_factory=Counter, repr=False, compare=False)
    _term_like: bool = field(default=False, repr=False, compare=False)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("_votes")
        d.pop("_term_like")
        return d


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


def _mask_running_heads(lines: list[str]) -> list[str]:
    """Blank out page headers and footers: lines that recur (digits aside) three times or more."""
    shape = [re.sub(r"\d+", "#", " ".join(line.split())) for line in lines]
    counts = Counter(s for s in shape if len(s) > 8 and not has_han(s))
    return ["" if counts.get(s, 0) >= 3 and "#" in s else line for line, s in zip(lines, shape)]


def _context(text: str, start: int, end: int) -> str:
    lo = max(0, start - 160)
    left = text[lo:start]
    cut = max(left.rfind(". "), left.rfind("다. "), left.rfind("\n\n\n"), left.rfind("? "), left.rfind("! "))
    if cut >= 0:
        left = left[cut + 1 :]
    right = text[end : end + 160]
    m = re.search(r"[.?!](\s|$)", right)
    if m:
        right = right[: m.end()]
    return " ".join((left + text[start:end] + right).split())


def _enclosure(text: str, cand: Candidate) -> str | None:
    return text[cand.open_at] if cand.open_at is not None else None


def _words_around(text: str, cand: Candidate, rendering: boundary.Rendering) -> tuple[str, str]:
    left_edge = rendering.words[0].start if rendering.words and rendering.side == "left" else cand.start
    if cand.open_at is not None and not cand.left_inside:
        left_edge = min(left_edge, cand.open_at)
    right_edge = (cand.close_at + 1) if cand.close_at is not None else cand.end
    return text[max(0, left_edge - 30) : left_edge], text[right_edge : right_edge + 30]


def extract_window(text: str, line_of, doc: str, offset: int, lexicon: Lexicon,
                   keep: range | None = None, analyzer: Analyzer | None = None
                   ) -> tuple[list[Occurrence], list[Ignored]]:
    """Occurrences in one window of text; ``line_of(pos)`` maps a window offset to a source line."""
    found: list[Occurrence] = []
    ignored: list[Ignored] = []
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
        context = _context(text, cand.start, cand.end)
        inside_after = text[cand.end : cand.close_at] if cand.close_at is not None else ""
        votes = classify.type_votes(cand.hanzi, rendering.korean, before, after, _enclosure(text, cand),
                                    rendering.alignment, inside_after, lexicon, cand.english)
        occ = Occurrence(
            doc=doc, line=line, start=offset + cand.start, end=offset + cand.end, korean=rendering.korean,
            hanzi=cand.hanzi, english=cand.english, type="", origin=classify.origin(
                cand.hanzi, rendering.korean, rendering.alignment, context, _enclosure(text, cand)),
            key=fold(cand.hanzi), score=round(rendering.alignment.score, 3) if rendering.alignment else 0.0,
            context=context, _votes=votes, _term_like=classify.sino_or_translation(rendering.alignment),
        )
        found.append(occ)
    return found, ignored


def _finish(occurrences: list[Occurrence]) -> None:
    """Document-level decisions: one type per key from all its votes; Japanese neighbourhoods."""
    votes: dict[str, Counter] = defaultdict(Counter)
    mentions: Counter = Counter()
    for occ in occurrences:
        votes[occ.key].update(occ._votes)
        mentions[occ.key] += 1
    for occ in occurrences:
        occ.type = classify.decide_type(votes[occ.key], mentions[occ.key])
    # a term read in Sino-Korean or translated, among Japanese names, comes from the Japanese text
    ja_lines = sorted(o.line for o in occurrences if o.origin == "ja")
    for occ in occurrences:
        if occ.origin != "zh" or occ.type in ("PERSON", "MEDIA", "PLACE") or not occ._term_like:
            continue
        lo = bisect.bisect_left(ja_lines, occ.line - JA_WINDOW_LINES)
        hi = bisect.bisect_right(ja_lines, occ.line + JA_WINDOW_LINES)
        if hi - lo >= JA_NEIGHBOURS:
            occ.origin = "ja"
    for occ in occurrences:
        if occ.origin in ("ja", "ko") and not occ._votes and occ.type == "ORG":
            occ.type = "OTHER"


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
        head_chars = sum(len(s) + 1 for s in head)
        yield (head + cur.lines + tail, head_nums + cur.numbers + tail_nums, offset - head_chars,
               range(cur.numbers[0], cur.numbers[-1] + 1))
        offset += sum(len(s) + 1 for s in cur.lines)
        prev, cur = cur, nxt


def extract_lines(blocks: Iterable[Block], doc: str, lexicon: Lexicon | None = None,
                  analyzer: str | None = None) -> tuple[list[Occurrence], list[Ignored]]:
    lex = lexicon or default_lexicon()
    morph = get_analyzer(analyzer or DEFAULT_ANALYZER)
    occurrences: list[Occurrence] = []
    ignored: list[Ignored] = []
    for lines, numbers, offset, keep in _windows(blocks):
        masked = _mask_running_heads(lines)
        text = "\n".join(masked)
        starts = [0]
        for s in masked:
            starts.append(starts[-1] + len(s) + 1)

        def line_of(pos: int, starts=starts, numbers=numbers) -> int:
            return numbers[bisect.bisect_right(starts, pos) - 1]

        found, skipped = extract_window(text, line_of, doc, offset, lex, keep, morph)
        occurrences.extend(found)
        ignored.extend(skipped)
    _finish(occurrences)
    return occurrences, ignored


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
