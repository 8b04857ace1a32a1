"""Fix, as house style: a corrected copy of each document, where every spelling that deviates from the
expected one is replaced by it (the particle after it chosen again where the last syllable's final
consonant changes: 펭지엔전은 → 펑젠전은, 레이준과 → 레이쥔과), and the Hanzi added at a name's first mention
where a later mention gives them (핀둬둬가 → 핀둬둬(拼多多)가). ``hanzi="first-only"`` also takes the
Hanzi off the later mentions (샤오미(小米) → 샤오미 after the first).

Only what a finding names is touched: every other byte of the document stays as it was (the line
endings, the encoding, the other lines and the rest of each changed line). .txt/.md files are
rewritten in their own encoding; .docx documents run by run (formatting kept); .html in its source;
.hwpx in the text of its runs (everything else byte for byte). A PDF or a binary HWP is not rewritten: its
result says so.

Design: docs/check.md
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from glossary.base.errors import GlossaryError
from glossary.base.hangul import HANGUL_WORD, is_syllable
from glossary.base.resources import read_table
from glossary.check.checker import check
from glossary.check.match import spaced_pattern
from glossary.check.rules import FIXED_KINDS, Finding
from glossary.extraction.extract import stream_file
from glossary.extraction.reader import HTML_SUFFIXES, documents, open_document


@dataclass
class Change:
    """One edit of one line: ``old`` at column ``col`` (1-based) becomes ``new``."""

    doc: str
    line: int
    col: int
    old: str
    new: str
    reason: str

    def describe(self) -> str:
        return f"{self.doc}:{self.line}:{self.col}: {self.old} → {self.new} ({self.reason})"


def _alternations() -> list[tuple[str, str, str]]:
    rows = [(r["after_consonant"], r["after_vowel"], r["after_rieul"] or r["after_consonant"])
            for r in read_table("particle_alternations.tsv")]
    return sorted(rows, key=lambda r: -max(len(r[0]), len(r[1])))


def _coda(word: str) -> int:
    """The final consonant index of the word's last syllable (0: none; 8: ㄹ)."""
    ch = word[-1] if word else ""
    return (ord(ch) - 0xAC00) % 28 if is_syllable(ch) else 0


def reparticle(particle_text: str, new_word: str) -> str:
    """The particle at the start of ``particle_text`` in the form the new word's last syllable takes."""
    coda = _coda(new_word)
    for consonant, vowel, rieul in _alternations():
        for form in (consonant, vowel, rieul):
            if form and particle_text.startswith(form):
                right = vowel if coda == 0 else (rieul if coda == 8 else consonant)
                return right + particle_text[len(form):]
    return particle_text


def _span(line: str, col: int, korean: str) -> tuple[int, int] | None:
    """Where ``korean`` (however it is spaced there) stands at ``col`` of the line."""
    m = spaced_pattern(korean).match(line, col - 1)
    return (m.start(), m.end()) if m else None


_PARTICLE = re.compile(r"[가-힣]{1,4}")
_LAST_WORD = re.compile(HANGUL_WORD.pattern + "$")


def _line_changes(doc: str, number: int, line: str, findings: list[Finding], later_hanzi: list[tuple[str, int]]
                  ) -> tuple[str, list[Change]]:
    """The corrected line and what changed in it, right to left so that columns stay true."""
    edits: list[tuple[int, int, str, str]] = []  # start, end, new text, reason
    for f in findings:
        span = _span(line, f.col, f.korean)
        if span is None:
            continue
        start, end = span
        if f.kind in FIXED_KINDS and f.expected:
            reason = f"{f.kind}: expected {f.expected}"
            edits.append((start, end, f.expected, reason))
            after = end
            if line[end:end + 1] in ("(", "（"):  # 레이준(雷军)은: the particle follows the bracket
                close = line.find(")" if line[end] == "(" else "）", end)
                after = close + 1 if close > 0 else end
            m = _PARTICLE.match(line, after)
            if m:
                particle = reparticle(m.group(0), f.expected)
                if particle != m.group(0):
                    edits.append((after, m.end(), particle, f"particle after {f.expected}"))
        elif f.kind == "hanzi-late" and f.expected and f.expected.endswith(")"):
            hanzi = f.expected[f.expected.rindex("(") + 1:-1]
            edits.append((end, end, f"({hanzi})", "Hanzi at the first mention"))
    for hanzi, nth in later_hanzi:  # --hanzi first-only: the bracket of a later mention, when it holds only them
        places = [m.start() for m in re.finditer(re.escape(hanzi), line)]
        if nth < len(places):
            i = places[nth]
            if line[i - 1:i] in ("(", "（") and line[i + len(hanzi):i + len(hanzi) + 1] in (")", "）"):
                edits.append((i - 1, i + len(hanzi) + 1, "", "Hanzi given at the first mention only"))
    edits.sort(key=lambda e: e[0], reverse=True)
    changes = []
    taken_until = len(line) + 1
    for start, end, new, reason in edits:
        if end > taken_until:
            continue  # overlapping edits: the rightmost wins, the other waits for the next run
        changes.append(Change(doc, number, start + 1, line[start:end], new, reason))
        line = line[:start] + new + line[end:]
        taken_until = start
    return line, list(reversed(changes))


def _later_mentions(path: Path, first_only: bool, given_earlier: set[str] = frozenset()
                    ) -> dict[int, list[tuple[str, int]]]:
    """line → (Hanzi, its index among the same Hanzi written on the line) of each mention after a name's
    first with Hanzi (for --hanzi first-only); for the keys in ``given_earlier`` (their Hanzi are being
    added to an earlier mention without them) the first mention with Hanzi is a later one too."""
    if not first_only:
        return {}
    seen: set[str] = set(given_earlier)
    out: dict[int, list[tuple[str, int]]] = defaultdict(list)
    on_line: dict[tuple[int, str], int] = defaultdict(int)
    for occ in stream_file(path).occurrences:
        nth = on_line[(occ.line, occ.hanzi)]
        on_line[(occ.line, occ.hanzi)] += 1
        if occ.origin == "ko" or not occ.korean:
            continue
        if occ.key in seen:
            out[occ.line].append((occ.hanzi, nth))
        seen.add(occ.key)
    return out


@dataclass
class FixResult:
    path: Path
    out: Path | None
    changes: list[Change]
    diff: str
    note: str = ""  # why nothing was written for this document (a PDF)


def plan(paths: list[Path], findings: list[Finding], first_only: bool = False
         ) -> dict[Path, dict[int, tuple[str, list[Change]]]]:
    """Per document, per line number: the corrected text line and its changes."""
    by_doc: dict[str, dict[int, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        if f.kind in (*FIXED_KINDS, "hanzi-late") and f.line > 0:
            by_doc[f.doc][f.line].append(f)
    out: dict[Path, dict[int, tuple[str, list[Change]]]] = {}
    for path in paths:
        lines = by_doc.get(path.name, {})
        given = {f.key for fs in lines.values() for f in fs if f.kind == "hanzi-late"}
        later = _later_mentions(path, first_only, given)
        wanted = set(lines) | set(later)
        if not wanted:
            out[path] = {}
            continue
        text_lines: dict[int, str] = {}
        for block in open_document(path).blocks:
            for number, text in zip(block.numbers, block.lines):
                if number in wanted:
                    text_lines.setdefault(number, text)
        per_line = {}
        for number in sorted(wanted):
            if number in text_lines:
                new, changes = _line_changes(path.name, number, text_lines[number], lines.get(number, []),
                                             later.get(number, []))
                if changes:
                    per_line[number] = (new, changes)
        out[path] = per_line
    return out


def _fix_text(path: Path, edits: dict[int, tuple[str, list[Change]]], encoding: str) -> bytes:
    raw = path.read_bytes()
    codec = "utf-8-sig" if encoding == "utf-8-sig" else encoding
    text = raw.decode(codec)
    lines = text.splitlines(keepends=True)
    for number, (_, changes) in edits.items():
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        for c in reversed(changes):  # right to left: the columns of the ones before stay true
            i = c.col - 1
            if body[i:i + len(c.old)] != c.old:
                raise GlossaryError(f"{path}:{number}: the line is not as it was read; nothing written")
            body = body[:i] + c.new + body[i + len(c.old):]
        lines[number - 1] = body + ending
    out = "".join(lines)
    return out.encode(codec)


def _fix_html(path: Path, edits: dict[int, tuple[str, list[Change]]], encoding: str) -> bytes:
    """In the HTML source: each change's old text, counted among the same texts of its line as in the
    text the reader saw, is replaced in the source line where it stands."""
    raw = path.read_bytes()
    text = raw.decode(encoding)
    lines = text.splitlines(keepends=True)
    shown = {}
    for block in open_document(path).blocks:
        for number, t in zip(block.numbers, block.lines):
            shown.setdefault(number, t)
    for number, (_, changes) in edits.items():
        source = lines[number - 1]
        seen_line = shown.get(number, "")
        for c in reversed(changes):
            if c.old:
                anchor, shift = c.old, 0
            else:  # an insertion (the Hanzi at a first mention): right after the word before it
                m = _LAST_WORD.search(seen_line[:c.col - 1])
                if m is None:
                    continue
                anchor, shift = m.group(0), len(m.group(0))
            nth = seen_line[:c.col - 1 - shift].count(anchor) if c.old else seen_line[:m.start()].count(anchor)
            places = [m_.start() for m_ in re.finditer(re.escape(anchor), source)]
            if nth >= len(places):
                raise GlossaryError(f"{path}:{number}: cannot find {anchor!r} in the source; nothing written")
            i = places[nth] + shift
            source = source[:i] + c.new + source[i + len(c.old):]
        lines[number - 1] = source
    return "".join(lines).encode(encoding)


def _fix_docx(path: Path, edits: dict[int, tuple[str, list[Change]]], out: Path) -> None:
    import docx

    from glossary.check.annotate import paragraph_text, paragraphs, runs_for

    doc = docx.Document(str(path))
    for first, para in paragraphs(doc):
        lines = paragraph_text(para).split("\n")
        for k in range(len(lines)):
            found = edits.get(first + k)
            if not found:
                continue
            for c in reversed(found[1]):
                offset = sum(len(x) + 1 for x in lines[:k]) + c.col - 1
                if c.old:
                    runs = runs_for(para, offset, offset + len(c.old))
                    if not runs:
                        continue
                    runs[0].text = c.new
                    for r in runs[1:]:
                        r.text = ""
                else:  # an insertion: at the end of the run before the offset
                    runs = runs_for(para, offset - 1, offset) if offset else []
                    if runs:
                        runs[-1].text = runs[-1].text + c.new
    doc.save(str(out))


def fix(inputs: Iterable[str | Path], out: str | Path, store=None, first_only: bool = False,
        dry_run: bool = False) -> list[FixResult]:
    """Correct the documents (see the module's docstring); ``out`` is a file for one document, else a
    folder. With ``dry_run`` nothing is written; each result carries its unified diff."""
    paths = documents(inputs)
    findings = check(paths, store)
    edits = plan(paths, findings, first_only)
    out = Path(out)
    if len(paths) > 1 or out.is_dir():
        if not dry_run:
            out.mkdir(parents=True, exist_ok=True)
        targets = {p: out / p.name for p in paths}
    else:
        targets = {paths[0]: out} if paths else {}
    results = []
    for path in paths:
        per_line = edits.get(path, {})
        changes = [c for _, (_, cs) in sorted(per_line.items()) for c in cs]
        src = open_document(path)  # what the document is, by its content (an HWPX may be named .hwp)
        kind = src.encoding if src.encoding in ("pdf", "hwp", "hwpx", "docx") else path.suffix.lower()
        if kind == "pdf":
            results.append(FixResult(path, None, changes, "", f"{path}: a PDF is not rewritten by fix; correct the "
                                     "document it was made from, or mark this one with check --annotate"))
            continue
        if kind == "hwp":
            results.append(FixResult(path, None, changes, "", f"{path}: an HWP 5 document is not rewritten by fix; "
                                     "save it as .hwpx in Hancom Office and fix that"))
            continue
        target = targets[path]
        if target.resolve() == path.resolve():
            raise GlossaryError(f"{target}: fix writes a copy; name another file than the document itself")
        diff = ""
        if kind == "hwpx":
            if not dry_run:
                from glossary.extraction.office import hwpx_rewrite

                hwpx_rewrite(path, target, {n: [(c.col, c.old, c.new) for c in cs] for n, (_, cs) in per_line.items()})
        elif kind == "docx":
            if not dry_run:
                _fix_docx(path, per_line, target)
        else:
            encoding = src.encoding
            fixed = (_fix_html if kind in HTML_SUFFIXES else _fix_text)(path, per_line, encoding)
            old = path.read_bytes().decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
            new = fixed.decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
            diff = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), str(path),
                                                str(target)))
            if not dry_run:
                target.write_bytes(fixed)
        results.append(FixResult(path, target, changes, diff))
    return results
