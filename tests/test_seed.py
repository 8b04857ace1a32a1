"""The seed newsletter against its hand-checked gold, scored by ../shared/tools/score_pairs.py."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from glossary.cli import app


def test_seed_scores(shared, tmp_path) -> None:
    seed = shared / "corpus" / "kic-china-195.txt"
    result = CliRunner().invoke(app, ["extract", str(seed), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    pred = tmp_path / "pred.jsonl"
    pred.write_text(result.stdout, encoding="utf-8")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"doc", "line", "start", "end", "korean", "hanzi", "english", "type", "origin", "key", "score",
            "context"} <= set(rows[0])
    out = subprocess.run([sys.executable, str(shared / "tools" / "score_pairs.py"), "--gold",
                          str(shared / "gold" / "kic195.pairs.jsonl"), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    score = json.loads(out.stdout.strip().splitlines()[-1])
    assert score["main_f1"] >= 0.99, score
    assert score["distinct_f1"] >= 0.98, score
    assert score["type_accuracy"] >= 0.95, score
    assert score["origin_accuracy"] >= 0.95, score
    assert score["english_recall"] >= 0.9, score


def test_seed_ignores_headline_abbreviations(shared) -> None:
    from glossary.extraction.extract import extract_file

    result = extract_file(shared / "corpus" / "kic-china-195.txt")
    assert {(i.line, i.hanzi) for i in result.ignored} >= {(82, "韓"), (82, "中"), (817, "蚂蚁集团")}
    peng = sorted({o.korean for o in result.occurrences if o.key == "彭建真"})
    assert peng == ["펑지엔전", "펑지엔젼", "펭지엔전"]
