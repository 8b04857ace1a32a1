"""Behaviour guard: what extract, build + export and check print for the seed and the bundled samples
matches the digests saved in tests/snapshots/digests.tsv (see scripts/snapshot_outputs.py). A change
meant to alter an output writes the digests again, and its commit says why."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("snapshot_outputs", ROOT / "scripts" / "snapshot_outputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_outputs_match_the_saved_digests(shared) -> None:
    snap = _script()
    saved = snap.read_digests(ROOT / "tests" / "snapshots" / "digests.tsv")
    now = snap.digests(snap.outputs())
    assert set(now) == set(saved)
    differ = sorted(k for k in saved if saved[k] != now[k])
    assert not differ, (f"outputs changed: {differ}; see them with "
                        "python scripts/snapshot_outputs.py out/after --compare out/before")
