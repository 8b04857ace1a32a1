"""Reading documents: plain text in any of the encodings Korean files come in, .docx, .html, .pdf, .hwpx, .hwp.

Every document becomes lines of text with, for each, the line number in the original file, so that an
occurrence can always be reported where a person would find it (`line` is 1-based). Large text files
are read in blocks of lines, so memory stays flat whatever the file size.

Design: docs/formats.md
"""

from __future__ import annotations

import codecs
import glob
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree

from glossary.base.errors import GlossaryError, damaged
from glossary.extraction.identify import DOCX, HTML, HTML_SUFFIXES, HWP5, HWPX, PDF, TEXT, NotRead, identify

TEXT_SUFFIXES = {".txt", ".md", ".text", ".csv", ".tsv", ""}
OFFICE_SUFFIXES = {".pdf", ".hwpx", ".hwp"}  # extraction.pdf, extraction.office, extraction.hwp
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx"} | OFFICE_SUFFIXES
SUPPORTED_TEXT = ".txt, .md (UTF-8, CP949/EUC-KR, UTF-16), .docx, .html, .pdf (with a text layer), .hwpx, .hwp (HWP 5)"
# document types people send that are not read: said so, with what is
NOT_READ = {".doc": "Word 97–2003 documents are not read; save it as .docx",
            ".rtf": "RTF is not read; save it as .docx", ".odt": "ODT is not read; save it as .docx",
            ".xlsx": "spreadsheets are not documents to check", ".pptx": "presentations are not read"}
SNIFF_BYTES = 1 << 20
BLOCK_LINES = 4000


@dataclass
class Block:
    """A run of consecutive lines of one document: ``lines[i]`` is line ``numbers[i]`` of the source."""

    lines: list[str]
    numbers: list[int]


@dataclass
class Source:
    """An opened document: its name, the encoding used, and its blocks of lines (read lazily)."""

    path: Path
    encoding: str
    blocks: Iterator[Block]


# control characters (but tab and line ends), private use, lone surrogates, the replacement character
_ODD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff\ufffd]")


def _plausible(text: str) -> bool:
    """Decoded text that looks like writing: Hangul, Han, kana, Latin, digits, punctuation, spaces."""
    text = text[:8192]
    if not text:
        return False
    bad = len(_ODD.findall(text))
    return bad <= 0.05 * len(text)


def _try(head: bytes, enc: str) -> bool:
    try:
        return _plausible(_decode_prefix(head[:65536], enc))
    except UnicodeDecodeError:
        return False


def _sniff_encoding(head: bytes, path: Path) -> str:
    if not head:
        raise GlossaryError(f"{path}: empty file")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and _try(head, "utf-16"):
        return "utf-16"
    sample = head[:4096]
    if b"\x00" not in sample:
        for enc in ("utf-8", "cp949"):
            if _try(head, enc):
                return enc
        raise GlossaryError(f"{path}: undecodable bytes (not UTF-8, CP949/EUC-KR or UTF-16)")
    for enc in ("utf-16-le", "utf-16-be"):  # UTF-16 without a BOM: NUL bytes in ASCII text
        if _try(head[: len(head) - len(head) % 2], enc):
            return enc
    raise GlossaryError(f"{path}: binary file, not text (read: {SUPPORTED_TEXT})")


def _cut_at_the_end(exc: UnicodeError) -> tuple[str, int]:
    """A character cut by the end of the file (a download that broke off) is U+FFFD, as a PDF's glyph
    without a character is; bytes that are wrong elsewhere stay an error."""
    if isinstance(exc, UnicodeDecodeError) and exc.reason in (
            "unexpected end of data", "truncated data", "incomplete multibyte sequence"):
        return "\ufffd", len(exc.object)
    raise exc


CUT_AT_THE_END = "kozh-cut-at-the-end"
codecs.register_error(CUT_AT_THE_END, _cut_at_the_end)


def _decode_prefix(data: bytes, enc: str) -> str:
    """Decode a prefix that may stop inside a multi-byte character."""
    decoder = codecs.getincrementaldecoder(enc)("strict")
    return decoder.decode(data, final=False)


def _text_blocks(path: Path, encoding: str) -> Iterator[Block]:
    """Blocks of BLOCK_LINES lines, read a megabyte at a time; lines end at '\\n' only (as grep -n counts
    them), a trailing '\\r' is dropped."""
    number = 0
    pending: list[str] = []
    tail = ""
    crlf = False  # a '\r' seen: lines are checked for a trailing one (CRLF files only)
    try:
        with open(path, encoding=encoding, newline="", errors=CUT_AT_THE_END) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                crlf = crlf or "\r" in chunk
                parts = (tail + chunk).split("\n")
                tail = parts.pop()
                pending.extend(parts)
                while len(pending) >= BLOCK_LINES:
                    lines, pending = pending[:BLOCK_LINES], pending[BLOCK_LINES:]
                    yield _block(lines, number, crlf)
                    number += len(lines)
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: undecodable bytes after line {number} ({encoding}: {exc.reason})") from exc
    if tail:
        pending.append(tail)
    if pending:
        yield _block(pending, number, crlf)


def _block(lines: list[str], before: int, crlf: bool = True) -> Block:
    if crlf and "\r" in "".join(lines):  # CRLF files only: the check is one C scan, the rewrite a loop
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return Block(lines, list(range(before + 1, before + len(lines) + 1)))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraphs(path: Path) -> list[list[str]]:
    """The lines of each paragraph (a line break inside one starts a new line)."""
    with zipfile.ZipFile(path) as zf:
        if "word/document.xml" not in zf.namelist():
            raise GlossaryError(f"{path}: not a .docx document (no word/document.xml)")
        xml = zf.read("word/document.xml")
    root = ElementTree.fromstring(xml)  # a damaged archive or XML: open_document's one line
    out = []
    for para in root.iter(f"{_W}p"):
        parts = []
        for node in para.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}tab",):
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        out.append("".join(parts).split("\n"))
    return out


def _paragraphs(paragraphs: list[tuple[int, list[str]]]) -> Block:
    """One block of (first line number, lines) paragraphs, each followed by two empty lines: a paragraph
    break, so that a heading, a title or a menu does not run into the sentence after it."""
    lines: list[str] = []
    numbers: list[int] = []
    for first, texts in paragraphs:
        lines += [*texts, "", ""]
        numbers += [*range(first, first + len(texts)), first + len(texts) - 1, first + len(texts) - 1]
    return Block(lines[:-2], numbers[:-2])


class _HTMLText(HTMLParser):
    """Collects text with the source line it came from; block elements start new lines."""

    BLOCK: ClassVar[set[str]] = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "blockquote", "section", "article",
        "td", "th", "dd", "dt", "figcaption", "caption", "header", "footer"}
    SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # character references come decoded, once
        self.lines: list[tuple[int, str]] = []
        self._current: list[str] = []
        self._line: int | None = None  # source line of the first character that is not a space
        self._skip = 0

    def _flush(self) -> None:
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self._current)).strip()
        if text:
            self.lines.append((self._line or 1, text))
        self._current = []
        self._line = None

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        if tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag in self.BLOCK:
            self._flush()

    def handle_data(self, data):
        if self._skip:
            return
        if self._line is None and data.strip():  # <br>\n핀둬둬: the text starts on the next line
            lead = len(data) - len(data.lstrip())
            self._line = self.getpos()[0] + data.count("\n", 0, lead)
        self._current.append(data)

    def block(self) -> Block:
        """The texts of the block elements, as paragraphs."""
        return _paragraphs([(number, [text]) for number, text in self.lines])


def open_document(path: str | Path) -> Source:
    """Open a document for reading; raises GlossaryError with a one-line reason if it cannot be read.

    The content, not the suffix, picks the reader (identify); whatever a damaged file makes a reader
    raise comes out here as one line naming the file."""
    p = Path(path)
    if p.is_dir():
        raise GlossaryError(f"{p}: is a directory")
    if not p.exists():
        raise GlossaryError(f"{p}: no such file")
    kind = TEXT
    try:
        with open(p, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
        if not head:
            raise GlossaryError(f"{p}: empty file")
        kind = identify(p, head)
        if kind in (TEXT, HTML) and p.suffix.lower() in NOT_READ:
            raise NotRead(f"{p}: {NOT_READ[p.suffix.lower()]}")
        return _open(p, kind, head)
    except NotRead as exc:
        raise GlossaryError(f"{exc} (read: {SUPPORTED_TEXT})") from exc
    except GlossaryError:
        raise
    except PermissionError as exc:
        raise GlossaryError(f"{p}: permission denied") from exc
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{p}: undecodable bytes ({exc.reason})") from exc
    except Exception as exc:  # the reader's edge: a damaged file is one line, never a traceback
        raise damaged(p, KIND_NAMES.get(kind, "document"), exc) from exc


KIND_NAMES = {PDF: "PDF", DOCX: ".docx", HWPX: "HWPX", HWP5: "HWP 5 document", HTML: "web page"}


def _open(p: Path, kind: str, head: bytes) -> Source:
    """The document's blocks, by the reader its content asks for."""
    if kind == PDF:
        from glossary.extraction.pdf import pdf_lines

        rows = pdf_lines(p)
        return Source(p, "pdf", iter([Block([t for _, t in rows], [n for n, _ in rows])]))
    if kind == HWPX:
        from glossary.extraction.office import hwpx_paragraphs

        return Source(p, "hwpx", iter([_paragraphs([(i, [t]) for i, t in enumerate(hwpx_paragraphs(p), 1)])]))
    if kind == HWP5:
        from glossary.extraction.hwp import hwp_paragraphs

        return Source(p, "hwp", iter([_paragraphs([(i, [t]) for i, t in enumerate(hwp_paragraphs(p), 1)])]))
    if kind == DOCX:
        paragraphs, number = [], 1
        for texts in _docx_paragraphs(p):
            paragraphs.append((number, texts))
            number += len(texts)
        return Source(p, "docx", iter([_paragraphs(paragraphs)]))
    encoding = _sniff_encoding(head, p)
    if kind == HTML:
        parser = _HTMLText()
        parser.feed(p.read_text(encoding=encoding, errors=CUT_AT_THE_END))
        parser.close()
        parser._flush()
        return Source(p, encoding, iter([parser.block()]))
    return Source(p, encoding, _text_blocks(p, encoding))


def read_text(path: str | Path) -> tuple[str, str]:
    """Whole text of a (small) document and the encoding used; for tests and notebooks."""
    src = open_document(path)
    lines = [line for block in src.blocks for line in block.lines]
    return "\n".join(lines), src.encoding


GLOB_CHARS = frozenset("*?[")


def documents(inputs: Iterable[str | Path], base: Path | None = None) -> list[Path]:
    """The documents that inputs name, each once, in order: a file as it is (a missing one too, so that
    its reader reports it); a folder's supported documents (recursive, sorted, hidden files left out); a
    glob pattern's files (``**`` recurses; relative to ``base`` when given). Every command that takes
    files or folders, and every pipeline, lists its documents here."""
    found: dict[str, Path] = {}
    for item in inputs:
        text = str(item)
        if base is not None and not os.path.isabs(text):
            text = str(base / text)
        p = Path(text)
        if GLOB_CHARS & set(str(item)):
            names = (Path(n) for n in sorted(glob.glob(text, recursive=True)))
            paths = [n for n in names if n.is_file()]
        elif p.is_dir():
            paths = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                           and not f.name.startswith("."))
        else:
            paths = [p]
        for f in paths:
            found.setdefault(str(f.resolve()), f)
    return list(found.values())
