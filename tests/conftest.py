"""Shared fixtures. ../shared holds the seed corpus and gold; CI sets KOZH_REQUIRE_SHARED=1 so a
missing ../shared fails there instead of skipping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KOZH_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "corpus" / "kic-china-195.txt"
GOLD = SHARED / "gold" / "kic195.pairs.jsonl"
SCORER = SHARED / "tools" / "score_pairs.py"


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
