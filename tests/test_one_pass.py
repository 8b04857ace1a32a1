"""One pass over an archive: the check reads the run's cache (no document extracted twice) and searches
mentions per document in workers; the same findings in one process, in worker processes and on Dask;
a killed run resumes to the same glossary and findings; the run shows where it is, on standard error
only, and says where the time went."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import kill_run_when

from glossary.base.workers import Workers
from glossary.batch import pipeline as batch
from glossary.check import checker, search, spooling
from glossary.check.checker import check
from glossary.termbase.cache import CachedSource

PARAGRAPHS = [
    "펑젠전(彭建真) 비서장은 회의를 열었다. 회의 뒤 펭지엔전은 기자들과 만났다.",
    "샤오미(小米) 창업자 레이쥔(雷军)은 신제품을 공개했다. 레이준(雷军)은 가격도 밝혔다.",
    "징둥(京东)과 핀둬둬(拼多多)가 경쟁한다. 핀둬둬는 농촌 시장에서 강하다.",
    "배우 장궈룽(张国荣)이 출연했다. 팬들은 장국영(张国荣)을 기억한다.",
    "화웨이(华为)는 선전(深圳)에 본사를 둔다. 화웨이는 새 칩을 내놓았다.",
]


def corpus(folder: Path, docs: int = 10, repeat: int = 3) -> None:
    folder.mkdir(parents=True)
    for i in range(docs):
        paras = [PARAGRAPHS[(i + j) % len(PARAGRAPHS)] for j in range(3)] * repeat
        (folder / f"doc{i:02d}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")


def pipeline(base: Path, engine: str = "local", workers: int = 2) -> Path:
    path = base / "pipe.toml"
    path.write_text(f'[pipeline]\nname = "t"\ninputs = ["docs/*.txt"]\noutput = "out"\nworkers = {workers}\n'
                    f'engine = "{engine}"\n\n[[steps]]\nkind = "extract"\n\n[[steps]]\nkind = "build"\n\n'
                    '[[steps]]\nkind = "check"\noutput = "out/check.jsonl"\nfail_on = "never"\n\n'
                    '[[steps]]\nkind = "export"\njsonl = "out/entries.jsonl"\nxlsx = "out/terms.xlsx"\n',
                    encoding="utf-8")
    return path


def findings_of(base: Path) -> list[dict]:
    rows = [json.loads(line) for line in (base / "out" / "check.jsonl").open(encoding="utf-8")]
    for r in rows:
        r["path"] = Path(r["path"]).name  # the same documents in another folder
    return rows


def sheet_of(base: Path) -> list[tuple]:
    import openpyxl

    wb = openpyxl.load_workbook(base / "out" / "terms.xlsx")
    return [tuple(c.value for c in row) for name in ("Entries", "Variants") for row in wb[name].iter_rows()]


def test_the_check_reads_the_cache_and_extracts_nothing_again(tmp_path, monkeypatch) -> None:
    corpus(tmp_path / "docs", docs=3, repeat=1)
    report = batch.run(batch.load(pipeline(tmp_path, workers=1)))
    assert report.exit_status() == 0
    expected = findings_of(tmp_path)
    assert any(f["kind"] == "inconsistent" for f in expected)

    def no_extraction(*args, **kwargs):
        raise AssertionError("a document was extracted again")

    monkeypatch.setattr(search, "stream_file", no_extraction)
    import glossary.termbase.cache as cache

    monkeypatch.setattr(cache, "stream_file", no_extraction)
    pipe = batch.load(tmp_path / "pipe.toml")
    files = pipe.files()
    from glossary.termbase.store import Store, file_sha256

    source = CachedSource(pipe.cache, {str(p): file_sha256(p) for p in files})
    with Store(pipe.db) as store:
        got = check(files, store, source=source)
    assert [(f.kind, f.doc, f.line, f.col, f.korean) for f in got] == [
        (f["kind"], f["doc"], f["line"], f["col"], f["korean"]) for f in expected]


def test_the_same_findings_in_one_process_in_workers_and_on_dask(tmp_path) -> None:
    pytest.importorskip("dask.distributed")
    runs = {}
    for name, engine, workers in (("one", "local", 1), ("pool", "local", 2), ("dask", "dask", 2)):
        base = tmp_path / name
        corpus(base / "docs")  # ten documents: the check runs in workers from eight on
        report = batch.run(batch.load(pipeline(base, engine, workers)))
        assert report.exit_status() == 0
        runs[name] = (findings_of(base), sheet_of(base))
    assert runs["one"][0] and runs["one"] == runs["pool"] == runs["dask"]


def test_the_export_runs_beside_the_check_and_writes_what_it_writes_in_turn(tmp_path, monkeypatch) -> None:
    """With workers, the export step runs in its own process while the check runs (batch.alongside): the
    same workbook and entries as a run of one process, its stages in the run's figures (their CPU the
    export process's), its log event; a failing export fails the run in one line, the check's output
    written all the same."""
    from glossary.base.errors import GlossaryError
    from glossary.batch import alongside

    started = []

    class Recorded(alongside.Alongside):
        def __init__(self, *args, **kwargs) -> None:
            started.append(args[2])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(batch, "Alongside", Recorded)
    outputs = {}
    for name, workers in (("turn", 1), ("beside", 2)):
        base = tmp_path / name
        corpus(base / "docs")
        report = batch.run(batch.load(pipeline(base, workers=workers)))
        assert report.exit_status() == 0
        outputs[name] = (sheet_of(base), (base / "out" / "entries.jsonl").read_text(encoding="utf-8"),
                         [Path(p).name for p in report.outputs])
        stages = {s["name"]: s for s in report.stages}
        assert {"export: tables", "export: xlsx", "check: mentions"} <= stages.keys()
        log = [json.loads(line)["event"] for line in (base / "out" / "run.log").open(encoding="utf-8")]
        assert "exported" in log and "checked" in log
    assert started == [{"kind": "export", "jsonl": "out/entries.jsonl", "xlsx": "out/terms.xlsx"}]
    assert outputs["turn"] == outputs["beside"]
    assert outputs["beside"][2] == ["run-1.jsonl.gz", "check.jsonl", "terms.xlsx", "entries.jsonl"]

    said = {}
    for name in ("turn", "beside"):
        base = tmp_path / name
        (base / "out" / "terms.xlsx").unlink()
        (base / "out" / "terms.xlsx").mkdir()  # the workbook cannot be written
        (base / "out" / "check.jsonl").unlink()
        with pytest.raises(GlossaryError) as failed:
            batch.run(batch.load(base / "pipe.toml"))
        said[name] = str(failed.value).replace(str(base), "")
        assert (base / "out" / "check.jsonl").stat().st_size > 0
    assert said["turn"] == said["beside"] == "/out/terms.xlsx: cannot write (Is a directory)"


def test_the_checks_workers_yield_the_cpu_to_the_export_beside_it(tmp_path, monkeypatch) -> None:
    """With an export beside the check, the check's workers run YIELD_TO_EXPORT steps below the run's
    priority (after the build the machine is busy to its last core: the export ends sooner, and the
    check's workers take every cycle it leaves); a check with no export beside it runs at the run's own."""
    pool = Workers(2)
    pool.start(nice=3)
    try:
        assert {pool._pool.submit(os.nice, 0).result() for _ in range(6)} == {min(19, os.nice(0) + 3)}
    finally:
        pool.close()

    asked: list[int] = []
    real_start = Workers.start

    def start(self, warm=None, nice: int = 0) -> None:
        asked.append(nice)
        real_start(self, warm, nice)

    monkeypatch.setattr(Workers, "start", start)
    for name, export in (("beside", True), ("alone", False)):
        base = tmp_path / name
        corpus(base / "docs")
        pipe = pipeline(base)
        if not export:
            text = pipe.read_text(encoding="utf-8")
            pipe.write_text(text[:text.index("\n[[steps]]\nkind = \"export\"")], encoding="utf-8")
        asked.clear()
        assert batch.run(batch.load(pipe)).exit_status() == 0
        assert asked[0] == (batch.YIELD_TO_EXPORT if export else 0), name  # started beside the build
        assert (base / "out" / "terms.xlsx").exists() == export


def test_a_failed_check_ends_the_export_beside_it_and_its_half_written_workbook(tmp_path) -> None:
    """The run's check failed while the export ran beside it: the export's process ends, the workbook it
    was writing beside its path goes, and the workbook already at the path stays as it was."""
    from glossary.base.progress import Quiet
    from glossary.batch.alongside import Alongside

    corpus(tmp_path / "docs", docs=2, repeat=1)
    batch.run(batch.load(pipeline(tmp_path, workers=1)))
    sheet = tmp_path / "out" / "terms.xlsx"
    before = sheet.read_bytes()
    events = []
    export = Alongside(tmp_path / "out" / "glossary.db", tmp_path, {"kind": "export", "xlsx": "out/terms.xlsx"},
                       Quiet(), lambda event, **fields: events.append(event))
    sheet.with_name("terms.xlsx.part").write_bytes(b"half")  # as if it had begun writing
    export.stop()
    assert not export.process.is_alive() and export.process.exitcode is not None
    assert not sheet.with_name("terms.xlsx.part").exists()
    assert sheet.read_bytes() == before


def test_the_names_read_beside_the_build_give_the_findings_read_in_turn(tmp_path, monkeypatch) -> None:
    """With workers, the check's names are read in a process of their own while the glossary is built
    (batch.names_beside): the check's output is byte for byte the one of the names read in turn, and the
    names' stage began before the build ended (in turn: after the refresh)."""
    from contextlib import contextmanager

    from glossary.base.progress import Quiet

    opened: list[str] = []

    class Seen(Quiet):
        @contextmanager
        def stage(self, name, total=None, unit="documents"):
            opened.append(name)
            with super().stage(name, total, unit) as s:
                yield s

    add_document = batch.add_document

    def waiting(*args, **kwargs):  # the build goes on once the names' stage has begun (a process starts slowly)
        deadline = time.time() + 60
        while batch.NAMES_BESIDE_BUILD and "check: names" not in opened and time.time() < deadline:
            time.sleep(0.05)
        return add_document(*args, **kwargs)

    monkeypatch.setattr(batch, "add_document", waiting)
    runs = {}
    for name, beside in (("turn", False), ("beside", True)):
        monkeypatch.setattr(batch, "NAMES_BESIDE_BUILD", beside)
        opened.clear()
        base = tmp_path / name
        corpus(base / "docs")
        report = batch.run(batch.load(pipeline(base, workers=2)), stages=Seen())
        assert report.exit_status() == 0
        stages = {s["name"]: s for s in report.stages}
        build_end = stages["build"]["start_s"] + stages["build"]["wall_s"]
        refresh_end = stages["refresh"]["start_s"] + stages["refresh"]["wall_s"]
        names = stages["check: names"]
        assert names["done"] == 10
        assert (names["start_s"] < build_end) if beside else (names["start_s"] >= refresh_end - 0.02)  # rounded
        assert ("mentions" in names) == beside  # what was handed to the check, and its size
        runs[name] = ((base / "out" / "check.jsonl").read_text(encoding="utf-8").replace(str(base), ""),
                      sheet_of(base))
    assert runs["turn"][0].count("\n") > 10
    assert runs["turn"] == runs["beside"]


def test_a_failing_build_ends_the_names_reader_beside_it(tmp_path, monkeypatch) -> None:
    """The build failed while the names were read beside it: the run fails with the build's error, the
    names' process ends and its files are closed (they have no name on disk)."""
    from glossary.base.errors import GlossaryError
    from glossary.batch import names_beside

    started = []

    class Recorded(names_beside.NamesBeside):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    def failing(*args, **kwargs):
        time.sleep(0.5)  # the names' process has started
        raise GlossaryError("the disk is full")

    monkeypatch.setattr(batch, "NamesBeside", Recorded)
    monkeypatch.setattr(batch, "add_document", failing)
    corpus(tmp_path / "docs")
    with pytest.raises(GlossaryError, match=r"^the disk is full$"):
        batch.run(batch.load(pipeline(tmp_path, workers=2)))
    [helper] = started
    assert not helper.process.is_alive() and helper.process.exitcode is not None
    assert helper.mentions.closed and helper.tally.closed


def test_a_names_reader_that_fails_fails_the_run_in_one_line(tmp_path, monkeypatch) -> None:
    """The names' process was killed (as an out-of-memory killer would): the run fails in one line that
    says so once the glossary is built; the glossary is whole, and a run again checks it."""
    import signal

    from glossary.base.errors import GlossaryError
    from glossary.batch import names_beside

    class Killed(names_beside.NamesBeside):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            os.kill(self.process.pid, signal.SIGKILL)

    monkeypatch.setattr(batch, "NamesBeside", Killed)
    corpus(tmp_path / "docs")
    with pytest.raises(GlossaryError) as failed:
        batch.run(batch.load(pipeline(tmp_path, workers=2)))
    assert str(failed.value) == f"the names reader stopped (exit code {-signal.SIGKILL})"
    assert not (tmp_path / "out" / "check.jsonl").exists()
    monkeypatch.undo()
    report = batch.run(batch.load(tmp_path / "pipe.toml"))
    assert report.exit_status() == 0 and report.build.occurrences == 0  # built already: nothing new
    assert findings_of(tmp_path)


def test_an_export_output_that_cannot_be_written_is_one_line(tmp_path) -> None:
    """Every format of the export step, not only the workbook: a folder where the entries' JSON lines
    should go fails the step with one line that names the path, not a traceback."""
    from glossary.base.errors import GlossaryError
    from glossary.base.progress import Quiet
    from glossary.batch.export_step import export_step

    corpus(tmp_path / "docs", docs=2, repeat=1)
    batch.run(batch.load(pipeline(tmp_path, workers=1)))
    (tmp_path / "out" / "entries.jsonl").unlink()
    (tmp_path / "out" / "entries.jsonl").mkdir()
    with pytest.raises(GlossaryError) as failed:
        export_step(tmp_path / "out" / "glossary.db", tmp_path, {"kind": "export", "jsonl": "out/entries.jsonl"},
                    Quiet(), lambda event, **fields: None)
    assert str(failed.value) == f"{(tmp_path / 'out' / 'entries.jsonl').resolve()}: cannot write (Is a directory)"


def test_workers_keep_the_order_of_the_jobs() -> None:
    got = list(Workers(2).map(_square_plus, 10, [(i,) for i in range(30)]))
    assert got == [i * i + 10 for i in range(30)]


def _square_plus(shared: int, i: int) -> int:
    time.sleep(0.01 * (i % 3))  # finished out of order
    return i * i + shared


def test_workers_prepare_what_their_jobs_share_before_the_first_job(tmp_path) -> None:
    """Workers.prepare has each worker build from ``shared`` what its jobs reuse while the caller goes on
    (before any job is given), the jobs then use it, and the shared file is removed when the pool closes,
    also when no job ever ran."""
    shared = {"folder": str(tmp_path), "n": 5}
    workers = Workers(2)
    workers.prepare(_build_once, shared)
    path = workers._prepared[1]
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("built-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob("built-*"))  # built before map was called
    got = list(workers.map(_built_plus, shared, [(i,) for i in range(12)]))
    assert got == [i + 5 for i in range(12)]
    assert len(list(tmp_path.glob("built-*"))) <= 2  # once per worker at most
    assert not os.path.exists(path)
    unused = Workers(2)
    unused.prepare(_build_once, shared)
    path = unused._prepared[1]
    unused.close()
    assert not os.path.exists(path)


_BUILT: dict[str, int] = {}


def _build_once(shared: dict) -> int:
    if shared["folder"] not in _BUILT:
        _BUILT[shared["folder"]] = os.getpid()
        (Path(shared["folder"]) / f"built-{os.getpid()}").touch()
    return _BUILT[shared["folder"]]


def _built_plus(shared: dict, i: int) -> int:
    assert _build_once(shared) == os.getpid()
    return i + shared["n"]


@pytest.mark.parametrize("when", ["extract", "build"])
def test_a_killed_run_resumes_to_the_same_glossary_and_findings(tmp_path, when) -> None:
    """Killed in the extraction (one process), or in the build while the check's names are read beside it
    (workers): the run again gives the glossary and the findings of a run never killed."""
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    for base in (killed, whole):
        corpus(base / "docs", docs=12, repeat=60)
        pipeline(base, workers=1 if when == "extract" else 2)
    ready = {"extract": lambda: len(list((killed / "out" / "cache").rglob("*.bin"))) >= 3,
             "build": lambda: (killed / "out" / "positions").exists()}[when]
    kill_run_when(["run", "pipe.toml", "--quiet"], killed, ready)
    assert not (killed / "out" / "check.jsonl").exists()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "glossary", "run", "pipe.toml", "--quiet"]
    assert subprocess.run(cmd, cwd=killed, env=env, capture_output=True).returncode == 0
    assert subprocess.run(cmd, cwd=whole, env=env, capture_output=True).returncode == 0
    assert findings_of(killed) == findings_of(whole)
    assert sheet_of(killed) == sheet_of(whole)


# -- a long run shows where it is ------------------------------------------------------------------------

STAGES = {"read", "extract", "build", "refresh", "check: names", "check: mentions", "export: tables",
          "export: xlsx"}


def test_the_summary_is_in_the_run_log_and_in_json(tmp_path) -> None:
    corpus(tmp_path / "docs", docs=3, repeat=1)
    pipeline(tmp_path, workers=1)
    result = subprocess.run([sys.executable, "-m", "glossary", "run", "pipe.toml", "--format", "json"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert STAGES <= {s["name"] for s in summary["stages"]}
    extract = next(s for s in summary["stages"] if s["name"] == "extract")
    assert extract["done"] == 3 and extract["mb"] > 0 and extract["rate_unit"] == "MB/s" and extract["peak_mb"] > 0
    log = [json.loads(line) for line in (tmp_path / "out" / "run.log").open(encoding="utf-8")]
    logged = next(e for e in log if e["event"] == "summary")
    assert {s["name"] for s in logged["stages"]} == {s["name"] for s in summary["stages"]}
    assert logged["main_peak_mb"] > 0
    # the bounded caches' hit ratios: every one used, in the log; the aligner's in the extract stage's note
    hits, lookups = map(int, logged["caches"]["align.exact"].split()[0].split("/"))
    assert 0 <= hits <= lookups and lookups >= 3
    assert "align.exact" in extract["aligner caches"] and "align.exact" in extract["note"]
    assert (tmp_path / "out" / "positions").is_dir()  # the run's occurrences with their positions
    import gzip

    [positions] = (tmp_path / "out" / "positions").glob("run-*.jsonl.gz")
    rows = [json.loads(line) for line in gzip.open(positions, "rt", encoding="utf-8")]
    assert {"doc", "line", "start", "end", "korean", "hanzi", "key", "source"} <= set(rows[0])
    assert len(rows) == summary["build"]["occurrences"]


def test_quiet_prints_nothing_on_success_and_no_progress_without_a_terminal(tmp_path) -> None:
    corpus(tmp_path / "docs", docs=2, repeat=1)
    pipeline(tmp_path, workers=1)
    quiet = subprocess.run([sys.executable, "-m", "glossary", "run", "pipe.toml", "--quiet"], cwd=tmp_path,
                           capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert all(line.startswith(str(tmp_path)) for line in quiet.stdout.splitlines())  # only the outputs
    piped = subprocess.run([sys.executable, "-m", "glossary", "run", "pipe.toml"], cwd=tmp_path,
                           capture_output=True, text=True)
    assert "━" not in piped.stderr and "━" not in piped.stdout  # no progress bar into a pipe
    assert "check: mentions" in piped.stderr  # the summary table, on standard error
    assert "check: mentions" not in piped.stdout


def test_progress_on_a_terminal_goes_to_standard_error_only(tmp_path) -> None:
    corpus(tmp_path / "docs", docs=3, repeat=1)
    pipeline(tmp_path, workers=1)
    code, text, stdout = _on_a_terminal(["run", "pipe.toml"], tmp_path)
    assert code == 0
    assert "━" in text and "extract" in text and "check: mentions" in text  # the bars, per stage
    assert "━" not in stdout and "documents" not in stdout


def _on_a_terminal(command: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run ``glossary COMMAND`` with its stderr on a pseudo-terminal: (exit code, what the terminal showed,
    stdout)."""
    import pty

    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "glossary", *command], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=secondary, env={**os.environ, "COLUMNS": "120"})
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    stdout, _ = proc.communicate()
    os.close(primary)
    return proc.returncode, seen.decode("utf-8", "replace"), stdout.decode()


def test_the_glossary_keeps_counts_and_a_few_samples_not_copies(tmp_path) -> None:
    from glossary import api
    from glossary.termbase.store import SAMPLE_CONTEXT, SAMPLES_PER_KEY, Store

    long_sentence = "가나다라 " * 120 + "샤오미(小米)는 " + "마바사아 " * 120 + "발표했다.\n"
    doc = tmp_path / "a.txt"
    doc.write_text(long_sentence + "샤오미(小米)가 말했다.\n" * 40, encoding="utf-8")
    db = tmp_path / "g.db"
    api.build([doc], db)
    with Store(db) as store:
        rows = store.occurrences(["小米"])
        samples = store.sample_occurrences(key="小米")
        assert [(r["korean"], r["n"]) for r in rows] == [("샤오미", 41)]  # one row for 41 occurrences
        assert len(samples) == SAMPLES_PER_KEY
        first = samples[0]["context"]
        assert "小米" in first and len(first) <= SAMPLE_CONTEXT + 2  # cut around the name
        assert store.seen_at("小米") == ["a.txt:1"]


@pytest.mark.parametrize("command", [["build", "docs", "--db", "g.db"], ["extract", "docs"], ["check", "docs"]])
def test_build_extract_and_check_show_progress_on_a_terminal_only(tmp_path, command) -> None:
    corpus(tmp_path / "docs", docs=3, repeat=1)
    _, seen, stdout = _on_a_terminal(command, tmp_path)
    assert "━" in seen and "3/3" in seen
    assert "━" not in stdout
    piped = subprocess.run([sys.executable, "-m", "glossary", *command], cwd=tmp_path, capture_output=True, text=True)
    assert "━" not in piped.stderr and "━" not in piped.stdout


def test_findings_sorted_in_runs_on_disk_come_in_the_order_of_one_sort(tmp_path, monkeypatch) -> None:
    """An archive's findings are sorted in runs that go to disk and are merged, and those that wait for
    their document's search wait on disk: the same findings in the same order as sorting them all in
    memory."""
    corpus(tmp_path / "docs", docs=6)
    whole = check([tmp_path / "docs"])
    assert len(whole) > 20
    monkeypatch.setattr(spooling, "FINDINGS_RUN", 4)
    monkeypatch.setattr(spooling, "KEEP_MENTIONS", 2)  # the findings that wait for their column, on disk too
    with checker.check_stream([tmp_path / "docs"]) as found:
        assert len(found.runs.runs) >= 5 and found.total == len(whole)  # on disk, in several runs
        assert list(found) == whole
    assert whole == sorted(whole, key=lambda f: (f.doc, f.line, f.col, -checker.LEVELS[f.severity], f.kind))
