"""Shared fixtures. ../shared holds the seed corpus and gold; CI sets KOZH_REQUIRE_SHARED=1 so a
missing ../shared fails there instead of skipping."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KOZH_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "corpus" / "kic-china-195.txt"
GOLD = SHARED / "gold" / "kic195.pairs.jsonl"
SCORER = SHARED / "tools" / "score_pairs.py"
SAMPLES = ROOT / "data" / "samples"
EDITOR_ISSUE = SAMPLES / "editor-issue.txt"
# The planted problems of the editor's test issue (data/samples/editor-issue.txt), and why each is true.
EDITOR_FINDINGS = {
    ("editor-issue.txt", 5, "warning", "hanzi-late", "핀둬둬", "핀둬둬(拼多多)"),  # 핀둬둬가 … before 핀둬둬(拼多多)
    ("editor-issue.txt", 7, "error", "inconsistent", "류치앙둥", "류창둥"),  # no Hanzi; 치앙 spells 창 in two
    ("editor-issue.txt", 11, "error", "inconsistent", "레이준", "레이쥔"),  # with Hanzi, a variant of 레이쥔
    ("editor-issue.txt", 12, "error", "inconsistent", "펭지엔전", "펑젠전"),  # no Hanzi; the official is 펑젠전
}
# a short document of names, as paragraphs and table cells, for the document formats (HWP 5, HWPX, PDF)
BRIEF = ["샤오미(小米) 창업자 레이쥔(雷军)은 신제품을 공개했다.",
         "레이준(雷军)은 가격도\t밝혔다. 펑젠전(彭建真)과 펭지엔전(彭建真)도 왔다."]
CELLS = ["징둥(京东)", "핀둬둬(拼多多) 펭지엔전"]


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SEED.exists() and GOLD.exists() and SCORER.exists()):
        if os.environ.get("KOZH_REQUIRE_SHARED") == "1":
            pytest.fail(f"../shared is required here (KOZH_REQUIRE_SHARED=1) but {SHARED} is incomplete")
        pytest.skip(f"needs ../shared (not found at {SHARED})")
    return SHARED


def usage_error(result) -> str:
    """The message of a usage error (exit 2) that the command line refused, whatever box it was drawn in."""
    assert result.exit_code == 2, result.output
    return " ".join(result.stderr.translate(str.maketrans("", "", "│╭╮╰╯─")).split())


def editor_docx(path: Path) -> Path:
    """A Word document with the editors' usual problems: a variant with Hanzi in a bold run, a variant without."""
    import docx

    d = docx.Document()
    d.add_paragraph("중국 산업 주간 동향")
    p = d.add_paragraph("샤오미(小米) 창업자 레이쥔(雷军)은 신제품을 공개했다. ")
    run = p.add_run("레이준(雷军)은 가격도 밝혔다.")
    run.bold = True
    d.add_paragraph("펑젠전(彭建真) 비서장은 회의를 열었다. 회의 뒤 펭지엔전은 기자들과 만났다.")
    d.save(str(path))
    return path


def need_tool(*names: str, package: str) -> str:
    """A system tool's path; skipped where it is missing (a user's machine), failed in CI (KOZH_REQUIRE_TOOLS=1,
    where .ci/run installs ``package``)."""
    for name in names:
        if path := shutil.which(name):
            return path
    if os.environ.get("KOZH_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{names[0]} is required here (KOZH_REQUIRE_TOOLS=1) but not installed")
    pytest.skip(f"{names[0]} is not installed here ({package}; .ci/run installs it)")


def printed_pdf(folder: Path, text: str, name: str, columns: int = 1, running: bool = True) -> Path:
    """A Word file of the text's paragraphs (with a running head and a footer unless ``running`` is off),
    printed to PDF by LibreOffice: compressed streams, embedded CJK fonts, as PDFs come."""
    import docx
    from docx.oxml.ns import qn

    office = need_tool("soffice", "libreoffice", package="libreoffice-writer-nogui")
    d = docx.Document()
    section = d.sections[0]
    if running:
        section.header.paragraphs[0].text = "중국 산업 주간 동향 제195호"
        section.footer.paragraphs[0].text = "KIC 중국 뉴스레터"
    if columns > 1:
        cols = section._sectPr.find(qn("w:cols"))
        if cols is None:
            cols = section._sectPr.makeelement(qn("w:cols"), {})
            section._sectPr.append(cols)
        cols.set(qn("w:num"), str(columns))
    for para in text.split("\n"):
        if para.strip():
            d.add_paragraph(para)
    source = folder / f"{name}.docx"
    d.save(str(source))
    result = subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                            capture_output=True, timeout=240)
    pdf = folder / f"{name}.pdf"
    if not pdf.exists():
        pytest.fail(f"LibreOffice made no PDF: {result.stderr.decode(errors='replace')[-300:]}")
    return pdf


def kill_run_when(cmd: list[str], cwd: Path, ready, timeout: float = 120) -> None:
    """Start ``cmd`` in ``cwd`` and kill its whole process group (as an out-of-memory killer or a power cut
    would) as soon as ``ready()`` holds; fail if it finishes first."""
    import signal
    import sys
    import time

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "glossary", *cmd], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + timeout
    while time.time() < deadline and not ready() and proc.poll() is None:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail("the run finished before it could be killed; make the corpus larger")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
