"""A small HWP 5.0 writer for the tests: an OLE compound file (version 3, 512-byte sectors, a mini stream
for the small streams) holding FileHeader, DocInfo and BodyText/Section0 as Hancom lays them out, with
paragraphs as PARA_HEADER/PARA_TEXT records and a table whose cells are paragraphs one level down.

Written from the published formats (Microsoft's [MS-CFB], Hancom's "HWP 5.0 file format" document), so
the reader is tested against the layout, not against itself.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
SECTOR, MINI, CUTOFF = 512, 64, 4096


def _entry(name: str, kind: int, start: int, size: int, left=NOSTREAM, right=NOSTREAM, child=NOSTREAM) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, left, right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))


def _order(name: str) -> tuple[int, str]:
    return len(name), name.upper()  # the compound file's sibling order


def write_cfb(path: Path, streams: dict[str, bytes]) -> None:
    """``streams`` maps "Storage/Stream" (one level of storages at most) to the stream's bytes."""
    storages = sorted({k.split("/")[0] for k in streams if "/" in k}, key=_order)
    names = ["Root Entry", *storages, *streams]
    index = {n: i for i, n in enumerate(names)}
    # sectors: big streams, then the mini stream, the mini FAT, the directory, the FAT
    sectors: list[bytes] = []
    fat: list[int] = []

    def chain(data: bytes) -> int:
        if not data:
            return END
        first = len(sectors)
        count = (len(data) + SECTOR - 1) // SECTOR
        for i in range(count):
            sectors.append(data[i * SECTOR:(i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(first + i + 1 if i + 1 < count else END)
        return first

    starts: dict[str, int] = {}
    mini = bytearray()
    minifat: list[int] = []
    for name, data in streams.items():
        if len(data) >= CUTOFF:
            starts[name] = chain(data)
        else:
            first = len(mini) // MINI
            count = max(1, (len(data) + MINI - 1) // MINI)
            mini += data.ljust(count * MINI, b"\0")
            minifat += [first + i + 1 if i + 1 < count else END for i in range(count)]
            starts[name] = first
    mini_start = chain(bytes(mini))
    minifat_raw = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_start = chain(minifat_raw)

    def children(parent: str | None) -> list[str]:
        if parent is None:
            kids = storages + [k for k in streams if "/" not in k]
        else:
            kids = [k for k in streams if k.startswith(parent + "/")]
        return sorted(kids, key=lambda k: _order(k.split("/")[-1]))

    links: dict[str, tuple[int, int]] = {}  # name → (right sibling, child)
    for parent in (None, *storages):
        kids = children(parent)
        for a, b in zip(kids, [*kids[1:], None]):
            links[a] = (index[b] if b else NOSTREAM, links.get(a, (0, NOSTREAM))[1])
        if parent is not None:
            links[parent] = (links.get(parent, (NOSTREAM, 0))[0], index[kids[0]] if kids else NOSTREAM)
    root_child = index[children(None)[0]]
    directory = [_entry("Root Entry", 5, mini_start, len(mini), child=root_child)]
    for name in names[1:]:
        right, child = links.get(name, (NOSTREAM, NOSTREAM))
        if name in streams:
            directory.append(_entry(name.split("/")[-1], 2, starts[name], len(streams[name]), right=right))
        else:
            directory.append(_entry(name, 1, 0, 0, right=right, child=child))
    raw_dir = b"".join(directory)
    raw_dir = raw_dir.ljust((len(raw_dir) + SECTOR - 1) // SECTOR * SECTOR, b"\0")
    dir_start = chain(raw_dir)
    nfat = 1
    while (len(sectors) + nfat) > nfat * (SECTOR // 4):
        nfat += 1
    fat_start = len(sectors)
    fat += [FATSECT] * nfat
    fat += [FREE] * (nfat * (SECTOR // 4) - len(fat))
    raw_fat = b"".join(struct.pack("<I", v) for v in fat)
    for i in range(nfat):
        sectors.append(raw_fat[i * SECTOR:(i + 1) * SECTOR])
    difat = [fat_start + i for i in range(nfat)] + [FREE] * (109 - nfat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, nfat, dir_start, 0, CUTOFF,
                            minifat_start if minifat else END, (len(minifat_raw) + SECTOR - 1) // SECTOR, END, 0)
              + b"".join(struct.pack("<I", v) for v in difat))
    assert len(header) == SECTOR
    path.write_bytes(header + b"".join(sectors))


def _record(tag: int, level: int, payload: bytes) -> bytes:
    size = len(payload)
    if size >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, size) + payload
    return struct.pack("<I", tag | level << 10 | size << 20) + payload


PARA_HEADER, PARA_TEXT, CTRL_HEADER, LIST_HEADER = 0x10 + 50, 0x10 + 51, 0x10 + 55, 0x10 + 56
MEMO_LIST = 0x10 + 77
FIELD_BEGIN, FIELD_END = 3, 4


def _paragraph(text: str, level: int, extra: bytes = b"") -> bytes:
    body = extra + text.encode("utf-16-le") + b"\x0d\x00"
    return (_record(PARA_HEADER, level, struct.pack("<IIHBB", len(body) // 2, 0, 0, 0, 0))
            + _record(PARA_TEXT, level + 1, body))


def _control(code: int, name: bytes) -> bytes:
    """An extended control in the text: the code, four bytes of its id, padding, the code again."""
    return struct.pack("<H", code) + name[::-1] + b"\0" * 8 + struct.pack("<H", code)


def _inline(code: int) -> str:
    """An inline control in the text: the code, twelve bytes of parameters, the code again."""
    return chr(code) + "\0" * 6 + chr(code)


def _memo_text(t: str, memos: dict[str, str]) -> tuple[str, list[bytes]]:
    """The paragraph's text with a memo field (start control, the word, end control) around each word that
    ``memos`` annotates, and the field's control header records (one level down)."""
    headers = []
    for word in memos:
        if word in t:
            start = _control(FIELD_BEGIN, b"%%me").decode("utf-16-le")
            t = t.replace(word, start + word + _inline(FIELD_END), 1)
            headers.append(_record(CTRL_HEADER, 1, b"%%me"[::-1] + struct.pack("<IBH", 0, 0, 0) + b"\0" * 4))
    return t, headers


def write_hwp(path: Path, paragraphs: list[str], table: list[str] = (), *, compressed: bool = True,
              flags: int = 0, memos: dict[str, str] | None = None) -> Path:
    """An HWP 5 document: the first paragraph, a one-row table (if any cells), the other paragraphs. A tab
    and a line break inside the text are written as HWP's own controls. ``memos`` maps a word to the
    memo on it: a memo field around the word, and at the end of the section the memo's own paragraph
    after a MEMO_LIST record, as Hancom Office writes them."""
    memos = memos or {}

    def text(t: str) -> str:
        return t.replace("\t", "\x09" + "\0" * 7).replace("\n", "\x0a")

    def para(t: str, level: int) -> bytes:
        t, headers = _memo_text(text(t), memos)
        return _paragraph(t, level) + b"".join(headers)

    body = b"".join(para(t, 0) for t in paragraphs[:1])
    if table:
        body += _paragraph("", 0, _control(11, b"tbl "))
        body += _record(CTRL_HEADER, 1, b"tbl " + b"\0" * 40)
        for cell in table:
            body += _record(LIST_HEADER, 2, struct.pack("<HI", 1, 0) + b"\0" * 26)
            body += _paragraph(text(cell), 2)
    body += b"".join(para(t, 0) for t in paragraphs[1:])
    for comment in memos.values():
        body += _record(MEMO_LIST, 1, struct.pack("<I", 0))
        body += _record(LIST_HEADER, 1, struct.pack("<HI", 1, 0) + b"\0" * 26)
        body += _paragraph(text(comment), 1)
    if compressed:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        body = packer.compress(body) + packer.flush()
    header = (b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05000300, flags | int(compressed))
              ).ljust(256, b"\0")
    docinfo = _record(0x10, 0, struct.pack("<H", 1) + b"\0" * 24)
    if compressed:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        docinfo = packer.compress(docinfo) + packer.flush()
    write_cfb(path, {"FileHeader": header, "DocInfo": docinfo, "BodyText/Section0": body})
    return path


HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"


def write_hwpx(path: Path, paragraphs: list[str], table: list[str] = (), *, memos: dict[str, str] | None = None,
               encrypted: bool = False) -> Path:
    """The same document as an HWPX package, as Hancom Office writes one: a section of hp:p paragraphs of
    runs, a table whose cells hold paragraphs of their own, a memo as a MEMO field around its word with
    the memo's paragraph in the field's sub-list. A tab is a space here (HWPX writes it as an element)."""
    from xml.sax.saxutils import escape

    memos = memos or {}

    def runs(text: str) -> str:
        out = escape(text.replace("\t", " "))
        for n, (word, comment) in enumerate(memos.items(), 1):
            begin = (f'</hp:t><hp:ctrl><hp:fieldBegin id="{n}" type="MEMO" name=""><hp:subList>'
                     f'<hp:p><hp:run><hp:t>{escape(comment)}</hp:t></hp:run></hp:p></hp:subList></hp:fieldBegin>'
                     f'</hp:ctrl><hp:t>')
            end = f'</hp:t><hp:ctrl><hp:fieldEnd beginIDRef="{n}"/></hp:ctrl><hp:t>'
            out = out.replace(escape(word), begin + escape(word) + end, 1)
        return f'<hp:run charPrIDRef="0"><hp:t>{out}</hp:t></hp:run>'

    def p(text: str) -> str:
        return f"<hp:p>{runs(text)}</hp:p>"

    cells = "".join(f"<hp:tc><hp:subList>{p(t)}</hp:subList></hp:tc>" for t in table)
    body = "".join(p(t) for t in paragraphs[:1])
    if table:
        body += f"<hp:p><hp:run><hp:tbl><hp:tr>{cells}</hp:tr></hp:tbl></hp:run></hp:p>"
    body += "".join(p(t) for t in paragraphs[1:])
    section = (f'<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"'
               f' xmlns:hp="{HP}">{body}</hs:sec>')
    manifest = ('<?xml version="1.0"?><odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                + ("<odf:file-entry><odf:encryption-data/></odf:file-entry>" if encrypted else "") + "</odf:manifest>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("Contents/content.hpf", "<opf:package xmlns:opf='http://www.idpf.org/2007/opf/'/>")
        z.writestr("Contents/section0.xml", section)
    return path
