"""Hancom's binary HWP 5.0 documents, read into paragraphs like an HWPX.

An HWP 5 file is an OLE compound file (read with olefile): ``FileHeader`` says whether the streams are
compressed, password-protected or distribution-locked; ``BodyText/Section0..n`` hold the text as a list of
records (raw-deflated when compressed). Each record has a 32-bit header (tag 10 bits, level 10 bits,
size 12 bits, 0xFFF meaning "the size follows in 32 bits"). A paragraph's text is its ``PARA_TEXT``
record: UTF-16LE in which the control characters 0-31 stand for tabs, breaks and objects, most of them
eight code units long (the control and its parameters). A table's cells are paragraphs of their own,
written after the paragraph that holds the table, so reading the records in order gives the paragraphs in
the order an HWPX of the same document gives them.

Memos are annotations, not text: the word a memo marks stays in its paragraph (between a field's start
and end controls), and the memo's own paragraphs, which Hancom writes after a ``MEMO_LIST`` record at the
end of the last section, are left out, as the HWPX reader leaves out a MEMO field's sub-list.

Design: docs/formats.md
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from glossary.base.errors import GlossaryError, damaged

SIGNATURE = b"HWP Document File"
HWPTAG_BEGIN = 0x10
PARA_HEADER = HWPTAG_BEGIN + 50
PARA_TEXT = HWPTAG_BEGIN + 51
MEMO_LIST = HWPTAG_BEGIN + 77  # a memo's paragraphs follow, one level down
# control characters one code unit long (char controls); the others of 0-31 take eight units
CHAR_CONTROLS = {0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31}
# what a control means in the text read out: a tab or a line break becomes a space, the rest nothing
SPACE_CONTROLS = {9, 10, 24, 25, 30, 31}
FLAG_COMPRESSED, FLAG_PASSWORD, FLAG_DISTRIBUTION = 1, 2, 4


def records(data: bytes):
    """(tag, level, payload) of each record in a decompressed stream."""
    pos, end = 0, len(data)
    while pos + 4 <= end:
        (head,) = struct.unpack_from("<I", data, pos)
        pos += 4
        tag, level, size = head & 0x3FF, (head >> 10) & 0x3FF, head >> 20
        if size == 0xFFF:
            if pos + 4 > end:
                break
            (size,) = struct.unpack_from("<I", data, pos)
            pos += 4
        yield tag, level, data[pos:pos + size]
        pos += size


def paragraph_text(payload: bytes) -> str:
    """The readable text of a PARA_TEXT payload: controls skipped, tabs and breaks as spaces."""
    units = struct.unpack(f"<{len(payload) // 2}H", payload[:len(payload) // 2 * 2])
    out: list[str] = []
    i, n = 0, len(units)
    while i < n:
        u = units[i]
        if u < 32:
            if u in SPACE_CONTROLS:
                out.append(" ")
            i += 1 if u in CHAR_CONTROLS else 8
            continue
        out.append(chr(u))
        i += 1
    text = "".join(out)
    try:  # surrogate pairs (characters beyond the BMP) come as two units
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return text


def hwp_paragraphs(path: Path) -> list[str]:
    """The paragraphs of an HWP 5 document in order (a table's cells where they stand)."""
    import olefile

    try:
        if not olefile.isOleFile(str(path)):
            raise GlossaryError(f"{path}: not an HWP 5 document (not a compound file; HWP 3 and older are not read)")
        with olefile.OleFileIO(str(path)) as ole:
            if not ole.exists("FileHeader"):
                raise GlossaryError(f"{path}: not an HWP 5 document (no FileHeader)")
            header = ole.openstream("FileHeader").read()
            if not header.startswith(SIGNATURE) or len(header) < 40:
                raise GlossaryError(f"{path}: not an HWP 5 document (no HWP signature)")
            (flags,) = struct.unpack_from("<I", header, 36)
            if flags & FLAG_PASSWORD:
                raise GlossaryError(f"{path}: a password-protected HWP (save it without a password first)")
            if flags & FLAG_DISTRIBUTION:
                raise GlossaryError(f"{path}: a distribution-locked HWP (its text is encrypted; ask for an "
                                    "unlocked copy)")
            sections = sorted((e for e in ole.listdir() if len(e) == 2 and e[0] == "BodyText"
                               and e[1].startswith("Section") and e[1][7:].isdigit()),
                              key=lambda e: int(e[1][7:]))
            if not sections:
                raise GlossaryError(f"{path}: not an HWP 5 document (no BodyText sections)")
            out: list[str] = []
            for entry in sections:
                data = ole.openstream(entry).read()
                if flags & FLAG_COMPRESSED:
                    data = zlib.decompress(data, -15)
                out.extend(_body_paragraphs(data))
            return out
    except GlossaryError:
        raise
    except Exception as exc:  # the reader's edge: OLE, zlib, struct… on a damaged file are one line
        raise damaged(path, "HWP 5 document", exc) from exc


def _body_paragraphs(data: bytes) -> list[str]:
    """The text of a section's paragraphs, a memo's own paragraphs left out: those after a MEMO_LIST
    record, until a paragraph at a lower level than the record's (the body's)."""
    out: list[str] = []
    memo: int | None = None  # the level of the MEMO_LIST whose paragraphs are being passed over
    for tag, level, payload in records(data):
        if tag == MEMO_LIST:
            memo = level
        elif tag == PARA_HEADER and memo is not None and level < memo:
            memo = None
        elif tag == PARA_TEXT and memo is None:
            text = " ".join(paragraph_text(payload).split())
            if text:
                out.append(text)
    return out
