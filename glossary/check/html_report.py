"""The check as one self-contained HTML page an editor opens in a browser (no network, inline CSS and JS).

At the top, the findings, each a link to its line, with filters by severity and kind; below, each
document's text with every recognised name highlighted by type (in the colours of displaCy's span view)
and every finding marked where it stands. Hovering a name shows its type, Hanzi, expected spelling and
glossary status; hovering a finding shows what is wrong.

Design: docs/check.md
"""

from __future__ import annotations

import html
import itertools
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from glossary.base.errors import GlossaryError
from glossary.check.report import SEVERITY_COLOURS, summary
from glossary.check.report import where as line_label
from glossary.check.rules import Finding
from glossary.extraction.extract import stream_file
from glossary.extraction.office import PAGE_LINES
from glossary.extraction.reader import documents, open_document

# displaCy's default entity colours, by this package's types
TYPE_COLOURS = {"PERSON": "#aa9cfc", "ORG": "#7aecec", "PLACE": "#feca74", "MEDIA": "#bfe1d9", "PRODUCT": "#bfeeb7",
                "WORK": "#f0d0ff", "OTHER": "#e4e7d2"}

CSS = """
body{font-family:'Noto Sans CJK KR','Noto Sans KR',sans-serif;margin:1.5em;line-height:1.9;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
#filters label{margin-right:1em;white-space:nowrap}
#findings li{margin:.15em 0}#findings a{text-decoration:none}
.doc{font-size:1.02em}.line{display:block;white-space:pre-wrap}.ln{display:inline-block;width:3.5em;color:#999;
 text-align:right;margin-right:1em;user-select:none}
.name{padding:.1em .25em;border-radius:.3em}
.name .label{font-size:.62em;font-weight:bold;margin-left:.3em;vertical-align:middle;opacity:.8}
mark.finding{background:none;text-decoration:underline wavy;text-decoration-thickness:2px;text-underline-offset:4px}
.hidden{display:none}mark.finding.off{text-decoration:none}
:target{background:#fff6bf}
""" + "".join(f".sev-{s}{{color:{c.html}}}mark.finding.{s}{{text-decoration-color:{c.html}}}"
              for s, c in SEVERITY_COLOURS.items())

JS = """
function applyFilters(){
  const on = {};
  document.querySelectorAll('#filters input').forEach(i => { on[i.dataset.group + ':' + i.value] = i.checked; });
  document.querySelectorAll('[data-severity]').forEach(el => {
    const show = on['severity:' + el.dataset.severity] && on['kind:' + el.dataset.kind];
    if (el.tagName === 'LI') { el.classList.toggle('hidden', !show); } else { el.classList.toggle('off', !show); }
  });
  document.getElementById('shown').textContent =
    document.querySelectorAll('#findings li:not(.hidden)').length;
}
document.querySelectorAll('#filters input').forEach(i => i.addEventListener('change', applyFilters));
applyFilters();
"""


def _spans_of_names(path: Path, lines: dict[int, str]) -> dict[int, list[tuple[int, int, str, dict]]]:
    """line → (start, end, type, occurrence) of every recognised name: its Korean, and its Hanzi."""
    out: dict[int, list[tuple[int, int, str, dict]]] = defaultdict(list)
    cursor: dict[int, int] = defaultdict(int)  # occurrences come in text order: each is looked for after the last
    for occ in stream_file(path).occurrences:
        text = lines.get(occ.line, "")
        o = occ.to_dict()
        h = text.find(occ.hanzi, cursor[occ.line])
        if h < 0:
            continue
        cursor[occ.line] = h + len(occ.hanzi)
        out[occ.line].append((h, h + len(occ.hanzi), occ.type, o))
        if occ.korean:
            k = text.rfind(occ.korean, 0, h)  # the Korean right before its Hanzi (샤오미(小米)) …
            if k < 0:
                k = text.find(occ.korean, h)  # … or after it (字节跳动(바이트댄스))
            if k >= 0:
                out[occ.line].append((k, k + len(occ.korean), occ.type, o))
    return out


def _status(store, key: str) -> str:
    if store is None:
        return "no glossary given"
    row = store.entry(key)
    return f"glossary: {row['status']}" if row else "not in the glossary"


def _line_html(text: str, names: list, marks: list, store, expected: dict[str, str]) -> str:
    """The line with its names and finding marks as nested tags, one segment at a time."""
    cuts = {0, len(text)}
    for s, e, *_ in names:
        cuts |= {s, e}
    for s, e, *_ in marks:
        cuts |= {s, e}
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in itertools.pairwise(points):
        piece = html.escape(text[a:b])
        for s, e, f, fid in marks:
            if s <= a and b <= e:
                tip = f"{f.severity} {f.kind}: {f.message}" + (f" (expected {f.expected})" if f.expected else "")
                piece = (f'<mark class="finding {f.severity}" id="{fid}" data-severity="{f.severity}" '
                         f'data-kind="{f.kind}" title="{html.escape(tip)}">{piece}</mark>')
        for s, e, t, o in names:
            if s <= a and b <= e:
                tip = (f"{t} · {o['hanzi']} · expected {expected.get(o['key']) or o['korean'] or '?'} · "
                       f"{_status(store, o['key'])}")
                label = f'<span class="label">{t}</span>' if b == e and text[s:e] == o["hanzi"] else ""
                piece = (f'<span class="name" data-type="{t}" style="background:{TYPE_COLOURS.get(t, "#ddd")}" '
                         f'title="{html.escape(tip)}">{piece}{label}</span>')
                break
        out.append(piece)
    return "".join(out)


def render(findings: list[Finding], inputs: Iterable[str | Path], store=None) -> str:
    """The whole report as one HTML string."""
    paths = documents(inputs)
    by_doc: dict[str, list[tuple[Finding, str]]] = defaultdict(list)
    ids = {}
    for n, f in enumerate(findings):
        ids[id(f)] = f"f{n}"
        by_doc[f.doc].append((f, f"f{n}"))
    expected: dict[str, str] = {}
    for f in findings:
        if f.expected and f.kind in ("inconsistent", "not-approved", "alternative"):
            expected.setdefault(f.key, f.expected)
    severities = sorted({f.severity for f in findings} | {"error", "warning", "info"},
                        key=["error", "warning", "info"].index)
    kinds = sorted({f.kind for f in findings})
    parts = ['<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">',
             "<title>kozh-glossary check</title>", f"<style>{CSS}</style></head><body>",
             "<h1>kozh-glossary check</h1>", f'<p id="summary">{html.escape(summary(findings))}; '
             '<span id="shown"></span> shown</p>', '<div id="filters">Severity: ']
    for s in severities:
        parts.append(f'<label><input type="checkbox" data-group="severity" value="{s}" checked> '
                     f'<span class="sev-{s}">{s}</span></label>')
    parts.append("<br>Kind: ")
    for k in kinds:
        parts.append(f'<label><input type="checkbox" data-group="kind" value="{k}" checked> {k}</label>')
    parts.append('</div><ul id="findings">')
    doc_index = {p.name: i for i, p in enumerate(paths)}
    for f in findings:
        anchor = f"d{doc_index.get(f.doc, 0)}-L{f.line}" if f.doc in doc_index else ""
        where = f"{f.doc}:{line_label(f)}:{f.col}"
        link = f'<a href="#{anchor}">{html.escape(where)}</a>' if anchor else html.escape(where)
        exp = f" (expected {html.escape(f.expected)})" if f.expected else ""
        parts.append(f'<li data-severity="{f.severity}" data-kind="{f.kind}">{link} '
                     f'<b class="sev-{f.severity}">{f.severity}</b> {f.kind}: {html.escape(f.message)}{exp}</li>')
    parts.append("</ul>")
    for i, path in enumerate(paths):
        try:
            blocks = list(open_document(path).blocks)
        except GlossaryError as exc:
            parts.append(f"<h2>{html.escape(path.name)}</h2><p>{html.escape(str(exc))}</p>")
            continue
        lines: dict[int, str] = {}
        for block in blocks:
            for number, text in zip(block.numbers, block.lines):
                lines.setdefault(number, text)
        names = _spans_of_names(path, lines)
        marks: dict[int, list] = defaultdict(list)
        for f, fid in by_doc.get(path.name, []):
            text = lines.get(f.line, "")
            start = max(0, f.col - 1)
            end = start + len(f.korean) if text[start:start + len(f.korean)] == f.korean else start + 1
            marks[f.line].append((start, end, f, fid))
        parts.append(f'<h2 id="d{i}">{html.escape(path.name)}</h2><div class="doc">')
        for number in sorted(lines):
            parts.append(f'<span class="line" id="d{i}-L{number}"><span class="ln">{_label(path, number)}</span>'
                         f'{_line_html(lines[number], names.get(number, []), marks.get(number, []), store, expected)}'
                         "</span>")
        parts.append("</div>")
    parts.append(f"<script>{JS}</script></body></html>")
    return "".join(parts)


def _label(path: Path, number: int) -> str:
    """A line's number as the document's reader shows it (a PDF's: page:line)."""
    if path.suffix.lower() == ".pdf" and number >= PAGE_LINES:
        return f"{number // PAGE_LINES}:{number % PAGE_LINES}"
    return str(number)


def write_html(findings: list[Finding], inputs: Iterable[str | Path], path: str | Path, store=None) -> None:
    try:
        Path(path).write_text(render(findings, inputs, store), encoding="utf-8")
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot write ({exc.strerror or exc})") from exc
