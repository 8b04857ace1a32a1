"""What a document is, told by its first bytes (and a zip's or a compound file's names), not by its suffix.

Suffixes lie in everyday input: Hancom Office saves an HWPX under .hwp when asked, people rename a .docx
to .doc, a download manager names a PDF .bin, and a mail gateway or a broken download leaves a file whose
content no longer matches its name. The content decides the reader; the suffix only names what a file
that is neither (a damaged zip, a compound file that cannot be opened) was meant to be.

Design: docs/formats.md
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from glossary.base.errors import GlossaryError, damaged

PDF, DOCX, HWPX, HWP5, HTML, TEXT = "pdf", "docx", "hwpx", "hwp", "html", "text"
HEAD_BYTES = 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
HWP3_MAGIC = b"HWP Document File V"  # HWP 3 and older: the signature opens the file itself, not a stream
HWP3 = ("an HWP 3 document (Hangul 97 or older), which is not read; open it in Hancom Office and save it as "
        ".hwpx (or as .hwp, HWP 5)")
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


class NotRead(GlossaryError):
    """A document of a kind that is recognised and not read (the message says what to save it as)."""

_TEXT_SUFFIXES = {".txt", ".md", ".text", ".csv", ".tsv", *HTML_SUFFIXES}
# what a suffix promises, when the content turns out to be something else
_BY_SUFFIX = {".pdf": PDF, ".docx": DOCX, ".hwpx": HWPX, ".hwp": HWP5}
_NAMES = {PDF: "a PDF", DOCX: "a .docx", HWPX: "an HWPX", HWP5: "an HWP 5 document"}
# a zip's or a compound file's member that says what it holds, for the kinds that are not read
_ZIP_NOT_READ = {"xl/workbook.xml": "a spreadsheet (.xlsx), not a document to check",
                 "ppt/presentation.xml": "a presentation (.pptx), which is not read"}
_OLE_NOT_READ = {"WordDocument": "a Word 97–2003 document, which is not read; save it as .docx",
                 "Workbook": "a spreadsheet (.xls), not a document to check",
                 "PowerPoint Document": "a presentation (.ppt), which is not read"}


def identify(path: Path, head: bytes) -> str:
    """The reader for a document whose first bytes are ``head``: PDF, DOCX, HWPX, HWP5, HTML or TEXT.
    Raises GlossaryError for what is recognised and not read (HWP 3, spreadsheets, Word 97–2003)."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF") or (suffix not in _TEXT_SUFFIXES and b"%PDF-" in head[:HEAD_BYTES]):
        return PDF  # some writers put bytes before the header (but a text may well mention one)
    if head.startswith(ZIP_MAGICS):
        return _zip_kind(path, suffix)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(path, suffix)
    if head.startswith(HWP3_MAGIC):
        raise NotRead(f"{path}: {HWP3}")
    if suffix in _BY_SUFFIX:
        raise GlossaryError(f"{path}: not {_NAMES[_BY_SUFFIX[suffix]]}: {_what(head)}")
    if suffix in HTML_SUFFIXES:
        return HTML
    return TEXT


def _what(head: bytes) -> str:
    """What a file named for a binary type holds instead, in a few words."""
    text = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text:
        return "it is a web page (a download's error page?)"
    if not head.strip(b"\x00"):
        return "it holds only zero bytes (a download or copy that never finished?)"
    if b"\x00" not in head[:512]:
        try:
            head[:512].decode("utf-8")
            return "it holds plain text"
        except UnicodeDecodeError as exc:
            if exc.start >= 508:  # a character cut at the end of the sample
                return "it holds plain text"
    return "its content is not of that type (damaged, or another kind of file under this name)"


def _zip_kind(path: Path, suffix: str) -> str:
    """DOCX or HWPX, by the members the zip holds; a zip that cannot be opened goes to the reader its
    suffix names (which says it is damaged), or is said to be a damaged zip."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:64] if "mimetype" in names else b""
    except Exception as exc:  # BadZipFile, zlib, EOF…: a cut or damaged archive
        if suffix in (".docx", ".hwpx"):
            return _BY_SUFFIX[suffix]
        raise damaged(path, "zip archive", exc) from exc
    if "word/document.xml" in names:
        return DOCX
    if mimetype.startswith(b"application/hwp") or any(n.startswith("Contents/section") for n in names):
        return HWPX
    for member, says in _ZIP_NOT_READ.items():
        if member in names:
            raise NotRead(f"{path}: {says}")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise NotRead(f"{path}: an OpenDocument file, which is not read; save it as .docx")
    if suffix in (".docx", ".hwpx"):
        return _BY_SUFFIX[suffix]  # its reader names what is missing
    raise GlossaryError(f"{path}: a zip archive that holds no document (neither .docx nor HWPX)")


def _ole_kind(path: Path, suffix: str) -> str:
    """HWP5 for a compound file with Hancom's FileHeader stream (or one that cannot be opened: the HWP 5
    reader says so); the Office 97–2003 types are named."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except Exception:  # a damaged compound file: the HWP 5 reader names the damage
        if suffix in (".doc", ".xls", ".ppt"):
            raise NotRead(f"{path}: an Office 97–2003 file, which is not read; save it as .docx") from None
        return HWP5
    if "FileHeader" in streams:
        return HWP5
    for stream, says in _OLE_NOT_READ.items():
        if stream in streams or (stream == "Workbook" and "Book" in streams):
            raise NotRead(f"{path}: {says}")
    return HWP5
