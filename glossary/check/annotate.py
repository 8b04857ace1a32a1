"""The check inside the document an editor is editing: a copy of a .docx with a Word comment at each error
and warning, anchored on the misspelled name (a highlight with the comment in a PDF, a memo in an HWPX);
the text itself is untouched (a run that holds the name
and more is split into runs of the same formatting, so the comment covers just the name).

Paragraphs are numbered as the reader numbers them (every w:p in document order, a line break inside one
starting a new line), so a finding's line and column lead to the very characters it names.

Design: docs/check.md
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from glossary.base.errors import GlossaryError
from glossary.check.rules import Finding
from glossary.extraction.reader import documents

AUTHOR = "kozh-glossary"


def paragraphs(doc):
    """(first line number, paragraph) in the reader's numbering (fix uses it too)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    number = 1
    for p in list(doc.element.body.iter(qn("w:p"))):
        para = Paragraph(p, doc._body)
        yield number, para
        number += len(paragraph_text(para).split("\n"))


def _runs(para):
    from docx.oxml.ns import qn
    from docx.text.run import Run

    return [Run(r, para) for r in para._p.iter(qn("w:r"))]


def paragraph_text(para) -> str:
    """A paragraph's text as the reader sees it (tabs and breaks included), from all its runs."""
    return "".join(r.text for r in _runs(para))


def _split(run, at: int):
    """Split a run at a character offset into two runs of the same formatting; returns the second."""
    text = run.text
    twin = copy.deepcopy(run._r)
    run._r.addnext(twin)
    from docx.text.run import Run

    second = Run(twin, run._parent)
    run.text, second.text = text[:at], text[at:]
    return second


def runs_for(para, start: int, end: int) -> list:
    """The runs that cover exactly [start, end) of the paragraph's text, splitting runs at the edges."""
    pos = 0
    for run in _runs(para):
        n = len(run.text)
        if pos < start < pos + n:
            _split(run, start - pos)
            return runs_for(para, start, end)
        if pos < end < pos + n:
            _split(run, end - pos)
            return runs_for(para, start, end)
        pos += n
    out, pos = [], 0
    for run in _runs(para):
        n = len(run.text)
        if start <= pos and pos + n <= end and n:
            out.append(run)
        pos += n
    return out


def annotate_docx(inputs: Iterable[str | Path], findings: list[Finding], out: str | Path) -> int:
    """Write a copy of the one .docx among ``inputs`` with a comment per error and warning; returns how many."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise GlossaryError("--annotate needs python-docx") from exc
    sources = [p for p in documents(inputs) if p.suffix.lower() == ".docx"]
    if len(sources) != 1:
        raise GlossaryError(f"--annotate takes exactly one .docx document to copy, not {len(sources)}")
    source = sources[0]
    wanted = [f for f in findings if f.doc == source.name and f.severity in ("error", "warning") and f.line > 0]
    try:
        doc = docx.Document(str(source))
    except Exception as exc:
        raise GlossaryError(f"{source}: not a readable .docx ({exc})") from exc
    by_line: dict[int, list[Finding]] = defaultdict(list)
    for f in wanted:
        by_line[f.line].append(f)
    made = 0
    for first, para in paragraphs(doc):
        lines = paragraph_text(para).split("\n")
        for k in range(len(lines)):
            for f in by_line.get(first + k, ()):
                offset = sum(len(x) + 1 for x in lines[:k]) + f.col - 1
                runs = runs_for(para, offset, offset + len(f.korean))
                if not runs:
                    continue
                doc.add_comment(runs, text=_comment(f), author=AUTHOR,
                                initials="KG")
                made += 1
    try:
        doc.save(str(out))
    except OSError as exc:
        raise GlossaryError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    return made


def annotate_pdf(inputs: Iterable[str | Path], findings: list[Finding], out: str | Path) -> int:
    """Write a copy of the one PDF among ``inputs`` with a highlight over each error and warning and the
    finding as its comment (a PDF annotation any viewer shows); returns how many. The text is untouched."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    from glossary.extraction.office import PAGE_LINES, pdf_layout

    sources = [p for p in documents(inputs) if p.suffix.lower() == ".pdf"]
    if len(sources) != 1:
        raise GlossaryError(f"--annotate takes exactly one document to copy, not {len(sources)} PDFs")
    source = sources[0]
    layout = {n: (text, boxes) for n, text, boxes in pdf_layout(source)}
    try:
        writer = PdfWriter(clone_from=PdfReader(str(source)))
    except Exception as exc:
        raise GlossaryError(f"{source}: not a readable PDF ({exc.__class__.__name__})") from exc
    made = 0
    for f in findings:
        if f.doc != source.name or f.severity not in ("error", "warning") or f.line not in layout:
            continue
        _, boxes = layout[f.line]
        span = [b for b in boxes[f.col - 1:f.col - 1 + len(f.korean)] if b is not None]
        if not span:
            continue
        x0, y0 = min(b[0] for b in span), min(b[1] for b in span)
        x1, y1 = max(b[2] for b in span), max(b[3] for b in span)
        quad = ArrayObject([FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0)])
        note = Highlight(rect=(x0, y0, x1, y1), quad_points=quad, highlight_color="ffd966")
        note[NameObject("/Contents")] = TextStringObject(_comment(f))
        note[NameObject("/T")] = TextStringObject(AUTHOR)
        writer.add_annotation(page_number=f.line // PAGE_LINES - 1, annotation=note)
        made += 1
    try:
        with open(out, "wb") as fh:
            writer.write(fh)
    except OSError as exc:
        raise GlossaryError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    return made


def annotate_hwpx(inputs: Iterable[str | Path], findings: list[Finding], out: str | Path) -> int:
    """Write a copy of the one .hwpx among ``inputs`` with a memo (Hancom's margin comment) on each error
    and warning, anchored on the misspelled name; returns how many. The text is untouched."""
    from glossary.extraction.office import hwpx_rewrite

    sources = [p for p in documents(inputs) if p.suffix.lower() == ".hwpx"]
    if len(sources) != 1:
        raise GlossaryError(f"--annotate takes exactly one .hwpx document to copy, not {len(sources)}")
    source = sources[0]
    memos: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for f in findings:
        if f.doc == source.name and f.severity in ("error", "warning") and f.line > 0:
            memos[f.line].append((f.col, f.korean, _comment(f)))
    try:
        return hwpx_rewrite(source, Path(out), {}, memos)
    except OSError as exc:
        raise GlossaryError(f"{out}: cannot write ({exc.strerror or exc})") from exc


def _comment(f: Finding) -> str:
    expected = f" (expected {f.expected})" if f.expected else ""
    return f"{f.severity} {f.kind}: {f.message}{expected}"


def annotate(inputs: Iterable[str | Path], findings: list[Finding], out: str | Path) -> int:
    """The copy ``out`` names by its suffix: Word comments in a .docx, highlights in a .pdf, memos in an
    .hwpx."""
    suffix = Path(out).suffix.lower()
    writers = {".docx": annotate_docx, ".pdf": annotate_pdf, ".hwpx": annotate_hwpx}
    if suffix not in writers:
        raise GlossaryError(f"--annotate writes a .docx, .pdf or .hwpx copy, not {suffix or 'a file without a suffix'}"
                            " (an .hwp: save it as .hwpx in Hancom Office)")
    return writers[suffix](inputs, findings, out)
