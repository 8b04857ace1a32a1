"""Own sample documents (data/samples) with hand-checked pairs: the bracket, gloss and wiki forms of Korean
news and wiki text, scored as ../shared/tools/score_pairs.py scores the seed (main = Chinese names with a
Korean rendering, matched on line, Korean and Hanzi). The gold was written by reviewing every pair by hand;
it guards the forms against regressions, it does not estimate the score on unseen documents."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from glossary.extraction.extract import extract_file

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def _key(line: int, korean: str | None, hanzi: str) -> tuple:
    return line, " ".join((korean or "").split()), "".join(hanzi.split())


def main_f1(gold: list[dict], predicted: list) -> float:
    """F1 on gold items of origin zh with a Korean rendering; predictions on other gold items are neutral."""
    other = Counter(_key(g["line"], g["korean"], g["hanzi"]) for g in gold if g["korean"] and g["origin"] != "zh")
    wanted = Counter(_key(g["line"], g["korean"], g["hanzi"]) for g in gold if g["korean"] and g["origin"] == "zh")
    got = Counter(_key(o.line, o.korean, o.hanzi) for o in predicted if o.korean) - other
    tp = sum((got & wanted).values())
    precision, recall = tp / max(1, sum(got.values())), tp / max(1, sum(wanted.values()))
    return 2 * precision * recall / (precision + recall) if tp else 0.0


@pytest.mark.parametrize("name", ["news-sample", "wiki-sample"])
def test_own_samples(name: str) -> None:
    gold = [json.loads(line) for line in (SAMPLES / f"{name}.pairs.jsonl").open(encoding="utf-8")]
    predicted = extract_file(SAMPLES / f"{name}.txt").occurrences
    assert main_f1(gold, predicted) >= 0.97
    by_key = {_key(g["line"], g["korean"], g["hanzi"]): g for g in gold}
    matched = [(by_key[k], o) for o in predicted if (k := _key(o.line, o.korean, o.hanzi)) in by_key]
    assert sum(g["origin"] == o.origin for g, o in matched) / len(matched) >= 0.9


def test_the_scorer_counts_a_wrong_boundary_twice() -> None:
    class Occ:
        def __init__(self, line, korean, hanzi):
            self.line, self.korean, self.hanzi = line, korean, hanzi

    gold = [{"line": 1, "korean": "캐리 람", "hanzi": "林鄭月娥", "origin": "zh"},
            {"line": 2, "korean": "반", "hanzi": "反", "origin": "ko"},
            {"line": 3, "korean": "시진핑", "hanzi": "習近平", "origin": "zh"}]
    assert main_f1(gold, [Occ(1, "람", "林鄭月娥"), Occ(2, "반", "反"), Occ(3, "시진핑", "習近平")]) == 0.5
    assert main_f1(gold, [Occ(1, "캐리  람", "林鄭月娥"), Occ(3, "시진핑", "習近平")]) == 1.0
