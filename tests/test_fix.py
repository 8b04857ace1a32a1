"""`glossary fix`: a corrected copy where every deviating spelling (and a writer's slip) becomes the expected
one with its particle chosen again, and the Hanzi come to a name's first mention; the rest byte for byte, in
text, Word, HTML and HWPX; a PDF and an HWP 5 document are said not to be rewritten."""

from __future__ import annotations

import zipfile

import pytest
from conftest import BRIEF, EDITOR_FINDINGS, EDITOR_ISSUE, editor_docx, printed_pdf
from hwp5_writer import write_hwp, write_hwpx
from typer.testing import CliRunner

from glossary.check.checker import check
from glossary.check.fix import fix
from glossary.cli import app
from glossary.extraction.office import hwpx_paragraphs

runner = CliRunner()
EDITOR = EDITOR_ISSUE.read_text(encoding="utf-8")


def test_particles_are_chosen_again_for_the_new_spelling() -> None:
    from glossary.check.fix import reparticle

    assert reparticle("은", "펑젠전") == "은" and reparticle("은", "샤오미") == "는"
    assert reparticle("는", "펑젠전") == "은" and reparticle("과", "샤오미") == "와"
    assert reparticle("를", "레이쥔") == "을" and reparticle("이다", "샤오미") == "다"
    assert reparticle("로", "베이징") == "으로" and reparticle("으로", "서울") == "로"
    assert reparticle("의", "샤오미") == "의"  # no alternation


def test_fix_then_check_leaves_nothing_and_touches_only_the_lines_with_findings(tmp_path) -> None:
    out = tmp_path / "fixed.txt"
    dry = runner.invoke(app, ["fix", str(EDITOR_ISSUE), "-o", str(out), "--dry-run"])
    assert dry.exit_code == 0 and not out.exists()
    assert "-그 뒤 류치앙둥이" in dry.stdout and "+그 뒤 류창둥이" in dry.stdout  # a unified diff
    result = runner.invoke(app, ["fix", str(EDITOR_ISSUE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "류치앙둥 → 류창둥 (inconsistent: expected 류창둥)" in result.stdout  # each change with its reason
    before = EDITOR_ISSUE.read_bytes().split(b"\n")
    after = out.read_bytes().split(b"\n")
    changed = {i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b}
    assert len(before) == len(after) and changed == {f[1] for f in EDITOR_FINDINGS}
    assert after[4].decode().startswith("핀둬둬(拼多多)가 또")  # Hanzi at the first mention
    assert "회의 뒤 펑젠전은" in after[11].decode()
    again = check([out])
    assert not [f for f in again if f.severity in ("error", "warning")]


def test_fix_keeps_the_encoding_and_the_line_endings(tmp_path) -> None:
    src = tmp_path / "old.txt"
    src.write_bytes("제목\r\n레이쥔(雷軍)은 말했다.\r\n레이준(雷軍)과 만났다.\r\n".encode("cp949"))
    out = tmp_path / "new.txt"
    assert runner.invoke(app, ["fix", str(src), "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == "제목\r\n레이쥔(雷軍)은 말했다.\r\n레이쥔(雷軍)과 만났다.\r\n".encode("cp949")


def test_fix_first_only_keeps_one_hanzi_per_name(tmp_path) -> None:
    out = tmp_path / "fixed.txt"
    assert runner.invoke(app, ["fix", str(EDITOR_ISSUE), "-o", str(out), "--hanzi", "first-only"]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    for hanzi in ("拼多多", "雷军", "小米", "彭建真"):
        assert text.count(f"({hanzi})") == 1, hanzi
    assert "징둥(京东)은" in text  # the first mention keeps its Hanzi
    assert not [f for f in check([out]) if f.severity in ("error", "warning")]


def test_fix_a_word_document_run_by_run(tmp_path) -> None:
    import docx

    source = editor_docx(tmp_path / "article.docx")
    out = tmp_path / "fixed.docx"
    assert runner.invoke(app, ["fix", str(source), "-o", str(out)]).exit_code == 0
    fixed = docx.Document(str(out))
    texts = [p.text for p in fixed.paragraphs]
    assert texts[1].endswith("레이쥔(雷军)은 가격도 밝혔다.") and "회의 뒤 펑젠전은" in texts[2]
    assert texts[0] == "중국 산업 주간 동향"
    bold = [r for r in fixed.paragraphs[1].runs if r.bold]
    assert bold and "".join(r.text for r in bold) == "레이쥔(雷军)은 가격도 밝혔다."  # formatting kept
    assert not [f for f in check([out]) if f.severity in ("error", "warning")]


@pytest.mark.parametrize(("body", "old", "new"), [
    ('<p class="lead">레이쥔(雷军)은 <b>샤오미</b> 창업자다.</p>\n<p>레이준(雷军)과 기자들.</p>',
     "레이준(雷军)과", "레이쥔(雷军)과"),  # a deviating spelling, replaced in the source
    ("<p>핀둬둬가 <i>또</i> 성장했다.</p>\n<p>핀둬둬(拼多多)의 해외 사업.</p>",
     "핀둬둬가", "핀둬둬(拼多多)가"),  # the Hanzi added at the first mention
])
def test_fix_an_html_page_in_its_source(tmp_path, body: str, old: str, new: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(f"<html><body>\n{body}\n</body></html>\n", encoding="utf-8")
    out = tmp_path / "fixed.html"
    assert runner.invoke(app, ["fix", str(page), "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == page.read_text(encoding="utf-8").replace(old, new, 1)
    assert not [f for f in check([out]) if f.severity in ("error", "warning")]


def test_bad_input_to_fix_and_annotate_is_one_clear_line(tmp_path) -> None:
    doc = tmp_path / "issue.txt"
    doc.write_bytes(EDITOR_ISSUE.read_bytes())
    same = runner.invoke(app, ["fix", str(doc), "-o", str(doc)])
    assert same.exit_code == 2 and "writes a copy" in same.stderr and doc.read_bytes() == EDITOR_ISSUE.read_bytes()
    wrong = runner.invoke(app, ["check", str(doc), "--annotate", str(tmp_path / "out.docx")])
    assert wrong.exit_code == 2 and "exactly one .docx" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    gone = runner.invoke(app, ["fix", str(empty), "-o", str(tmp_path / "x.txt")])
    assert gone.exit_code == 2 and "empty file" in gone.stderr
    assert runner.invoke(app, ["fix", str(doc), "-o", str(tmp_path / "y.txt"), "--hanzi", "some"]).exit_code == 2


def test_fix_corrects_a_slip_and_its_particle(tmp_path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("샤오미(小米)의 레이쥔(雷军) 회장이 말했다.\n"
                   "레이준과 리커창(李克强) 총리가 만났다. 리커찬은 웃었다.\n", encoding="utf-8")
    out = tmp_path / "fixed.txt"
    fix([doc], out)
    assert out.read_text(encoding="utf-8").splitlines()[1] == "레이쥔과 리커창(李克强) 총리가 만났다. 리커창은 웃었다."


def test_fix_writes_a_corrected_hwpx_and_says_a_pdf_is_not_rewritten(tmp_path) -> None:
    doc = write_hwpx(tmp_path / "brief.hwpx", ["샤오미(小米) 창업자 레이쥔(雷军)은 신제품을 공개했다.",
                                          "레이준(雷军)은 가격도 밝혔다. 펑젠전(彭建真)과 펭지엔전(彭建真)도 왔다."])
    out = tmp_path / "fixed.hwpx"
    result = runner.invoke(app, ["fix", str(doc), "-o", str(out)])
    assert result.exit_code == 0, result.output

    assert hwpx_paragraphs(out) == ["샤오미(小米) 창업자 레이쥔(雷军)은 신제품을 공개했다.",
                                    "레이쥔(雷军)은 가격도 밝혔다. 펑젠전(彭建真)과 펑젠전(彭建真)도 왔다."]
    with zipfile.ZipFile(doc) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist() and b.infolist()[0].compress_type == zipfile.ZIP_STORED
        assert a.read("Contents/content.hpf") == b.read("Contents/content.hpf")  # the rest byte for byte
        before, after = a.read("Contents/section0.xml").decode(), b.read("Contents/section0.xml").decode()
    assert before.replace("레이준", "레이쥔").replace("펭지엔전", "펑젠전") == after  # only the text changed
    assert check([out]) == [] or all(f.severity == "info" for f in check([out]))
    pdf = printed_pdf(tmp_path, EDITOR, "issue")
    result = runner.invoke(app, ["fix", str(pdf), "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if line.startswith("note:")] == [
        f"note: {pdf}: a PDF is not rewritten by fix; correct the document it was made from, or mark this one "
        "with check --annotate"]
    assert not (tmp_path / "out.pdf").exists()


def test_fix_says_an_hwp5_is_not_rewritten(tmp_path) -> None:
    hwp = write_hwp(tmp_path / "brief.hwp", BRIEF)
    result = runner.invoke(app, ["fix", str(hwp), "-o", str(tmp_path / "out.hwp")])
    assert result.exit_code == 0 and not (tmp_path / "out.hwp").exists()
    assert f"note: {hwp}: an HWP 5 document is not rewritten by fix; save it as .hwpx in Hancom Office and fix " \
           "that" in result.stderr


def test_a_slip_written_again_without_its_hanzi_on_the_same_line_is_found_and_fixed(tmp_path) -> None:
    """레이준(雷军)은 … 레이준은 on one line: the plain mention is a slip of its own, at its own column (the rules
    over the mention with Hanzi judge only that one), and fix corrects both; a mention glossed otherwise
    (레이준(Lei Jun, 雷军)) or with a title before its Hanzi (레이준 회장(雷军)) is not taken for a plain one."""
    doc = tmp_path / "a.txt"
    doc.write_text("샤오미(小米) 창업자 레이쥔(雷军)은 신제품을 공개했다. 레이쥔은 가격을 밝혔다.\n\n"
                   "이어 레이준(雷军)은 말했다. 레이준은 웃었다.\n\n레이준(Lei Jun, 雷军)은 떠났다.\n\n"
                   "레이준 회장(雷军)은 돌아왔다.\n\n레이준과 만난 뒤 레이준 회장(雷军)은 웃었다.\n", encoding="utf-8")
    found = sorted((f.line, f.col, f.kind) for f in check([doc]) if f.korean == "레이준")
    assert [f for f in found if f[0] == 3] == [(3, 4, "inconsistent"), (3, 18, "inconsistent")]
    assert len([f for f in found if f[0] == 5]) == len([f for f in found if f[0] == 7]) == 1, found
    # the plain one at its place, the one with Hanzi (a title between) at its own: not both at the first
    assert [f[1] for f in found if f[0] == 9] == [1, len("레이준과 만난 뒤 ") + 1]
    out = tmp_path / "fixed.txt"
    assert runner.invoke(app, ["fix", str(doc), "-o", str(out)]).exit_code == 0
    assert "레이준" not in out.read_text(encoding="utf-8").split("\n")[2]
