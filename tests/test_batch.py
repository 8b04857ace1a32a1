"""Batch runs: a pipeline over a folder, bad files skipped, killed and resumed, local vs Dask."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import kill_run_when

from glossary.base.errors import GlossaryError
from glossary.batch import pipeline as batch
from glossary.extraction.extract import PUBLIC_FIELDS
from glossary.termbase import cache as xcache

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "data" / "samples" / "newsletter-sample.txt").read_text(encoding="utf-8")
NAMES = [("샤오미", "小米"), ("징둥", "京东"), ("핀둬둬", "拼多多"), ("레이쥔", "雷军"), ("마윈", "马云"),
         ("베이징", "北京"), ("상하이", "上海"), ("화웨이", "华为"), ("바이두", "百度"), ("메이퇀", "美团")]


def make_corpus(folder: Path, docs: int, repeat: int = 1) -> None:
    folder.mkdir(parents=True)
    for i in range(docs):
        korean, hanzi = NAMES[i % len(NAMES)]
        extra = f"\n오늘 {korean}({hanzi})가 발표했다.\n"
        (folder / f"doc{i:02d}.txt").write_text((SAMPLE + extra) * repeat, encoding="utf-8")


def write_pipeline(base: Path, engine: str = "local", workers: int = 2, check: bool = False) -> Path:
    steps = '[[steps]]\nkind = "extract"\n\n[[steps]]\nkind = "build"\n\n'
    if check:
        steps += '[[steps]]\nkind = "check"\noutput = "out/check.jsonl"\nfail_on = "never"\n\n'
    steps += '[[steps]]\nkind = "export"\njsonl = "out/entries.jsonl"\n'
    path = base / "pipe.toml"
    path.write_text(f'[pipeline]\nname = "t"\ninputs = ["docs/*.txt"]\noutput = "out"\nworkers = {workers}\n'
                    f'engine = "{engine}"\n\n{steps}', encoding="utf-8")
    return path


def entries(base: Path) -> list[dict]:
    return sorted((json.loads(line) for line in (base / "out" / "entries.jsonl").open(encoding="utf-8")),
                  key=lambda r: r["key"])


def test_pipeline_over_a_folder_with_a_bad_file(tmp_path) -> None:
    make_corpus(tmp_path / "docs", 3)
    (tmp_path / "docs" / "broken.txt").write_bytes(b"\x89PNG\x00\x00\x01binary")
    (tmp_path / "docs" / "empty.txt").write_bytes(b"")
    pipe = batch.load(write_pipeline(tmp_path, check=True))
    report = batch.run(pipe)
    assert report.exit_status() == 3  # the run completed, and says some files were bad
    assert {Path(f).name for f, _ in report.failed} == {"broken.txt", "empty.txt"}
    assert report.extracted == 3 and report.build.summary()["added"] == 3
    rows = entries(tmp_path)
    assert {"小米", "京东", "拼多多"} <= {r["key"] for r in rows}
    log = [json.loads(line) for line in (tmp_path / "out" / "run.log").open(encoding="utf-8")]
    assert {e["event"] for e in log} >= {"start", "extracted", "failed", "built", "checked", "exported", "end"}
    again = batch.run(batch.load(tmp_path / "pipe.toml"))
    assert again.extracted == 0 and again.cached == 3  # unchanged files are not extracted again
    assert entries(tmp_path) == rows


def test_killed_run_resumes_to_the_same_glossary(tmp_path) -> None:
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    for base in (killed, whole):
        make_corpus(base / "docs", 8, repeat=40)
        write_pipeline(base, workers=1)
    cache = killed / "out" / "cache"
    kill_run_when(["run", "pipe.toml", "--no-progress"], killed, lambda: len(list(cache.rglob("*.bin"))) >= 2)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "glossary", "run", "pipe.toml", "--no-progress"]
    assert not (killed / "out" / "entries.jsonl").exists()
    assert subprocess.run(cmd, cwd=killed, env=env, capture_output=True).returncode == 0
    assert subprocess.run(cmd, cwd=whole, env=env, capture_output=True).returncode == 0
    assert entries(killed) == entries(whole)
    from glossary.termbase.store import Store

    with Store(killed / "out" / "glossary.db") as a, Store(whole / "out" / "glossary.db") as b:
        assert a.occurrence_count() == b.occurrence_count()  # nothing counted twice


def test_dask_local_cluster_gives_the_same_result(tmp_path) -> None:
    pytest.importorskip("dask.distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    for base, engine in ((local, "local"), (dask, "dask")):
        make_corpus(base / "docs", 4)
        report = batch.run(batch.load(write_pipeline(base, engine=engine)))
        assert report.exit_status() == 0 and report.extracted == 4
    assert entries(local) == entries(dask)


def test_bad_pipeline_files(tmp_path) -> None:
    from glossary.base.errors import GlossaryError

    bad = tmp_path / "bad.toml"
    bad.write_text("[pipeline]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="needs inputs"):
        batch.load(bad)
    bad.write_text("[pipeline]\ninputs = ['*.txt']\n[[steps]]\nkind = 'dance'\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="unknown step"):
        batch.load(bad)
    bad.write_text("not = [toml", encoding="utf-8")
    with pytest.raises(GlossaryError, match="not a valid pipeline"):
        batch.load(bad)


def test_cache_round_trip_and_a_damaged_entry(tmp_path) -> None:
    make_corpus(tmp_path / "docs", 1)
    doc = tmp_path / "docs" / "doc00.txt"
    sha = "ab" + "0" * 62
    _, n, error, *_ = xcache.extract_to_cache(str(doc), sha, str(tmp_path / "cache"))
    assert error is None and n > 0
    encoding, rows = xcache.read_cache(tmp_path / "cache", doc, sha)
    rows = [dict(zip(PUBLIC_FIELDS, r)) for r in rows]
    assert encoding == "utf-8" and len(rows) == n
    assert {"doc", "line", "korean", "hanzi", "key", "context"} <= set(rows[0])
    assert any(r["hanzi"] == "小米" and r["korean"] == "샤오미" for r in rows)
    target = xcache.cache_path(tmp_path / "cache", sha)
    whole = target.read_bytes()
    assert xcache.read_facts(tmp_path / "cache", sha) is not None  # in a last frame, after the end mark
    frames = [0]  # where each frame starts
    while frames[-1] < len(whole):
        frames.append(frames[-1] + 8 + int.from_bytes(whole[frames[-1]:frames[-1] + 8], "little"))
    whole = whole[:frames[-2]]  # up to the end mark: where read_cache reads
    for damaged in (whole[:200] + b"\xff\x00garbage", whole[:-12],  # overwritten; cut short
                    whole[:-30] + whole[-20:],  # a piece missing in the middle: the end mark's count differs
                    b"\xff" * 8 + whole[8:]):  # a damaged length

        target.write_bytes(damaged)
        with pytest.raises(GlossaryError, match="unreadable cache entry"):
            list(xcache.read_cache(tmp_path / "cache", doc, sha)[1])


def test_prune_cache_keeps_current_entries_and_foreign_files(tmp_path) -> None:
    cache = tmp_path / "cache"
    sha = "ab" + "1" * 62
    current = xcache.cache_path(cache, sha)
    current.parent.mkdir(parents=True)
    current.write_bytes(b"x")
    fingerprinted = xcache.cache_path(cache, sha, "0123456789abcdef")
    fingerprinted.write_bytes(b"x")
    old = [current.parent / f"{sha}.v2.bin", current.parent / f"{sha}.jsonl"]
    fresh_part, old_part, foreign = (current.parent / "tmp1.part", current.parent / "tmp2.part",
                                     current.parent / "notes.txt")
    for f in (*old, fresh_part, old_part, foreign):
        f.write_bytes(b"x")
    day_ago = time.time() - xcache.STALE_PART_S - 60
    os.utime(old_part, (day_ago, day_ago))
    assert xcache.prune_cache(cache) == 3
    assert current.exists() and fingerprinted.exists() and fresh_part.exists() and foreign.exists()
    assert not any(f.exists() for f in (*old, old_part))
    assert xcache.prune_cache(tmp_path / "nowhere") == 0


def test_killed_parallel_build_resumes_to_the_same_glossary(tmp_path) -> None:
    """A parallel `glossary build` merges documents while its workers extract the next ones; killed after
    some are committed and while more are merged but not yet committed, the next build completes the
    glossary, counting nothing twice. The kill lands at a fixed point (the 9th merge, 3 committed before
    it): a killer timed from outside races a build that may commit every document in one second."""
    import sqlite3

    killed, whole = tmp_path / "killed", tmp_path / "whole"
    for base in (killed, whole):
        make_corpus(base / "docs", 24, repeat=30)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    def cmd(base: Path) -> list[str]:
        return ["build", str(base / "docs"), "--db", str(base / "g.db"), "--workers", "2"]

    # the real command, with its merge step wrapped: commit after the 3rd document (as a build does
    # every second), then die like an out-of-memory kill in the middle of the 9th, mid-transaction
    killer = """
import os, signal, sys
from glossary.termbase import build
merge, seen = build.add_document, [0]
def add_document(store, *args, **kwargs):
    seen[0] += 1
    if seen[0] == 9:
        os.kill(os.getpid(), signal.SIGKILL)
    merge(store, *args, **kwargs)
    if seen[0] == 3:
        store.flush()
build.add_document = add_document
from glossary.cli import main
sys.argv = ["glossary", *sys.argv[1:]]
main()
"""
    # its output pipes close only when every process holding them has ended: the spawned workers
    # end with the killed build instead of waiting for jobs for ever
    died = subprocess.run([sys.executable, "-c", killer, *cmd(killed)], env=env, capture_output=True, timeout=120)
    assert died.returncode == -signal.SIGKILL, died.stderr.decode(errors="replace")[-500:]
    with sqlite3.connect(f"file:{killed / 'g.db'}?mode=ro", uri=True) as db:
        merged = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 3 <= merged < 9  # what was committed stays; what was not is done again
    assert subprocess.run([sys.executable, "-m", "glossary", *cmd(killed)], env=env,
                          capture_output=True).returncode == 0
    assert subprocess.run([sys.executable, "-m", "glossary", *cmd(whole)], env=env,
                          capture_output=True).returncode == 0
    from glossary import api
    from glossary.termbase.store import Store

    with Store(killed / "g.db") as a, Store(whole / "g.db") as b:
        assert a.occurrence_count() == b.occurrence_count()  # nothing counted twice
        assert api.jsonl_lines(a) == api.jsonl_lines(b)


def test_the_spool_format_refuses_a_cut_file(tmp_path) -> None:
    """One record format for the cache and the spools: a file cut short is an error, never half a batch."""
    from glossary.base.spool import Spool, read_frame, write_frame

    path = tmp_path / "f.bin"
    with open(path, "wb") as fh:
        write_frame(fh, [("a", 1, 2.0, None)] * 3)
    data = path.read_bytes()
    path.write_bytes(data[:-2])
    with open(path, "rb") as fh, pytest.raises(EOFError):
        read_frame(fh)
    spool = Spool(keep=1, pack=tuple, unpack=list)
    spool.extend([("x", 1), ("y", 2), ("z", 3)])
    spool.append(("w", 4))
    # three went to disk (packed, and unpacked when read), the last one waits in memory as it was given
    assert list(spool) == [["x", 1], ["y", 2], ["z", 3], ("w", 4)]
    spool.close()
