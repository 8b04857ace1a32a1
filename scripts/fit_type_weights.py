"""Fit the type-vote weights (data/tables/type_votes.toml) on labelled pairs, never on the held-out ones.

The classifier is a weighted sum: each occurrence gives evidence (type, kind) — a suffix, a title after
the name, jieba's tag, the Japanese dictionary's part of speech… — summed per name over its document,
and the type with the highest score wins (classify.scores). The kinds and their meanings live in the
code; what each is worth lives in the TOML, and this script chooses those numbers: coordinate ascent
over a grid of values, one weight at a time, keeping a change only when it makes more occurrences right
(ties keep the current value), until a round changes nothing.

Fitting data: the fitting rows of data/gold/types.tsv (see scripts/eval_types.py for the split), the
fit part of data/gold/dev_documents.txt, the bundled samples' pairs (data/samples/*.pairs.jsonl), and the seed issue's gold when ../shared is
there. A gold type may list several acceptable types (PRODUCT|ORG).

Usage: python scripts/fit_type_weights.py [--write]   (without --write: prints the weights it would set)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_types import documents, held_out, rows  # noqa: E402

from glossary.base.han import fold  # noqa: E402
from glossary.extraction import classify  # noqa: E402
from glossary.extraction.extract import DocumentStats, _raw_occurrences  # noqa: E402
from glossary.extraction.forms import W  # noqa: E402
from glossary.extraction.reader import Block, open_document  # noqa: E402

TOML = ROOT / "data" / "tables" / "type_votes.toml"
SEED = ROOT.parent / "shared" / "corpus" / "kic-china-195.txt"
SEED_GOLD = ROOT.parent / "shared" / "gold" / "kic195.pairs.jsonl"
GRID = (0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8)
FIXED = {"org_prior"}  # the prior is the scale the others are measured against


Example = tuple[dict, int, frozenset, int]  # (evidence of the name in its document, mentions, gold types, count)


def _stats(blocks) -> DocumentStats:
    stats = DocumentStats()
    for occ in _raw_occurrences(blocks, "fit", None, None, []):
        stats.add(occ)
    return stats


def _examples(stats: DocumentStats, gold: list[dict]) -> list[Example]:
    per_key: Counter = Counter()
    types: dict[str, frozenset] = {}
    for g in gold:
        key = fold(g["hanzi"].replace(" ", ""))
        if key in stats.mentions:
            per_key[key] += 1
            types[key] = frozenset(g["type"].split("|"))
    return [(dict(stats.votes[k]), stats.mentions[k], types[k], n) for k, n in per_key.items()]


def collect() -> dict[str, list[Example]]:
    sets: dict[str, list[Example]] = {"types.tsv": []}
    for r in rows():
        if held_out(r["hanzi"]):
            continue
        sets["types.tsv"] += _examples(_stats([Block([r["sentence"]], [1])]), [r])
    sets["dev_documents.txt"] = []
    for doc in documents():
        if doc["part"] == "fit":  # never the held-out documents, nor those written after the change
            lines = doc["text"].split("\n")
            sets["dev_documents.txt"] += _examples(_stats([Block(lines, list(range(1, len(lines) + 1)))]),
                                                   doc["pairs"])
    for pairs in sorted((ROOT / "data" / "samples").glob("*.pairs.jsonl")):
        text = pairs.with_name(pairs.name.replace(".pairs.jsonl", ".txt"))
        gold = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets[text.name] = _examples(_stats(open_document(text).blocks), gold)
    if SEED.exists() and SEED_GOLD.exists():
        gold = [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets["seed"] = _examples(_stats(open_document(SEED).blocks), gold)
    return sets


def correct(examples: list[Example]) -> int:
    return sum(n for ev, mentions, gold, n in examples if classify.decide_type(ev, mentions) in gold)


def fit(sets: dict[str, list[Example]]) -> dict[str, float]:
    examples = [e for part in sets.values() for e in part]
    names = [n for n in vars(W) if n not in FIXED]
    best = correct(examples)
    for _ in range(5):
        changed = False
        for name in names:
            current = getattr(W, name)
            for value in GRID:
                if value == current:
                    continue
                setattr(W, name, value)
                got = correct(examples)
                if got > best:
                    best, current, changed = got, value, True
            setattr(W, name, current)
        if not changed:
            break
    return dict(vars(W))


def write(weights: dict[str, float]) -> None:
    text = TOML.read_text(encoding="utf-8")
    for name, value in weights.items():
        shown = int(value) if float(value).is_integer() else value
        text = re.sub(rf"^({re.escape(name)}\s*=\s*)[0-9.]+", rf"\g<1>{shown}", text, flags=re.M)
    TOML.write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write the fitted weights into type_votes.toml")
    args = ap.parse_args()
    before = dict(vars(W))
    sets = collect()
    totals = {k: sum(n for *_, n in v) for k, v in sets.items()}
    print("before: " + ", ".join(f"{k} {correct(v)}/{totals[k]}" for k, v in sets.items()))
    weights = fit(sets)
    print("after:  " + ", ".join(f"{k} {correct(v)}/{totals[k]}" for k, v in sets.items()))
    for name, value in weights.items():
        if value != before[name]:
            print(f"  {name}: {before[name]} → {value}")
    if args.write:
        write(weights)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
