"""Reading documents: text in its encodings, .docx, HTML; and documents as they arrive: PDF (made here by
LibreOffice from a Word file), HWPX (written here as Hancom writes it) and HWP 5 (a compound file written
here from the published format) read into the same pairs and findings as their text; scans, locked files
and types not read get one clear line; findings go back into the documents (PDF highlights, HWPX memos)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import BRIEF, CELLS, printed_pdf
from hwp5_writer import HP, write_hwp, write_hwpx
from typer.testing import CliRunner

from glossary import api
from glossary.base.errors import GlossaryError
from glossary.check.checker import check
from glossary.cli import app
from glossary.extraction import reader
from glossary.extraction.extract import extract_file
from glossary.extraction.office import PAGE_LINES, hwpx_paragraphs, pdf_lines

ROOT = Path(__file__).resolve().parent.parent
NEWS = (ROOT / "data" / "samples" / "news-sample.txt").read_text(encoding="utf-8")
EDITOR = (ROOT / "data" / "samples" / "editor-issue.txt").read_text(encoding="utf-8")
runner = CliRunner()


def _pairs(path: Path) -> list[tuple[str, str]]:
    return [(o.korean, o.hanzi) for o in api.extract_file(path).occurrences]


def test_a_pdf_gives_the_pairs_of_its_text(tmp_path) -> None:
    text = tmp_path / "news.txt"
    text.write_text(NEWS, encoding="utf-8")
    pdf = printed_pdf(tmp_path, NEWS, "news")
    assert _pairs(pdf) == _pairs(text)
    lines = pdf_lines(pdf)
    assert not any("제195호" in t or "뉴스레터" in t for _, t in lines)  # running head and footer left out
    assert lines[0][0] // PAGE_LINES == 1 and lines[-1][0] // PAGE_LINES >= 2  # numbered page × 1000 + line


def test_a_two_column_pdf_reads_column_by_column(tmp_path) -> None:
    text = tmp_path / "news.txt"
    text.write_text(NEWS, encoding="utf-8")
    pdf = printed_pdf(tmp_path, NEWS, "columns", columns=2)
    from_pdf, from_text = _pairs(pdf), _pairs(text)
    # the names in the order of the text: the left column, then the right one, page by page
    assert [h for _, h in from_pdf] == [h for _, h in from_text]
    # narrow columns wrap words between syllables (시진\n핑): a few renderings come out split
    same = sum(a == b for a, b in zip(from_pdf, from_text))
    assert same >= 0.85 * len(from_text), [(a, b) for a, b in zip(from_pdf, from_text) if a != b]


def test_the_check_of_a_pdf_finds_what_the_check_of_its_text_finds(tmp_path) -> None:
    text = tmp_path / "issue.txt"
    text.write_text(EDITOR, encoding="utf-8")
    pdf = printed_pdf(tmp_path, EDITOR, "issue")
    from_text = [(f.kind, f.korean, f.expected) for f in check([text])]
    from_pdf = check([pdf])
    assert [(f.kind, f.korean, f.expected) for f in from_pdf] == from_text
    result = runner.invoke(app, ["check", str(pdf)])
    first = result.stdout.splitlines()[0]
    page, line, col = first.split(":")[1:4]
    assert int(page) >= 1 and 1 <= int(line) < PAGE_LINES and int(col) >= 1  # issue.pdf:PAGE:LINE:COL:


def test_a_pdf_without_a_text_layer_is_a_clear_error(tmp_path) -> None:
    from pypdf import PdfWriter

    scan = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(scan, "wb") as fh:
        writer.write(fh)
    result = runner.invoke(app, ["extract", str(scan)])
    assert result.exit_code == 2
    assert "without a text layer" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_hwpx_gives_its_paragraphs_and_table_cells_in_order(tmp_path) -> None:
    doc = write_hwpx(tmp_path / "brief.hwpx", ["샤오미(小米) 창업자 레이쥔(雷军)은 신제품을 공개했다.",
                                          "레이준(雷军)은 가격도 밝혔다."], table=["징둥(京东)", "핀둬둬(拼多多)"])
    assert _pairs(doc) == [("샤오미", "小米"), ("레이쥔", "雷军"), ("징둥", "京东"), ("핀둬둬", "拼多多"),
                           ("레이준", "雷军")]
    found = [(f.kind, f.korean, f.line) for f in check([doc])]
    assert ("inconsistent", "레이준", 4) in found  # its paragraph: the fourth of the document


def test_locked_files_and_types_not_read_say_so(tmp_path) -> None:
    locked = write_hwpx(tmp_path / "locked.hwpx", ["샤오미(小米)"], encrypted=True)
    result = runner.invoke(app, ["extract", str(locked)])
    assert result.exit_code == 2 and "encrypted" in result.stderr
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    result = runner.invoke(app, ["check", str(old), "--format", "jsonl"])
    assert result.exit_code == 2 and result.stdout == ""  # nothing could be checked
    (line,) = result.stderr.splitlines()  # the reason, in one line
    assert line.startswith(f"error: {old}") and ".hwpx" in line and ".pdf" in line
    assert ".docx" in line and ".hwp (HWP 5)" in line


def test_annotate_marks_each_error_and_warning_of_a_pdf_where_it_stands(tmp_path) -> None:
    from pypdf import PdfReader

    pdf = printed_pdf(tmp_path, EDITOR, "issue")
    out = tmp_path / "checked.pdf"
    result = runner.invoke(app, ["check", str(pdf), "--annotate", str(out), "--format", "jsonl"])
    wanted = [json.loads(line) for line in result.stdout.splitlines()]
    wanted = [f for f in wanted if f["severity"] in ("error", "warning")]
    assert wanted and out.exists()
    marks = []
    for n, page in enumerate(PdfReader(str(out)).pages, 1):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a["/Subtype"] == "/Highlight":
                marks.append((n, [float(v) for v in a["/Rect"]], str(a["/Contents"]), str(a["/T"])))
    assert len(marks) == len(wanted)
    assert all(author == "kozh-glossary" for *_, author in marks)
    # each highlight covers the misspelled word: the glyphs inside its box are that word
    from glossary.extraction.office import pdf_layout

    layout = pdf_layout(pdf)
    for f in wanted:
        page = f["line"] // PAGE_LINES
        mark = next(m for m in marks if m[0] == page and f["korean"] in m[2] and f["kind"] in m[2])
        x0, y0, x1, y1 = mark[1]
        inside = "".join(ch for n, text, boxes in layout if n // PAGE_LINES == page
                         for ch, b in zip(text, boxes)
                         if b is not None and b[0] >= x0 - 0.5 and b[2] <= x1 + 0.5 and b[1] >= y0 - 0.5
                         and b[3] <= y1 + 0.5)
        assert inside == f["korean"].replace(" ", ""), (f, inside)
    texts = [p.extract_text() for p in PdfReader(str(out)).pages]
    assert texts == [p.extract_text() for p in PdfReader(str(pdf)).pages]  # the text untouched


def test_the_html_report_shows_a_pdf_by_page_and_line(tmp_path) -> None:
    pdf = printed_pdf(tmp_path, EDITOR, "issue")
    report = tmp_path / "r.html"
    runner.invoke(app, ["check", str(pdf), "--html", str(report)])
    page = report.read_text(encoding="utf-8")
    assert 'class="ln">1:1<' in page and "issue.pdf:1:" in page and "펭지엔전" in page


def test_a_password_protected_pdf_is_a_clear_error(tmp_path) -> None:
    from pypdf import PdfReader, PdfWriter

    source = printed_pdf(tmp_path, "샤오미(小米)가 발표했다.", "open")
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        writer.write(fh)
    result = runner.invoke(app, ["extract", str(locked)])
    assert result.exit_code == 2 and "password-protected" in result.stderr




@pytest.mark.parametrize("compressed", [True, False])
def test_an_hwp5_gives_the_pairs_and_findings_of_the_samewrite_hwpx(tmp_path, compressed) -> None:
    hwp = write_hwp(tmp_path / "brief.hwp", BRIEF, table=CELLS, compressed=compressed)
    hwpx = write_hwpx(tmp_path / "brief.hwpx", [t.replace("\t", " ") for t in BRIEF], table=CELLS)
    assert _pairs(hwp) == _pairs(hwpx) and ("핀둬둬", "拼多多") in _pairs(hwp)
    found = [(f.kind, f.korean, f.line, f.col) for f in check([hwp])]
    assert found == [(f.kind, f.korean, f.line, f.col) for f in check([hwpx])]
    assert ("inconsistent", "레이준", 4, 1) in found  # the paragraph after the table's two cells


def test_locked_or_broken_hwp5_files_say_so_in_one_line(tmp_path) -> None:
    cases = {"secret.hwp": (write_hwp(tmp_path / "secret.hwp", BRIEF, flags=2), "password-protected"),
             "shop.hwp": (write_hwp(tmp_path / "shop.hwp", BRIEF, flags=4), "distribution-locked"),
             "text.hwp": (tmp_path / "text.hwp", "not an HWP 5 document"),
             "broken.hwp": (tmp_path / "broken.hwp", "not a readable HWP 5 document")}
    (tmp_path / "text.hwp").write_text("샤오미(小米)", encoding="utf-8")
    (tmp_path / "broken.hwp").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    for name, (path, says) in cases.items():
        result = runner.invoke(app, ["extract", str(path)])
        assert result.exit_code == 2 and says in result.stderr, (name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1


def _memos(path: Path) -> list[tuple[str, str]]:
    """(the text a MEMO field spans, the memo's comment) for each memo of an HWPX, read from its XML."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read("Contents/section0.xml"))
    out, open_ = [], {}
    skip = set()
    for el in root.iter():
        if el.tag == f"{{{HP}}}fieldBegin" and el.get("type") == "MEMO":
            comment = "".join(t.text or "" for t in el.iter(f"{{{HP}}}t"))
            open_[el.get("id")] = [comment, ""]
            skip.update(id(t) for t in el.iter(f"{{{HP}}}t"))
        elif el.tag == f"{{{HP}}}fieldEnd":
            comment, spanned = open_.pop(el.get("beginIDRef"))
            out.append((spanned, comment))
        elif el.tag == f"{{{HP}}}t" and id(el) not in skip:
            for memo in open_.values():
                memo[1] += el.text or ""
    assert not open_  # every field ends
    return out


def test_annotate_puts_a_memo_on_each_error_and_warning_of_anwrite_hwpx(tmp_path) -> None:
    doc = write_hwpx(tmp_path / "brief.hwpx", [t.replace("\t", " ") for t in BRIEF], table=CELLS)
    out = tmp_path / "checked.hwpx"
    result = runner.invoke(app, ["check", str(doc), "--annotate", str(out), "--format", "jsonl"])
    wanted = [json.loads(line) for line in result.stdout.splitlines()]
    wanted = [f for f in wanted if f["severity"] in ("error", "warning")]
    assert len(wanted) >= 3
    memos = _memos(out)
    assert sorted(spanned for spanned, _ in memos) == sorted(f["korean"] for f in wanted)
    for f in wanted:
        assert any(spanned == f["korean"] and f["kind"] in comment and f"expected {f['expected']}" in comment
                   for spanned, comment in memos)
    assert hwpx_paragraphs(out) == hwpx_paragraphs(doc)  # the text untouched, the memos not read as text
    assert [(f.kind, f.korean, f.line) for f in check([out])] == [(f.kind, f.korean, f.line) for f in check([doc])]
    with zipfile.ZipFile(doc) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist() and a.read("Contents/content.hpf") == b.read("Contents/content.hpf")
    result = runner.invoke(app, ["check", str(doc), "--annotate", str(tmp_path / "checked.hwp")])
    assert result.exit_code == 2 and ".docx, .pdf or .hwpx" in result.stderr


def test_an_hwpx_of_the_standards_namespace_and_another_prefix_reads_fixes_and_annotates(tmp_path) -> None:
    """Another program may write KS X 6101's namespace, under another prefix: the same paragraphs, fix and
    memos in that prefix."""
    ours = write_hwpx(tmp_path / "ours.hwpx", [t.replace("\t", " ") for t in BRIEF], table=CELLS)
    other = tmp_path / "other.hwpx"
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(other, "w") as b:
        for info in a.infolist():
            data = a.read(info.filename)
            if info.filename == "Contents/section0.xml":
                data = data.decode().replace("hp:", "para:").replace(HP, "http://www.owpml.org/owpml/2024/paragraph")
                data = data.replace("xmlns:hp=", "xmlns:para=").encode()
            b.writestr(info, data)
    assert hwpx_paragraphs(other) == hwpx_paragraphs(ours)
    result = runner.invoke(app, ["fix", str(other), "-o", str(tmp_path / "fixed.hwpx")])
    assert result.exit_code == 0, result.output
    assert "펭지엔전" not in " ".join(hwpx_paragraphs(tmp_path / "fixed.hwpx"))
    runner.invoke(app, ["check", str(other), "--annotate", str(tmp_path / "checked.hwpx")])
    with zipfile.ZipFile(tmp_path / "checked.hwpx") as z:
        section = z.read("Contents/section0.xml").decode()
    assert section.count('<para:fieldBegin id=') == 4 and "<hp:" not in section
    assert hwpx_paragraphs(tmp_path / "checked.hwpx") == hwpx_paragraphs(ours)


MEMOS = {"레이쥔": "마윈(马云)과 헷갈리지 말 것: 레이준(雷军)?", "펑젠전": "확인: 시진핑(习近平)의 측근"}


def test_one_document_as_hwp5_and_as_hwpx_reads_the_same_memos_left_out(tmp_path) -> None:
    """Hancom Office keeps a memo's text apart from the body in both formats: the memos are annotations,
    so neither their names nor their misspellings are the document's."""
    hwp = write_hwp(tmp_path / "memo.hwp", BRIEF, table=CELLS, memos=MEMOS)
    hwpx = write_hwpx(tmp_path / "memo.hwpx", BRIEF, table=CELLS, memos=MEMOS)
    plain = write_hwp(tmp_path / "plain.hwp", BRIEF, table=CELLS)
    from glossary.extraction.hwp import hwp_paragraphs

    assert hwp_paragraphs(hwp) == hwpx_paragraphs(hwpx) == hwp_paragraphs(plain)
    assert not any("마윈" in t or "측근" in t for t in hwp_paragraphs(hwp))
    assert _pairs(hwp) == _pairs(hwpx) == _pairs(plain) and ("마윈", "马云") not in _pairs(hwp)
    found = [(f.kind, f.korean, f.line, f.col) for f in check([hwp])]
    assert found == [(f.kind, f.korean, f.line, f.col) for f in check([hwpx])]
    assert ("inconsistent", "레이준", 4, 1) in found


def test_comments_of_a_docx_are_not_its_text(tmp_path) -> None:
    import docx

    def write(path: Path, comments: bool) -> Path:
        d = docx.Document()
        for text in BRIEF:
            para = d.add_paragraph(text.replace("\t", " "))
            if comments:
                d.add_comment(para.runs, text="마윈(马云)의 메모", author="편집자")
        d.save(str(path))
        return path

    with_comments, without = write(tmp_path / "c.docx", True), write(tmp_path / "n.docx", False)
    with zipfile.ZipFile(with_comments) as z:
        assert "마윈" in z.read("word/comments.xml").decode()
    assert _pairs(with_comments) == _pairs(without) and ("마윈", "马云") not in _pairs(with_comments)


def test_a_document_is_read_by_its_content_whatever_its_suffix(tmp_path) -> None:
    hwpx_as_hwp = write_hwpx(tmp_path / "saved-as.hwp", BRIEF, table=CELLS)
    hwp_as_hwpx = write_hwp(tmp_path / "renamed.hwpx", BRIEF, table=CELLS)
    want = _pairs(write_hwp(tmp_path / "brief.hwp", BRIEF, table=CELLS))
    assert _pairs(hwpx_as_hwp) == _pairs(hwp_as_hwpx) == want
    import docx

    d = docx.Document()
    d.add_paragraph("샤오미(小米) 창업자 레이쥔(雷军)")
    d.save(str(tmp_path / "word.doc"))  # a .docx renamed to .doc
    assert _pairs(tmp_path / "word.doc") == [("샤오미", "小米"), ("레이쥔", "雷军")]
    hwp3 = tmp_path / "old.hwp"
    hwp3.write_bytes(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + b"\x00" * 200)
    zip_ = tmp_path / "photos.hwp"
    with zipfile.ZipFile(zip_, "w") as z:
        z.writestr("a.jpg", b"\xff\xd8")
    page = tmp_path / "download.pdf"
    page.write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>", encoding="utf-8")
    said = {}
    for path in (hwp3, zip_, page):
        result = runner.invoke(app, ["extract", str(path)])
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        said[path.name] = result.stderr
    assert "an HWP 3 document" in said["old.hwp"] and "save it as .hwpx" in said["old.hwp"]
    assert "holds no document" in said["photos.hwp"]
    assert "not a PDF" in said["download.pdf"] and "web page" in said["download.pdf"]


def _hand_pdf(path: Path, content: bytes) -> Path:
    """A one-page PDF written here byte by byte: Helvetica with codes 13 and 14 renamed to glyphs no
    character is known for (13 unmapped; 14 mapped to U+FFFF, a non-character, by its ToUnicode map)."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def 1 begincodespacerange "
            b"<00> <FF> endcodespacerange 1 beginbfchar <0E> <FFFF> endbfchar endcmap CMapName currentdict /CMap "
            b"defineresource pop end end")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding "
               b"/WinAnsiEncoding /Differences [13 /g13 14 /g14] >> /ToUnicode 6 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.parametrize("engine", ["pdfium", "pdfminer"])
def test_pdf_text_has_no_cid_codes_nor_non_characters_and_keeps_letter_spaced_words(tmp_path, engine) -> None:
    content = (b"BT /F1 12 Tf 72 760 Td (glyphs \\015 and \\016 unknown) Tj ET\n"
               # a heading set 4 pt apart, its words a narrow space further (no space glyphs)
               b"BT /F1 20 Tf 72 700 Td 4 Tc [(MMMM) -175 (MM) -175 (MMMM)] TJ ET\n"
               b"BT /F1 12 Tf 72 660 Td [(plain) -280 (words) -280 (spaced)] TJ ET\n")
    from glossary.extraction.pdf import pdf_lines as read

    texts = [t for _, t in read(_hand_pdf(tmp_path / "hand.pdf", content), engine=engine)]
    assert texts == ["glyphs \ufffd and \ufffd unknown", "MMMM MM MMMM", "plain words spaced"]


def test_an_unreadable_glyph_next_to_hanzi_gives_no_pair() -> None:
    from glossary.extraction.extract import extract_text

    found = extract_text("레이쥔(雷\ufffd)과 시진\ufffd(習近平) 주석, 리커창(李克强) 총리")
    assert [(o.korean, o.hanzi) for o in found] == [("리커창", "李克强")]


def test_pdfium_and_pdfminer_give_the_same_lines(tmp_path) -> None:
    pdf = printed_pdf(tmp_path, NEWS, "columns", columns=2)
    from glossary.extraction.pdf import pdf_lines as read

    lines = read(pdf, engine="pdfium")
    assert lines == read(pdf, engine="pdfminer") and len(lines) > 20  # the glyph boxes differ a little


TEXT = "첫 줄입니다.\n인민일보(人民日報)가 보도했다.\n"  # CP949 holds only traditional Hanja


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp949", "cp949"), ("euc-kr", "cp949"), ("utf-16", "utf-16"),
])
def test_encodings(tmp_path, encoding: str, expected: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode(encoding))
    result = extract_file(path)
    assert result.encoding == expected
    assert [(o.line, o.korean, o.hanzi) for o in result.occurrences] == [(2, "인민일보", "人民日報")]


def test_utf16_without_bom(tmp_path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))
    assert extract_file(path).occurrences[0].hanzi == "人民日報"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (b"\xff\xfe\x00\xd8\x00\xd8\x81\x00\x81" * 3 + b"abc", None),
    ("한글".encode() + b"\xc3\x28\xa0\xa1\xff\xfe\x80\x80\x80", "undecodable"),
])
def test_bad_files(tmp_path, content: bytes, message: str | None) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    if message is None:  # any one-line error will do, as long as it is an error and not a crash
        with pytest.raises(GlossaryError):
            extract_file(path)
        return
    with pytest.raises(GlossaryError, match=message):
        extract_file(path)


def test_directory_and_missing(tmp_path) -> None:
    with pytest.raises(GlossaryError, match="directory"):
        reader.open_document(tmp_path)
    with pytest.raises(GlossaryError, match="no such file"):
        reader.open_document(tmp_path / "nope.txt")


def docx(tmp_path, paragraphs: str):
    """A .docx holding these <w:p> paragraphs."""
    path = tmp_path / "doc.docx"
    body = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            f"{paragraphs}</w:body></w:document>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", body)
    return path


def test_docx(tmp_path) -> None:
    path = docx(tmp_path, "<w:p><w:r><w:t>첫 문단</w:t></w:r></w:p>"
                          "<w:p><w:r><w:t>레이쥔(</w:t></w:r><w:r><w:t>雷军)은 말했다.</w:t></w:r></w:p>")
    result = extract_file(path)
    assert [(o.line, o.korean, o.hanzi) for o in result.occurrences] == [(2, "레이쥔", "雷军")]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(GlossaryError, match="docx"):
        extract_file(broken)


def test_html_keeps_source_lines(tmp_path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><head><style>p{}</style></head>\n<body>\n<p>소개</p>\n"
                    "<p>샤오미(<b>小米</b>)의 &lt;신제품&gt;</p>\n</body></html>", encoding="utf-8")
    (occ,) = extract_file(path).occurrences
    assert (occ.line, occ.korean, occ.hanzi) == (4, "샤오미", "小米")


def test_large_file_is_read_in_blocks(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(reader, "BLOCK_LINES", 50)
    lines = [f"{i}번째 줄" for i in range(1, 301)]
    lines[149] = "궈메이"  # a name broken across the block boundary
    lines[150] = "소매(国美零售)는"
    path = tmp_path / "big.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    src = reader.open_document(path)
    assert sum(1 for _ in src.blocks) == 6
    (occ,) = extract_file(path).occurrences
    assert (occ.line, occ.korean) == (151, "궈메이 소매")


def test_spooled_occurrences_come_back_the_same(tmp_path, monkeypatch) -> None:
    """Beyond SPOOL_AFTER occurrences the first pass keeps them in a temporary file (memory flat); they
    must come back whole, in order, with the document-level decisions applied."""
    from pathlib import Path

    from glossary.extraction import extract

    sample = Path(__file__).resolve().parent.parent / "data" / "samples" / "newsletter-sample.txt"
    path = tmp_path / "long.txt"
    path.write_text(sample.read_text(encoding="utf-8") * 3, encoding="utf-8")
    in_memory = [o.to_dict() for o in extract_file(path).occurrences]
    monkeypatch.setattr(extract, "SPOOL_AFTER", 7)
    spooled = [o.to_dict() for o in extract.stream_file(path).occurrences]
    assert len(in_memory) > 3 * 7
    assert spooled == in_memory


def test_cli_reports_bad_files_and_goes_on(tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="cp949")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(empty), str(good), str(tmp_path)])
    assert result.exit_code == 3  # some inputs skipped, the rest done
    assert "empty file" in result.stderr and "is a directory" not in result.stderr  # a folder: its documents
    assert "read as cp949" in result.stderr
    assert "人民日報" in result.stdout
    assert result.stdout.count("人民日報") == runner.invoke(app, ["extract", str(good)]).stdout.count("人民日報")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 2  # nothing could be read
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_cli_formats(tmp_path, fmt: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(good), "--format", fmt])
    assert result.exit_code == 0
    assert "人民日報" in result.stdout
    if fmt == "csv":
        assert result.stdout.splitlines()[0].startswith("doc,line,start,end,korean,hanzi")


def test_crlf_line_ends_are_dropped_across_blocks(tmp_path, monkeypatch) -> None:
    """A CRLF file: no line keeps its '\\r', in any block (the check is made per chunk read)."""
    monkeypatch.setattr(reader, "BLOCK_LINES", 3)
    path = tmp_path / "doc.txt"
    path.write_bytes(("첫 줄\r\n" * 4 + "인민일보(人民日報)가\r\n끝").encode("utf-8"))
    blocks = list(reader.open_document(path).blocks)
    lines = [line for b in blocks for line in b.lines]
    assert len(blocks) == 2 and lines[-2:] == ["인민일보(人民日報)가", "끝"]
    assert not any(line.endswith("\r") for line in lines)
    assert [n for b in blocks for n in b.numbers] == list(range(1, 7))


def test_html_blocks_are_paragraphs_and_lines_point_at_the_text(tmp_path) -> None:
    """A title or menu does not run into the next sentence's context; after <br> and a line break the text
    is on the next source line; a written '&amp;lt;' stays '&lt;' (character references decoded once)."""
    path = tmp_path / "page.html"
    page = ("<html><head><title>시진핑(習近平) 기사</title></head>\n<body><nav>메뉴 홈</nav>\n"
            "<p>첫 문장이다.<br>\n핀둬둬(拼多多)와 &amp;lt;징둥&amp;gt;(京东)</p></body></html>")
    path.write_text(page, encoding="utf-8")
    got = {o.hanzi: (o.line, o.context) for o in extract_file(path).occurrences}
    assert got["習近平"] == (1, "시진핑(習近平) 기사")
    assert got["拼多多"] == (4, "핀둬둬(拼多多)와 &lt;징둥&gt;(京东)")


def test_docx_paragraphs_are_paragraphs(tmp_path) -> None:
    """A heading paragraph does not run into the next sentence; a line break inside a paragraph starts a
    new line (the numbers count lines of text)."""
    path = docx(tmp_path, "<w:p><w:r><w:t>샤오미 신제품 발표</w:t><w:br/><w:t>부제목</w:t></w:r></w:p>"
                          "<w:p><w:r><w:t>레이쥔(雷军)은 말했다.</w:t></w:r></w:p>")
    (occ,) = extract_file(path).occurrences
    assert (occ.line, occ.context) == (3, "레이쥔(雷军)은 말했다.")
