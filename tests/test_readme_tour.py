"""The README as a new user meets it: its two set-up commands, and its recipes run as written.

The README marks each copyable block with an HTML comment (`<!-- setup: NAME -->`, `<!-- tour: NAME -->`)
that GitHub does not show. The tour runs every command of the recipes, in order, in a temporary folder
holding the bundled samples, with the installed `glossary` on the PATH; a command's expected exit status
is the `# exit N` of its comment, else 0. Between exporting and importing the term sheet, the test does
what the README tells a reviewer to do in Excel: approve the entry of 雷军 on the Entries sheet. So the
README cannot drift from the tool, nor its links from the docs/ pages they name.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
BLOCK = re.compile(r"<!-- (setup|tour): ([\w-]+) -->\n```sh\n(.*?)```", re.S)
COMMENT = re.compile(r"\s+#\s.*$")
EXIT = re.compile(r"#\s*exit (\d)")


@dataclass
class Command:
    line: str  # the command as a user types it, without its comment
    expect: int  # the exit status the README promises


@dataclass
class Block:
    kind: str
    name: str
    commands: list[Command]


def readme_blocks() -> list[Block]:
    blocks = []
    for kind, name, body in BLOCK.findall(README.read_text(encoding="utf-8")):
        commands = []
        for raw in body.splitlines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            expect = EXIT.search(raw)
            commands.append(Command(COMMENT.sub("", raw).strip(), int(expect.group(1)) if expect else 0))
        blocks.append(Block(kind, name, commands))
    return blocks


def test_two_set_up_commands_and_ci_runs_the_readme_test_command() -> None:
    setup = [b for b in readme_blocks() if b.kind == "setup"]
    assert [b.name for b in setup] == ["main", "tests"]
    assert all(len(b.commands) == 1 for b in setup)
    main, tests = (b.commands[0].line for b in setup)
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.startswith("#")]
    assert ci[-1] == tests  # .ci/run calls exactly the README's test command
    steps = main.split(" && ")
    assert steps[0] == "python3 -m venv .venv" and steps[-1] == "glossary run pipelines/weekly.toml"
    assert "pip install -q -e ." in steps  # the main job needs no extra


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}


def test_the_readme_is_short_and_every_link_leads_somewhere() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 200
    pages = sorted(DOCS.glob("*.md"))
    assert {p.name for p in pages} >= {"how-it-works.md", "formats.md", "transliteration.md", "benchmarks.md",
                                       "types-and-origins.md", "glossary-and-review.md", "check.md",
                                       "batch-and-scale.md"}
    for page in [README, *pages]:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.name}: {target}"
            if anchor:
                assert anchor in _anchors(linked), f"{page.name}: {target}"
    linked_from_readme = set(re.findall(r"\(docs/([\w-]+\.md)", text))
    assert linked_from_readme == {p.name for p in pages}
    for page in [README, *pages]:  # the files a page names by path are there (tests, scripts, benches, tables)
        for path in re.findall(r"`((?:tests|scripts|bench|data|pipelines|notebooks)/[\w./-]+\.\w+)`",
                               page.read_text(encoding="utf-8")):
            assert (ROOT / path).exists(), f"{page.name}: {path}"


def test_each_design_page_is_named_by_the_modules_it_describes() -> None:
    named: dict[str, list[str]] = {}
    for module in [*ROOT.joinpath("glossary").rglob("*.py"), *ROOT.joinpath("bench").glob("*.py")]:
        for page in re.findall(r"^(?:Design|Figures): docs/([\w-]+\.md)$", module.read_text(encoding="utf-8"),
                               flags=re.M):
            named.setdefault(page, []).append(module.name)
    assert set(named) == {p.name for p in DOCS.glob("*.md")}
    assert all((DOCS / page).exists() for page in named)


def test_the_batch_page_shows_the_bundled_pipeline_file() -> None:
    page = (DOCS / "batch-and-scale.md").read_text(encoding="utf-8")
    shown = re.search(r"```toml\n(.*?)```", page, re.S).group(1)
    assert shown in (ROOT / "pipelines" / "weekly.toml").read_text(encoding="utf-8")


# What each command of the tour must leave behind, beyond its exit status. Each check is used at least once.

def _entries(sheet: Path) -> dict[str, dict]:
    ws = openpyxl.load_workbook(sheet, read_only=True)["Entries"]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    return {row[0]: dict(zip(header, row)) for row in rows if row[0]}


def _docx_text(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def check_run(tmp: Path, out: str, state: dict) -> None:
    counts = re.search(r"(\d+) extracted, (\d+) from cache, (\d+) failed", out)
    assert counts, out
    extracted, cached, failed = map(int, counts.groups())
    assert failed == 0 and extracted + cached == 4
    if state.setdefault("runs", 0):
        assert extracted == 0  # run again: nothing extracted twice
    state["runs"] += 1
    assert len(_entries(tmp / "out" / "weekly" / "terms.xlsx")) > 100
    assert (tmp / "out" / "weekly" / "run.log").read_text(encoding="utf-8").count('"event": "end"') == state["runs"]


def check_build(tmp: Path, out: str, state: dict) -> None:
    assert "4 documents added" in out and (tmp / "glossary.db").exists()


def check_export(tmp: Path, out: str, state: dict) -> None:
    entries = _entries(tmp / "terms.xlsx")
    assert len(entries) > 100
    assert entries["雷军"]["Recommended Korean"] == "레이쥔" and entries["雷军"]["Status"] == "candidate"
    tbx = ElementTree.parse(tmp / "terms.tbx").getroot()
    assert sum(1 for e in tbx.iter() if e.tag.endswith("termEntry") or e.tag.endswith("conceptEntry")) > 100


def review_in_excel(tmp: Path) -> None:
    """What the README asks of a reviewer: on Entries, the row of 雷军, Status → approved, a note, save."""
    wb = openpyxl.load_workbook(tmp / "terms.xlsx")
    ws = wb["Entries"]
    header = [c.value for c in ws[1]]
    hanzi, status, note = (header.index(h) for h in ("Hanzi", "Status", "Reviewer note"))
    row = next(r for r in ws.iter_rows(min_row=2) if r[hanzi].value == "雷军")
    row[status].value = "approved"
    row[note].value = "샤오미 창업자"
    wb.save(tmp / "terms.xlsx")


def check_import(tmp: Path, out: str, state: dict) -> None:
    assert "雷军: status 'candidate' → 'approved'" in out


def check_show(tmp: Path, out: str, state: dict) -> None:
    first = out.splitlines()[0]
    assert "雷军" in first and "레이쥔" in first and "[approved]" in first
    assert "note: 샤오미 창업자" in out and "by kim" in out  # who decided, from which sheet


def check_check(tmp: Path, out: str, state: dict) -> None:
    assert out.splitlines()[-1] == "3 errors, 1 warning, 1 note in 1 document"
    # with the glossary, 레이준 is not the approved spelling any more, not just another one
    assert re.search(r"editor-issue\.docx:11:\d+: error not-approved: 레이준 .*\(expected 레이쥔\)", out)


def check_report(tmp: Path, out: str, state: dict) -> None:
    import docx

    html = (tmp / "report.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "레이준" in html and "펭지엔전" in html
    comments = list(docx.Document(str(tmp / "checked.docx")).comments)
    assert len(comments) == 4  # 3 errors and 1 warning; the note gets none
    assert any("레이준" in c.text and "레이쥔" in c.text for c in comments)
    assert _docx_text(tmp / "checked.docx") == _docx_text(tmp / "data" / "documents" / "editor-issue.docx")


def check_fix(tmp: Path, out: str, state: dict) -> None:
    before = _docx_text(tmp / "data" / "documents" / "editor-issue.docx")
    after = _docx_text(tmp / "fixed.docx")
    assert len(after) == len(before)
    text = "\n".join(after)
    assert not {"레이준", "펭지엔전", "류치앙둥"} & set(re.findall(r"[가-힣]+", text))
    assert "핀둬둬(拼多多)가" in text and "펑젠전은" in text  # Hanzi at the first mention; the particle fits


def check_fixed(tmp: Path, out: str, state: dict) -> None:
    assert out.splitlines()[-1] == "0 errors, 0 warnings, 1 note in 1 document"


def check_cat(tmp: Path, out: str, state: dict) -> None:
    assert tomllib.loads(out)["pipeline"]["name"] == "weekly"


CHECKS = [
    (r"^glossary run pipelines/weekly\.toml", check_run),
    (r"^glossary build ", check_build),
    (r"^glossary export .*--xlsx terms\.xlsx", check_export),
    (r"^glossary import terms\.xlsx", check_import),
    (r"^glossary show 雷军", check_show),
    (r"^glossary check data/documents/editor-issue\.docx --db glossary\.db$", check_check),
    (r"^glossary check .*--html report\.html --annotate checked\.docx", check_report),
    (r"^glossary fix data/documents/editor-issue\.docx .*-o fixed\.docx", check_fix),
    (r"^glossary check fixed\.docx", check_fixed),
    (r"^cat pipelines/weekly\.toml$", check_cat),
]
BEFORE = {"translator-import": review_in_excel}  # what the README asks the user to do by hand first


def _pip_extra(line: str) -> None:
    """An install line of a recipe: it must name an extra the project defines, and that the tests have."""
    extra = re.fullmatch(r"pip install -q -e '\.\[(\w+)\]'", line)
    assert extra, line
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    assert extra.group(1) in extras
    assert set(extras[extra.group(1)]) <= set(extras["test"])  # installed with the tests: not run again here


def test_the_tour_runs_as_written_on_the_bundled_samples(tmp_path) -> None:
    glossary = Path(sys.executable).parent / "glossary"
    if not glossary.exists():
        pytest.fail(f"the glossary command is not installed beside {sys.executable}")
    for part in ("pipelines", "data/samples", "data/documents"):
        shutil.copytree(ROOT / part, tmp_path / part)
    env = {**os.environ, "PATH": f"{glossary.parent}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "120"}
    blocks = readme_blocks()
    main = next(b for b in blocks if b.name == "main").commands[0].line
    commands = [(None, Command(step, 0)) for step in main.split(" && ") if step.startswith("glossary ")]
    tour = [b for b in blocks if b.kind == "tour"]
    assert [b.name for b in tour] == ["translator-build", "translator-import", "editor", "batch"]
    commands += [(b.name, c) for b in tour for c in b.commands]

    used, state, ran = set(), {}, []
    for block, command in commands:
        if block in BEFORE and block not in ran:
            BEFORE[block](tmp_path)
            ran.append(block)
        if command.line.startswith("pip install"):
            _pip_extra(command.line)
            continue
        result = subprocess.run(command.line, shell=True, executable="/bin/bash", cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=600)
        out = result.stdout + result.stderr
        assert result.returncode == command.expect, f"{command.line}\n{out}"
        for pattern, check in CHECKS:
            if re.search(pattern, command.line):
                check(tmp_path, result.stdout if check in (check_check, check_fixed, check_cat, check_show)
                      else out, state)
                used.add(check.__name__)
    assert used == {check.__name__ for _, check in CHECKS}  # no step of the tour went missing
    assert state["runs"] == 4  # the set-up's run, the batch recipe's two and its Dask run
