"""Reading documents: encodings, formats, bad input."""

from __future__ import annotations

import zipfile

import pytest
from typer.testing import CliRunner

from glossary.base.errors import GlossaryError
from glossary.cli import app
from glossary.extraction import reader
from glossary.extraction.extract import extract_file

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
