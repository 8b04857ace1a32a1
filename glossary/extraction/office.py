"""Hancom's HWPX documents, read into numbered lines like any other document (PDF: extraction.pdf).

HWPX (the OWPML zip of Hancom Office): the paragraphs of each section in order, a table's cells where
they stand; a paragraph's number is its place in the document. An encrypted package is an error.

Design: docs/formats.md
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from glossary.base.errors import GlossaryError, damaged

# the PDF reader moved to extraction.pdf; its names stay importable from here for the check's writers
from glossary.extraction.pdf import PAGE_LINES, pdf_layout, pdf_lines  # noqa: F401

_HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"  # Hancom Office's; KS X 6101:2024 has its own


def _paragraph_ns(root: ElementTree.Element) -> str:
    """The paragraph namespace a section is written in ("{…}"): Hancom's 2011 one or the standard's
    later ones, whichever its paragraphs use."""
    for child in root:
        if child.tag.endswith("}p"):
            return child.tag[:-1]
    return _HP


def _t_pattern(xml: str, ns: str) -> tuple[re.Pattern, str]:
    """The regex of a text run in this section's own prefix for the paragraph namespace, and the prefix
    ("hp:" as Hancom writes it, another or none elsewhere)."""
    m = re.search(r'xmlns(?::([\w.-]+))?="' + re.escape(ns[1:-1]) + '"', xml)
    prefix = f"{m.group(1)}:" if m and m.group(1) else ""
    tag = re.escape(prefix) + "t"
    return re.compile(rf"<{tag}(?:\s[^>]*)?(?:/>|>(.*?)</{tag}>)", re.S), prefix


def hwpx_paragraphs(path: Path) -> list[str]:
    """The paragraphs of an HWPX document in order (a table's cells where they stand)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if "META-INF/manifest.xml" in names and b"encryption-data" in z.read("META-INF/manifest.xml"):
                raise GlossaryError(f"{path}: an encrypted HWPX (save it without a password first)")
            sections = sorted((n for n in names if re.fullmatch(r"Contents/section\d+\.xml", n)),
                              key=lambda n: int(re.findall(r"\d+", n)[-1]))
            if not sections:
                raise GlossaryError(f"{path}: not an HWPX document (no Contents/section*.xml)")
            out: list[str] = []
            for name in sections:
                out.extend(_section_paragraphs(ElementTree.fromstring(z.read(name))))
            return out
    except GlossaryError:
        raise
    except Exception as exc:  # the reader's edge: zip, zlib, XML… on a damaged file are one line
        raise damaged(path, "HWPX", exc) from exc


def _section_paragraphs(root: ElementTree.Element) -> list[str]:
    """Each hp:p's own text (its runs' hp:t), then the paragraphs nested in it (a table's cells)."""
    out = []
    for ts in _paragraph_runs(root):
        text = " ".join("".join("".join(t.itertext()) for t in ts).split())
        if text:
            out.append(text)
    return out


_NOT_TEXT = ("fieldBegin", "hiddenComment", "memogroup", "memo")  # annotations: not the text
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'"}


def _unescape(text: str) -> str:
    return re.sub(r"&(?:lt|gt|amp|quot|apos);", lambda m: _ENTITIES[m.group(0)], text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hwpx_rewrite(path: Path, out: Path, edits: dict[int, list[tuple[int, str, str]]],
                 memos: dict[int, list[tuple[int, str, str]]] | None = None) -> int:
    """A copy of an HWPX document with text replaced or marked: ``edits`` maps a paragraph's number (as
    hwpx_paragraphs counts them) to (column, old, new) changes, ``memos`` to (column, word, comment) memos
    anchored on the word (a MEMO field around it, the comment in the field, as Hancom Office shows a memo
    in the margin). Only the text of the runs changes and the fields go in between (styles, tables,
    everything else stays byte for byte); a text is found among the same texts of its paragraph as the
    reader saw them, so spaces the reader folded do not move it. Returns how many memos were written."""
    memos = memos or {}
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        data = {i.filename: z.read(i.filename) for i in infos}
    sections = sorted((n for n in data if re.fullmatch(r"Contents/section\d+\.xml", n)),
                      key=lambda n: int(re.findall(r"\d+", n)[-1]))
    number = made = 0
    for name in sections:
        xml = data[name].decode("utf-8")
        root = ElementTree.fromstring(xml)
        ns = _paragraph_ns(root)
        pattern, hp = _t_pattern(xml, ns)
        index = {id(t): k for k, t in enumerate(root.iter(f"{ns}t"))}
        spots = [m for m in pattern.finditer(xml)]
        texts = [_unescape(m.group(1) or "") for m in spots]
        if len(spots) != len(index):
            raise GlossaryError(f"{path}: {name} is not laid out as expected; nothing written")
        inserts: dict[int, list[tuple[int, str]]] = {}
        for ts in _paragraph_runs(root):
            if not ts:
                continue
            number += 1
            ks = [index[id(t)] for t in ts]
            for col, old, new in sorted(edits.get(number, ()), reverse=True):  # right to left: columns stay true
                _replace_in_runs(path, texts, ks, col, old, new)
            for col, word, comment in memos.get(number, ()):
                start, end = _locate(path, texts, ks, col, word)
                (k0, i0), (k1, i1) = _at(texts, ks, start, False), _at(texts, ks, end, True)
                if any("<" in (spots[k].group(1) or "") for k in (k0, k1)):
                    continue  # a run with markup inside stays as it was
                made += 1
                field = 1_900_000_000 + made
                inserts.setdefault(k0, []).append((i0, _memo_begin(field, made, comment, hp)))
                inserts.setdefault(k1, []).append((i1, f'<{hp}ctrl><{hp}fieldEnd beginIDRef="{field}" '
                                                       f'fieldid="{field}"/></{hp}ctrl>'))
        parts, last = [], 0
        for k, (m, text) in enumerate(zip(spots, texts)):
            if m.group(1) is not None and "<" in m.group(1):
                parts.append(xml[last:m.end()])  # a run with markup inside: left as it was
            else:
                head = xml[m.start():m.end()].split(">", 1)[0].rstrip("/")
                pieces, at = [], 0
                for offset, fragment in sorted(inserts.get(k, ()), key=lambda x: x[0]):
                    if text[at:offset]:
                        pieces.append(f"{head}>{_escape(text[at:offset])}</{hp}t>")
                    pieces.append(fragment)
                    at = offset
                if text[at:] or not pieces:
                    pieces.append(f"{head}>{_escape(text[at:])}</{hp}t>")
                parts.append(xml[last:m.start()] + "".join(pieces))
            last = m.end()
        parts.append(xml[last:])
        data[name] = "".join(parts).encode("utf-8")
    with zipfile.ZipFile(out, "w") as z:
        for info in infos:  # the same entries in the same order, mimetype first and stored
            z.writestr(info, data[info.filename], compress_type=info.compress_type)
    return made


def _memo_begin(field: int, number: int, comment: str, hp: str) -> str:
    """A MEMO field's start in the section's prefix ``hp``: its parameters (the memo's number, author, the
    built-in memo shape) and the comment as the field's own paragraph."""
    params = "".join(f'<{hp}{kind}Param name="{name}">{value}</{hp}{kind}Param>' for kind, name, value in (
        ("string", "ID", number), ("integer", "Number", number), ("string", "Author", "kozh-glossary"),
        ("string", "MemoShapeIDRef", 65535)))
    return (f'<{hp}ctrl><{hp}fieldBegin id="{field}" type="MEMO" name="" editable="true" dirty="false" '
            f'zorder="{number}" fieldid="{field}"><{hp}parameters cnt="4" name="">{params}</{hp}parameters>'
            f'<{hp}subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" vertAlign="TOP">'
            f'<{hp}p id="0" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">'
            f'<{hp}run charPrIDRef="0"><{hp}t>{_escape(comment)}</{hp}t></{hp}run></{hp}p></{hp}subList>'
            f'</{hp}fieldBegin></{hp}ctrl>')


def _at(texts: list[str], ks: list[int], offset: int, end: bool) -> tuple[int, int]:
    """The run text (index, offset inside it) at ``offset`` of the paragraph's joined runs; at a run's
    boundary, a start goes to the next run and an end stays in the earlier one."""
    pos = 0
    for k in ks:
        n = len(texts[k])
        if pos <= offset < pos + n or (end and offset == pos + n and n):
            return k, offset - pos
        pos += n
    return ks[-1], len(texts[ks[-1]])


def _paragraph_runs(root: ElementTree.Element) -> list[list[ElementTree.Element]]:
    """The hp:t elements of each paragraph in the order hwpx_paragraphs reads them (an empty list for a
    paragraph without text, which the reader does not count)."""
    out: list[list[ElementTree.Element]] = []
    ns = _paragraph_ns(root)
    not_text = {ns + tag for tag in _NOT_TEXT}

    def walk(p: ElementTree.Element) -> None:
        ts: list[ElementTree.Element] = []
        nested: list[ElementTree.Element] = []
        stack = list(p)[::-1]
        while stack:
            el = stack.pop()
            if el.tag == f"{ns}p":
                nested.append(el)
            elif el.tag == f"{ns}t":
                ts.append(el)
            elif el.tag in not_text:
                continue  # a memo's or a hidden comment's own paragraphs are not the document's text
            else:
                stack.extend(list(el)[::-1])
        text = "".join("".join(t.itertext()) for t in ts)
        out.append(ts if text.split() else [])
        for child in nested:
            walk(child)

    for p in root:
        if p.tag == f"{ns}p":
            walk(p)
    return out


def _locate(path: Path, texts: list[str], ks: list[int], col: int, old: str) -> tuple[int, int]:
    """Where ``old``, at column ``col`` of the paragraph as the reader shows it (spaces folded), stands
    in the paragraph's joined runs texts[k] for k in ks: (start, end)."""
    raw = "".join(texts[k] for k in ks)
    shown = " ".join(raw.split())
    anchor = old or shown[:col - 1].split()[-1] if (old or shown[:col - 1].split()) else old
    nth = shown[:col - 1].count(old) if old else shown[:col - 1].count(anchor) - 1
    places = [m.start() for m in re.finditer(re.escape(anchor), raw)] if anchor else []
    if nth >= len(places) or nth < 0:
        raise GlossaryError(f"{path}: cannot find {anchor!r} in its paragraph; nothing written")
    start = places[nth] + (0 if old else len(anchor))
    return start, start + len(old)


def _replace_in_runs(path: Path, texts: list[str], ks: list[int], col: int, old: str, new: str) -> None:
    """Replace ``old`` at column ``col`` of the paragraph whose runs are texts[k] for k in ks."""
    start, end = _locate(path, texts, ks, col, old)
    pos = 0
    placed = False
    for k in ks:
        t = texts[k]
        a, b = pos, pos + len(t)
        if b >= start and a <= end and not placed and (a <= start <= b):
            i = start - a
            j = min(end - a, len(t))
            texts[k] = t[:i] + new + t[j:]
            placed = True
        elif placed and a < end:
            texts[k] = t[max(0, end - a):]
        pos = b
