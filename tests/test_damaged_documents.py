"""Damaged documents: downloads that broke off, attachments a mail gateway cut, bytes a disk changed.

For each format the reader takes (txt, docx, html, pdf, hwp, hwpx), seeded truncations and byte flips of a
good document: each copy is read in a process apart, with a time limit, and must give a result
or one line that names the file; never a traceback, a crash or a hang. The counts per format are printed.
Then a folder that mixes good and damaged files: every good file is read, every damaged one is one line,
and the command says some inputs were skipped (exit 3); a batch run logs each damaged file and goes on.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import time
import traceback
from pathlib import Path

import pytest
from conftest import BRIEF, CELLS, printed_pdf
from hwp5_writer import write_hwp, write_hwpx
from typer.testing import CliRunner

from glossary.base.errors import GlossaryError
from glossary.cli import app
from glossary.extraction.reader import open_document

ROOT = Path(__file__).resolve().parent.parent
NEWS = (ROOT / "data" / "samples" / "news-sample.txt").read_text(encoding="utf-8")
MEMOS = {"레이쥔": "마윈(马云)의 메모"}
COPIES = int(os.environ.get("KOZH_FUZZ_COPIES", "400"))  # per format: half truncations, half byte flips
TIME_LIMIT = 20.0  # seconds a damaged copy may take to read (a good one takes well under one)


def _seeds(folder: Path) -> dict[str, Path]:
    """One good document of each format: the news sample's paragraphs, or the brief with a table and a
    memo for the Hancom formats."""
    import docx

    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [p for p in NEWS.split("\n") if p.strip()][:12]
    seeds = {"txt": folder / "news.txt", "html": folder / "news.html", "docx": folder / "news.docx"}
    seeds["txt"].write_text("\n".join(paragraphs), encoding="utf-8")
    seeds["html"].write_text("<!DOCTYPE html><html><head><title>뉴스</title></head><body>"
                             + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>", encoding="utf-8")
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(seeds["docx"]))
    seeds["hwp"] = write_hwp(folder / "brief.hwp", BRIEF, table=CELLS, memos=MEMOS)
    seeds["hwpx"] = write_hwpx(folder / "brief.hwpx", BRIEF, table=CELLS, memos=MEMOS)
    seeds["pdf"] = printed_pdf(folder, "\n".join(paragraphs * 2), "news-pdf", running=False)
    return seeds


def _damaged_copies(data: bytes, rng: random.Random, copies: int) -> list[tuple[str, bytes]]:
    """Truncations at random lengths (the end cut off) and copies with 1 to 16 bytes changed at random."""
    out = []
    for _ in range(copies // 2):
        cut = rng.randrange(1, len(data))
        out.append((f"cut at {cut}", data[:cut]))
    for _ in range(copies - copies // 2):
        changed = bytearray(data)
        places = [rng.randrange(len(data)) for _ in range(rng.randint(1, 16))]
        for at in places:
            changed[at] = rng.randrange(256)
        out.append((f"bytes changed at {places}", bytes(changed)))
    return out


def _read(path: Path) -> dict:
    """What reading a document gives: its lines, a one-line error, or a traceback."""
    try:
        src = open_document(path)
        return {"outcome": "read", "lines": sum(len(block.lines) for block in src.blocks)}
    except GlossaryError as exc:
        return {"outcome": "error", "message": str(exc)}
    except BaseException:
        return {"outcome": "traceback", "message": traceback.format_exc()}


def _serve(conn) -> None:
    """The reading process: reads each path it is sent, answers with what happened."""
    while True:
        path = conn.recv()
        if path is None:
            return
        conn.send(_read(Path(path)))


class Reader:
    """Documents read in a process of their own, with a time limit each: one that takes longer than
    TIME_LIMIT is a hang (the process is killed and another started), one that kills the process is a
    crash (a fault in compiled code)."""

    def __init__(self) -> None:
        self.context = multiprocessing.get_context("fork")  # the parent's modules, imported once
        self.process = None

    def _start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()

    def read(self, path: Path) -> dict:
        if self.process is None or not self.process.is_alive():
            self._start()
        start = time.monotonic()
        self.conn.send(str(path))
        if not self.conn.poll(TIME_LIMIT):
            self.process.kill()
            self.process.join()
            self.process = None
            return {"outcome": "hang", "seconds": TIME_LIMIT}
        try:
            result = self.conn.recv()
        except EOFError:
            self.process.join()
            code, self.process = self.process.exitcode, None
            return {"outcome": "crash", "message": f"the reader died (exit code {code})",
                    "seconds": time.monotonic() - start}
        return {**result, "seconds": time.monotonic() - start}

    def close(self) -> None:
        if self.process is not None:
            self.conn.send(None)
            self.process.join(5)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, Path]:
    found = _seeds(tmp_path_factory.mktemp("seeds"))
    for seed in found.values():  # each reader's modules imported here once, not in every child
        list(open_document(seed).blocks)
    return found


FORMATS = ["txt", "docx", "html", "pdf", "hwp", "hwpx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_damaged_copies_give_a_result_or_one_line_never_a_traceback(fmt, seeds, tmp_path, capsys) -> None:
    seed = seeds[fmt]
    reader = Reader()
    good = reader.read(seed)
    assert good["outcome"] == "read" and good["lines"] > 3, good
    rng = random.Random(f"damaged {fmt} 31")
    counts = {"read": 0, "error": 0, "traceback": 0, "hang": 0, "crash": 0}
    bad, slowest = [], 0.0
    for k, (how, data) in enumerate(_damaged_copies(seed.read_bytes(), rng, COPIES)):
        copy = tmp_path / f"copy{k}{seed.suffix}"
        copy.write_bytes(data)
        result = reader.read(copy)
        counts[result["outcome"]] += 1
        slowest = max(slowest, result["seconds"])
        message = result.get("message", "")
        if result["outcome"] == "error" and ("\n" in message or not message.startswith(str(copy))):
            bad.append((how, "not one line naming the file", message))
        elif result["outcome"] in ("traceback", "hang", "crash"):
            bad.append((how, result["outcome"], message[-2000:]))
        elif fmt in ("txt", "html") and how.startswith("cut") and result["outcome"] != "read":
            bad.append((how, "a cut text is still text: what arrived is read", message))
        copy.unlink()
    reader.close()
    with capsys.disabled():
        print(f"\n  damaged {fmt:4s}: {COPIES} copies: {counts['read']} read, {counts['error']} one-line errors, "
              f"{counts['traceback']} tracebacks, {counts['hang']} hangs, {counts['crash']} crashes "
              f"(slowest {slowest:.2f} s)")
    assert not bad, bad[:3]
    assert counts["error"] > 0  # the damage is real: some copies cannot be read


def test_a_folder_of_good_and_damaged_documents_reads_every_good_one(seeds, tmp_path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    damaged = []
    for fmt, seed in seeds.items():
        shutil.copy(seed, folder / f"good{seed.suffix}")
        if fmt in ("txt", "html"):
            continue  # a cut text is still text
        cut = folder / f"cut{seed.suffix}"
        cut.write_bytes(seed.read_bytes()[: len(seed.read_bytes()) // 2])
        damaged.append(cut.name)
    result = CliRunner().invoke(app, ["extract", str(folder)])
    assert result.exit_code == 3, result.output  # some inputs skipped, the rest read
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert sorted(Path(line.split(": ")[1]).name for line in errors) == sorted(damaged)
    assert "Traceback" not in result.stderr
    docs = {json.loads(line)["doc"] for line in result.stdout.splitlines()}
    assert docs == {f"good{seed.suffix}" for seed in seeds.values()}  # every good file gave its pairs


def test_a_batch_run_logs_each_damaged_file_and_goes_on(seeds, tmp_path) -> None:
    from glossary.batch import pipeline as batch

    docs = tmp_path / "docs"
    docs.mkdir()
    for fmt in ("txt", "pdf", "hwp", "hwpx", "docx"):
        shutil.copy(seeds[fmt], docs / f"good{seeds[fmt].suffix}")
    for fmt in ("pdf", "hwp", "hwpx", "docx"):
        data = seeds[fmt].read_bytes()
        (docs / f"cut{seeds[fmt].suffix}").write_bytes(data[: len(data) * 2 // 3])
    pipe_file = tmp_path / "pipe.toml"
    pipe_file.write_text('[pipeline]\nname = "damaged"\ninputs = ["docs/*"]\noutput = "out"\nworkers = 1\n\n'
                         '[[steps]]\nkind = "extract"\n\n[[steps]]\nkind = "build"\n', encoding="utf-8")
    report = batch.run(batch.load(pipe_file))
    assert report.exit_status() == 3 and report.extracted == 5
    assert sorted(Path(f).name for f, _ in report.failed) == ["cut.docx", "cut.hwp", "cut.hwpx", "cut.pdf"]
    log = [json.loads(line) for line in (tmp_path / "out" / "run.log").open(encoding="utf-8")]
    failed = {Path(e["file"]).name: e["error"] for e in log if e["event"] == "failed"}
    assert set(failed) == {"cut.docx", "cut.hwp", "cut.hwpx", "cut.pdf"}
    assert all("\n" not in error and "damaged or cut short" in error for error in failed.values()), failed
