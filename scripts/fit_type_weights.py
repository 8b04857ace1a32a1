"""Fit the type-vote weights (data/tables/type_votes.toml) on labelled pairs, never on the held-out ones.

The classifier is a weighted sum: each occurrence gives evidence (type, kind) — a suffix, a title after
the name, jieba's tag, the Japanese dictionary's part of speech… — summed per name over its document,
and the type with the highest score wins (classify.scores). The kinds and their meanings live in the
code; what each is worth lives in the TOML, and this script chooses those numbers: coordinate ascent
over a grid of values, one weight at a time, keeping a change only when it makes more occurrences right
(ties keep the current value), until a round changes nothing.

Fitting data: the fitting rows of data/gold/types.tsv (see scripts/eval_types.py for the split), the fit
part of data/gold/dev_documents.txt, the dev part of data/gold/real_documents.txt, the bundled samples'
pairs (data/samples/*.pairs.jsonl), and the seed issue's gold when ../shared is there. A gold type may
list several acceptable types (PRODUCT|ORG).

The origin weights ([origin]: what the words of a document and of a name's own sentence that speak for
China today, China's past or Korea are worth, classify.weigh_origin) are fitted the same way after the
types, on the same data, counting the labelled names read in Sino-Korean whose origin comes out right.

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

from eval_types import REAL, REAL_PARTS, documents, held_out, rows  # noqa: E402

from glossary.base.han import fold  # noqa: E402
from glossary.extraction import classify  # noqa: E402
from glossary.extraction.extract import DocumentStats, _raw_occurrences  # noqa: E402
from glossary.extraction.forms import WO, W  # noqa: E402
from glossary.extraction.reader import Block, open_document  # noqa: E402

TOML = ROOT / "data" / "tables" / "type_votes.toml"
SEED = ROOT.parent / "shared" / "corpus" / "kic-china-195.txt"
SEED_GOLD = ROOT.parent / "shared" / "gold" / "kic195.pairs.jsonl"
GRID = (0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8)
FIXED = {"org_prior"}  # the prior is the scale the others are measured against
# 중국, 한국: the scale of the origin weights; a dynasty's weight is kept as set: the fitting rows hold two
# Koreans in a Chinese dynasty's sentence (최치원 in 당나라) and no Chinese place or thing of the past, so a
# fit would drop the dynasties that tell 만리장성(萬里長城) Chinese
ORIGIN_FIXED = {"country", "dynasty"}
ORIGIN_GRID = (0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6)


Example = tuple[dict, int, frozenset, int]  # (evidence of the name in its document, mentions, gold types, count)


# a document's stats, and its labelled names read in Sino-Korean (whose origin the [origin] weights decide):
# (the occurrence, its origin before the document's decisions, the gold origin)
OriginDoc = tuple[DocumentStats, list[tuple[object, str, str]]]
ORIGIN_DOCS: dict[str, list[OriginDoc]] = {}


def _stats(blocks, gold: list[dict] | None = None, name: str = "") -> DocumentStats:
    stats = DocumentStats()
    occurrences = []
    for occ in _raw_occurrences(blocks, "fit", None, None, [], stats):
        stats.add(occ)
        occurrences.append(occ)
    if gold:
        origin = {fold(g["hanzi"].replace(" ", "")): g["origin"] for g in gold}
        weighed = [(o, o.origin, origin[o.key]) for o in occurrences
                   if o.key in origin and o.key in stats.korean and "zh" not in stats.korean[o.key]]
        if weighed:
            ORIGIN_DOCS.setdefault(name, []).append((stats, weighed))
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
        sets["types.tsv"] += _examples(_stats([Block([r["sentence"]], [1])], [r], "types.tsv"), [r])
    sets["dev_documents.txt"] = []
    for doc in documents():
        if doc["part"] == "fit":  # never the held-out documents, nor those written after the change
            lines = doc["text"].split("\n")
            sets["dev_documents.txt"] += _examples(_stats([Block(lines, list(range(1, len(lines) + 1)))],
                                                          doc["pairs"], "dev_documents.txt"), doc["pairs"])
    sets["real_documents.txt"] = []
    for doc in documents(REAL, REAL_PARTS):
        if doc["part"] == "dev":  # never its held-out part
            lines = doc["text"].split("\n")
            sets["real_documents.txt"] += _examples(_stats([Block(lines, list(range(1, len(lines) + 1)))],
                                                           doc["pairs"], "real_documents.txt"), doc["pairs"])
    for pairs in sorted((ROOT / "data" / "samples").glob("*.pairs.jsonl")):
        text = pairs.with_name(pairs.name.replace(".pairs.jsonl", ".txt"))
        gold = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets[text.name] = _examples(_stats(open_document(text).blocks, gold, text.name), gold)
    if SEED.exists() and SEED_GOLD.exists():
        gold = [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets["seed"] = _examples(_stats(open_document(SEED).blocks, gold, "seed"), gold)
    return sets


def correct(examples: list[Example]) -> int:
    return sum(n for ev, mentions, gold, n in examples if classify.decide_type(ev, mentions) in gold)


def ascend(weights, fixed: set[str], grid: tuple, right) -> dict[str, float]:
    """Coordinate ascent: one weight of the namespace at a time over the grid, keeping a value only when
    ``right()`` (occurrences right with the current weights) grows; ties keep the current value."""
    names = [n for n in vars(weights) if n not in fixed]
    best = right()
    for _ in range(5):
        changed = False
        for name in names:
            current = getattr(weights, name)
            for value in grid:
                if value == current:
                    continue
                setattr(weights, name, value)
                got = right()
                if got > best:
                    best, current, changed = got, value, True
            setattr(weights, name, current)
        if not changed:
            break
    return dict(vars(weights))


def fit(sets: dict[str, list[Example]]) -> dict[str, float]:
    examples = [e for part in sets.values() for e in part]
    return ascend(W, FIXED, GRID, lambda: correct(examples))


def origins_right(docs: list[OriginDoc]) -> int:
    """Labelled names read in Sino-Korean whose origin comes out right with the current weights."""
    right = 0
    for stats, weighed in docs:
        stats.types.clear()
        stats.origins.clear()
        for occ, raw, gold in weighed:
            occ.origin = raw
            right += stats.apply(occ).origin == gold
    return right


def fit_origins(docs: dict[str, list[OriginDoc]]) -> dict[str, float]:
    """The [origin] weights, as fit chooses the types'."""
    every = [d for part in docs.values() for d in part]
    return ascend(WO, ORIGIN_FIXED, ORIGIN_GRID, lambda: origins_right(every))


def write(weights: dict[str, float]) -> None:
    text = TOML.read_text(encoding="utf-8")
    for name, value in weights.items():
        shown = int(value) if float(value).is_integer() else value
        text = re.sub(rf"^({re.escape(name)}\s*=\s*)[0-9.]+", rf"\g<1>{shown}", text, flags=re.M)
    TOML.write_text(text, encoding="utf-8")


def write_section(weights: dict[str, float], section: str) -> None:
    """Write weights into one [section] of the TOML only (its names may recur in another section)."""
    text = TOML.read_text(encoding="utf-8")
    head = text.index(f"[{section}]")
    end = text.find("\n[", head + 1)
    body = text[head:] if end < 0 else text[head:end]
    for name, value in weights.items():
        shown = int(value) if float(value).is_integer() else value
        body = re.sub(rf"^({re.escape(name)}\s*=\s*)[0-9.]+", rf"\g<1>{shown}", body, flags=re.M)
    TOML.write_text(text[:head] + body + ("" if end < 0 else text[end:]), encoding="utf-8")


def _changed(before: dict[str, float], after: dict[str, float]) -> None:
    for name, value in after.items():
        if value != before[name]:
            print(f"  {name}: {before[name]} → {value}")


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
    _changed(before, weights)
    origin_before = dict(vars(WO))
    sizes = {k: sum(len(w) for _, w in v) for k, v in ORIGIN_DOCS.items()}

    def counts() -> str:
        return ", ".join(f"{k} {origins_right(v)}/{sizes[k]}" for k, v in ORIGIN_DOCS.items())

    print("origins before: " + counts())
    origin_weights = fit_origins(ORIGIN_DOCS)
    print("origins after:  " + counts())
    _changed(origin_before, origin_weights)
    if args.write:
        write(weights)
        write_section(origin_weights, "origin")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
