"""The archive bench: `glossary run` (extract with 2 workers, build, check, xlsx export) over a generated
archive with the statistics of a real one (bench/archive.py: new names keep coming), as a batch user runs
it. Prints per stage wall time and MB/s, the peak RSS of the main process and of each worker (sampled
over the process tree), each worker's CPU time (steadier than the clock on a shared machine), the
database and cache sizes, and the cache hit ratio; figures, not a test.

The repeated-seed figures of bench_batch/bench_extract are "repeated text": they time the caches.

Usage: .venv/bin/python bench/bench_archive.py [--mb 200] [--workers 2] [--engine local|dask]
       [--keep DIR] [--out DIR] [--json out.json] [--extract-only]
--extract-only runs the extract step alone (the same stage as in the whole run: every file is extracted
into a fresh cache), for measuring extraction without waiting for the build, the check and the export.
--out DIR keeps the run's folder (its glossary and cache: run the check and the export again over it).
The archive is generated once per size and seed into DIR (default: a folder under the temp dir).

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import write_archive

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = """[pipeline]
name = "archive"
inputs = ["{inputs}/*.txt"]
output = "{out}"
workers = {workers}
engine = "{engine}"

[[steps]]
kind = "extract"

[[steps]]
kind = "build"

[[steps]]
kind = "check"
output = "{out}/check.jsonl"
fail_on = "never"

[[steps]]
kind = "export"
xlsx = "{out}/terms.xlsx"
"""
EXTRACT_ONLY = PIPELINE.split("\n[[steps]]\nkind = \"build\"")[0]


class TreeSampler:
    """Peak RSS of a process and of every descendant, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds (user + system) of each process, as last sampled
        self.peak_total = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    times = p.cpu_times()
                    name = "main" if p.pid == self.root.pid else "worker"
                except psutil.Error:
                    continue
                self.cpu[p.pid] = times.user + times.system
                total += rss
                if rss > self.peaks.get(p.pid, ("", 0))[1]:
                    self.peaks[p.pid] = (name, rss)
            self.peak_total = max(self.peak_total, total)
            self._stop.wait(0.2)

    def stop(self) -> None:
        self._stop.set()
        self.thread.join()


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run(inputs: Path, work: Path, workers: int, engine: str, extract_only: bool = False) -> dict:
    out = work / "out"
    pipe = work / "archive.toml"
    steps = EXTRACT_ONLY if extract_only else PIPELINE
    pipe.write_text(steps.format(inputs=inputs, out=out, workers=workers, engine=engine), encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "glossary"), "run", str(pipe), "--quiet",
                             "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    _, stderr = proc.communicate()
    wall = time.perf_counter() - start
    sampler.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"glossary run exited {proc.returncode}: {stderr[-2000:]}")
    summary = {}
    for line in (out / "run.log").read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        if event.get("event") == "summary":
            summary = event
    workers_peak = max((rss for name, rss in sampler.peaks.values() if name == "worker"), default=0)
    main_peak = max((rss for name, rss in sampler.peaks.values() if name == "main"), default=0)
    # the workers' CPU time is steadier than the wall clock on a shared machine: with two cores to itself,
    # the extract stage takes about the busiest worker's CPU time
    worker_cpu = sorted((round(cpu, 1) for pid, cpu in sampler.cpu.items() if sampler.peaks.get(pid, ("",))[0]
                         == "worker"), reverse=True)
    return {"wall_s": round(wall, 1), "stages": summary.get("stages", []), "main_peak_mb": main_peak >> 20,
            "worker_peak_mb": workers_peak >> 20, "tree_peak_mb": sampler.peak_total >> 20, "worker_cpu_s": worker_cpu,
            "db_mb": round(size_of(out / "glossary.db") / 1e6, 1), "cache_mb": round(size_of(out / "cache") / 1e6, 1),
            "positions_mb": round(size_of(out / "positions") / 1e6, 1) if (out / "positions").exists() else 0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--engine", default="local")
    ap.add_argument("--keep", type=Path, default=None, help="where the generated archive is kept")
    ap.add_argument("--out", type=Path, default=None,
                    help="where the run writes (kept: run the check and export again over it); default a temp dir")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--extract-only", action="store_true", help="run the extract step alone")
    ap.add_argument("--against", type=Path, default=None,
                    help="a baseline run's --json (same archive): each stage's wall time as a ratio to it")
    args = ap.parse_args()
    archive = args.keep or Path(tempfile.gettempdir()) / f"kozh-archive-{args.mb:g}mb-{args.seed}"
    if not (archive / ".done").exists():
        t = time.perf_counter()
        made = write_archive(archive, args.mb, args.seed)
        (archive / ".done").write_text(json.dumps(made))
        print(f"generated {archive}: {made} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    made = json.loads((archive / ".done").read_text())
    mb = made["bytes"] / 1e6
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        result = run(archive, args.out.resolve(), args.workers, args.engine, args.extract_only)
    else:
        with tempfile.TemporaryDirectory(dir=os.environ.get("KOZH_BENCH_TMP")) as work:
            result = run(archive, Path(work), args.workers, args.engine, args.extract_only)
    result.update(archive_mb=round(mb, 1), files=made["files"], names=made["names"], pairs=made["pairs"])
    print(f"archive {mb:.0f} MB, {made['files']} files, {made['names']} distinct names, {made['pairs']} pairs; "
          f"engine {args.engine}, {args.workers} workers")
    print(f"{'stage':<10} {'from s':>7} {'wall s':>8} {'rate':>16} {'peak MB':>8}  notes")
    for s in result["stages"]:  # stages may overlap (an export beside the check): when each began is shown
        rate = f"{s['rate']:.1f} {s['rate_unit']}" if s.get("rate") else ""
        print(f"{s['name']:<10} {s.get('start_s', 0):>7.1f} {s['wall_s']:>8.1f} {rate:>16} {s.get('peak_mb', 0):>8}"
              f"  {s.get('note', '')}")
    print(f"{'total':<10} {result['wall_s']:>8.1f} {mb / result['wall_s']:>13.2f} MB/s")
    print(f"peak RSS: main {result['main_peak_mb']} MB, a worker {result['worker_peak_mb']} MB, all processes "
          f"together {result['tree_peak_mb']} MB; glossary.db {result['db_mb']} MB "
          f"({100 * result['db_mb'] / mb:.1f} % of the archive), cache {result['cache_mb']} MB, "
          f"positions {result['positions_mb']} MB")
    print(f"CPU seconds of each worker process (the busiest first): {result['worker_cpu_s']}")
    if args.against:
        print(against(result, json.loads(args.against.read_text(encoding="utf-8")), args.against.name))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


def against(result: dict, base: dict, name: str) -> str:
    """Each stage's wall time (and the whole run's, the peaks, the database) against a baseline run's: the
    ratio now / then, below 1 where this run is faster. Stages are matched by name; a stage only one run
    has (a stage split or moved) is shown with its side alone."""
    then = {s["name"]: s for s in base.get("stages", [])}
    now = {s["name"]: s for s in result["stages"]}
    lines = [f"against {name} (ratio = this run / the baseline)"]
    for stage in [*now, *(n for n in then if n not in now)]:
        a, b = now.get(stage, {}).get("wall_s"), then.get(stage, {}).get("wall_s")
        ratio = f"{a / b:6.2f}" if a and b else "     -"
        shown = ["-" if x is None else x for x in (a, b)]
        lines.append(f"  {stage:<18} {shown[0]:>8} s  then {shown[1]:>8} s  {ratio}")
    for key, label in (("wall_s", "whole run s"), ("main_peak_mb", "main peak MB"), ("db_mb", "glossary.db MB")):
        a, b = result.get(key), base.get(key)
        if a and b:
            lines.append(f"  {label:<18} {a:>8}    then {b:>8}    {a / b:6.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
