"""What a run's extraction leaves beside a document's occurrences in the cache, so that later stages need
not read them all again: its lines of the positions file (termbase.positions) and the facts of the check's
search (termbase.facts). Either way — made at extraction or, where they are missing, from the occurrences —
the outputs are the same."""

from __future__ import annotations

import gzip
import json
import marshal
import os
import shutil
import time
from pathlib import Path

from test_one_pass import corpus, findings_of, pipeline

from glossary.base.spool import read_frame, write_frame
from glossary.batch import pipeline as batch
from glossary.check.search import read_rows
from glossary.termbase import cache as xcache
from glossary.termbase.positions import PositionsFile, member_path
from glossary.termbase.store import file_sha256


def run(base: Path) -> None:
    assert batch.run(batch.load(base / "pipe.toml")).exit_status() == 0


def positions_file(base: Path) -> Path:
    [found] = (base / "out" / "positions").glob("run-*.jsonl.gz")
    return found


def entries(base: Path) -> list[Path]:
    return sorted((base / "out" / "cache").rglob("*.bin"))


def test_positions_made_at_extraction_are_the_bytes_the_build_would_make(tmp_path, monkeypatch) -> None:
    corpus(tmp_path / "docs", docs=6, repeat=4)
    pipeline(tmp_path)

    def made_here(*args):
        raise AssertionError("the build made lines the extraction had made")

    with monkeypatch.context() as patched:  # the extraction runs in worker processes, the build here
        patched.setattr(PositionsFile, "tee", made_here)
        run(tmp_path)
    members = list((tmp_path / "out" / "cache").rglob("*.positions.gz"))
    assert len(members) == 6  # one per document, written by the extraction
    stored = positions_file(tmp_path).read_bytes()
    lines = [json.loads(line) for line in gzip.open(positions_file(tmp_path), "rt", encoding="utf-8")]
    summary = json.loads((tmp_path / "out" / "run.log").read_text(encoding="utf-8").splitlines()[-1])
    build = {s["name"]: s for s in summary["stages"]}["build"]
    assert len(lines) == build["occurrences"] > 6
    assert {line["doc"] for line in lines} == {f"doc{i:02d}.txt" for i in range(6)}
    assert all(line["source"] == str((tmp_path / "docs" / line["doc"]).resolve()) for line in lines)

    # the same run without the members: the build makes each document's lines as it merges it
    for m in members:
        m.unlink()
    shutil.rmtree(tmp_path / "out" / "positions")
    (tmp_path / "out" / "glossary.db").unlink()
    run(tmp_path)
    assert positions_file(tmp_path).read_bytes() == stored
    assert not list((tmp_path / "out" / "cache").rglob("*.positions.gz"))  # cache hits extract nothing


def test_a_copy_under_another_path_has_lines_that_name_it(tmp_path) -> None:
    corpus(tmp_path / "docs", docs=2, repeat=2)
    pipeline(tmp_path)
    run(tmp_path)
    copy = tmp_path / "docs" / "zz-copy.txt"
    shutil.copy(tmp_path / "docs" / "doc00.txt", copy)  # the same content: the same cache entry, a hit
    shutil.rmtree(tmp_path / "out" / "positions")
    run(tmp_path)
    lines = [json.loads(line) for line in gzip.open(positions_file(tmp_path), "rt", encoding="utf-8")]
    assert lines and {(line["doc"], line["source"]) for line in lines} == {("zz-copy.txt", str(copy.resolve()))}


def touch(*files: Path, age: float = 0.0) -> None:
    """Files of one byte, ``age`` seconds old."""
    for f in files:
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"x")
        os.utime(f, (time.time() - age,) * 2)


def test_prune_removes_members_whose_entry_is_gone_a_day_after(tmp_path) -> None:
    def entry(digit: str) -> Path:
        return xcache.cache_path(tmp_path / "cache", "cd" + digit * 62)

    kept, orphan_old = member_path(entry("2"), "/a/doc.txt"), member_path(entry("3"), "/a/gone.txt")
    orphan_new = member_path(entry("4"), "/a/being-written.txt")
    older = entry("5").with_name(f"{'cd' + '5' * 62}.v2.{'0' * 16}.positions.gz")  # beside an entry of format 2
    touch(entry("2"), orphan_new, older)
    touch(kept, orphan_old, age=xcache.STALE_PART_S + 60)
    assert xcache.prune_cache(tmp_path / "cache") == 2
    assert kept.exists() and orphan_new.exists() and entry("2").exists()
    assert not orphan_old.exists() and not older.exists()


def test_stored_facts_are_what_the_occurrences_give(tmp_path) -> None:
    corpus(tmp_path / "docs", docs=4, repeat=2)
    pipeline(tmp_path)
    run(tmp_path)
    pipe = batch.load(tmp_path / "pipe.toml")
    source = batch._source(pipe, {p: file_sha256(p) for p in pipe.files()}, batch._glossary_state(pipe)[0])
    for path in pipe.files():
        facts = source.facts(path)
        assert facts is not None and facts.first_hanzi and facts.with_hanzi
        assert facts == read_rows(path.name, source.rows(path))


def without_facts(entry: Path) -> None:
    """Rewrite a cache entry as one written before the facts were kept."""
    frames = []
    with entry.open("rb") as fh:
        while True:
            try:
                frames.append(read_frame(fh))
            except EOFError:
                break
    assert "facts" in frames.pop() and "end" in frames[-1]
    with entry.open("wb") as fh:
        for frame in frames:
            write_frame(fh, frame)


def test_entries_without_facts_give_the_same_findings(tmp_path) -> None:
    corpus(tmp_path / "docs", docs=10, repeat=3)  # ≥ 8 documents: the check's search runs in the workers
    pipeline(tmp_path)
    run(tmp_path)
    expected = findings_of(tmp_path)
    assert any(f["kind"] == "inconsistent" for f in expected)
    for entry in entries(tmp_path):
        without_facts(entry)
        sha, *fingerprint = entry.name.split(".")[:-2]
        assert xcache.read_facts(entry.parent.parent, sha, *fingerprint) is None
    (tmp_path / "out" / "check.jsonl").unlink()
    run(tmp_path)
    assert findings_of(tmp_path) == expected


def test_facts_that_cannot_be_read_are_read_from_the_occurrences(tmp_path) -> None:
    corpus(tmp_path / "docs", docs=1, repeat=1)
    pipeline(tmp_path, workers=1)
    run(tmp_path)
    [entry] = entries(tmp_path)
    sha, *fingerprint = entry.name.split(".")[:-2]
    cache, doc = entry.parent.parent, tmp_path / "docs" / "doc00.txt"
    expected = xcache.read_facts(cache, sha, *fingerprint)
    assert expected is not None and expected == read_rows(doc.name, xcache.read_cache(cache, doc, sha, *fingerprint)[1])
    whole = entry.read_bytes()
    head = whole[:8 + int.from_bytes(whole[:8], "little")]
    for damaged in (whole[:-3], whole + b"\x00", head + (10).to_bytes(8, "little") + b"\xff" * 10,
                    head + len(frame := marshal.dumps({"facts": ("not", "facts")})).to_bytes(8, "little") + frame):
        entry.write_bytes(damaged)
        assert xcache.read_facts(cache, sha, *fingerprint) is None
    entry.write_bytes(whole[:-3])  # cut in its facts: the occurrences and the end mark are whole
    assert len(list(xcache.read_cache(cache, doc, sha, *fingerprint)[1])) > 0
    (tmp_path / "out" / "check.jsonl").unlink()
    run(tmp_path)  # the check reads the occurrences instead
    assert (tmp_path / "out" / "check.jsonl").exists()
    assert xcache.read_facts(cache, "ef" * 32) is None  # no entry


def hints_in_cache(cache: Path) -> list[dict]:
    """Each cache entry's hints (its end mark's)."""
    found = []
    for entry in sorted(cache.rglob("*.bin")):
        with entry.open("rb") as fh:
            while not isinstance(frame := read_frame(fh), dict) or "end" not in frame:
                pass
        found.append(frame["hints"])
    return found


def hints_in(base: Path) -> list[dict]:
    return hints_in_cache(base / "out" / "cache")


def test_a_run_writes_each_suggestion_once_and_builds_the_same_glossary(tmp_path, monkeypatch) -> None:
    # the documents share their paragraphs: every name is in several of them
    for name, memory in (("once", xcache.HINTS_MEMORY), ("each", 0)):  # 0: forgotten after every document
        base = tmp_path / name
        corpus(base / "docs", docs=6, repeat=2)
        pipeline(base, workers=1)  # extracted here, in one process, in order
        with monkeypatch.context() as patched:
            patched.setattr(xcache, "HINTS_MEMORY", memory)
            run(base)
    once, each = hints_in(tmp_path / "once"), hints_in(tmp_path / "each")
    keys_once = [k for h in once for k in h["suggested"]]
    keys_each = [k for h in each for k in h["suggested"]]
    assert len(keys_once) == len(set(keys_once)) == len(set(keys_each)) < len(keys_each)
    pairs_once = [tuple(a[:2]) for h in once for a in h["aligned"]]
    assert len(pairs_once) == len(set(pairs_once)) == len({tuple(a[:2]) for h in each for a in h["aligned"]})
    # the same glossary either way, every suggestion taken from the hints
    assert (tmp_path / "once/out/entries.jsonl").read_bytes() == (tmp_path / "each/out/entries.jsonl").read_bytes()
    assert findings_of(tmp_path / "once") == findings_of(tmp_path / "each")

    def hinted(base: Path) -> str:
        summary = json.loads((base / "out" / "run.log").read_text(encoding="utf-8").splitlines()[-1])
        return {s["name"]: s for s in summary["stages"]}["refresh"]["hinted"]

    used, _ = hinted(tmp_path / "once").split("/")
    assert hinted(tmp_path / "once") == hinted(tmp_path / "each") and int(used) == len(keys_once) > 0


def test_a_suggestion_is_written_once_a_run_and_again_in_another(tmp_path) -> None:
    corpus(tmp_path / "docs", docs=1, repeat=1)
    doc, other = tmp_path / "docs" / "doc00.txt", tmp_path / "docs" / "doc01.txt"
    other.write_text(doc.read_text(encoding="utf-8") + "\n끝.\n", encoding="utf-8")  # the same names
    cache = tmp_path / "cache"

    def suggested(path: Path, run: str) -> dict:
        sha = file_sha256(path)
        xcache.extract_to_cache(str(path), sha, str(cache), "rule", None, True, run)
        with xcache.cache_path(cache, sha).open("rb") as fh:
            while not isinstance(frame := read_frame(fh), dict) or "end" not in frame:
                pass
        return frame["hints"]["suggested"]

    first = suggested(doc, "a")
    assert first
    assert suggested(other, "a") == {}  # another document of the run: in the first one's entry already
    assert suggested(doc, "a") == first  # its own entry written again keeps them (it replaces the one with them)
    assert suggested(other, "b") == first  # another run
