"""Types and origins on the project's own labelled pairs (data/gold/types.tsv), with a held-out split.

Each row's sentence is extracted as a document of its own; the row's pair is looked up among the
occurrences by its Hanzi. Prints, for the fitting rows and the held-out rows apart: pairs found, type
accuracy, origin accuracy, per-type precision and recall, and the type confusion matrix (gold rows,
predicted columns); ``--misses`` lists the wrong ones.

The split is by a hash of the Hanzi (one name never on both sides): held out when the CRC32 of its
UTF-8 bytes is 0 mod 3.

Usage: python scripts/eval_types.py [--misses] [--split all|fit|held-out] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.base.han import fold  # noqa: E402
from glossary.extraction.classify import TYPES  # noqa: E402
from glossary.extraction.extract import extract_text  # noqa: E402

GOLD = ROOT / "data" / "gold" / "types.tsv"


def rows(path: Path = GOLD) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("korean\t"):
            continue
        korean, hanzi, type_, origin, sentence = line.split("\t")
        out.append({"korean": korean, "hanzi": hanzi, "type": type_, "origin": origin, "sentence": sentence})
    return out


def held_out(hanzi: str) -> bool:
    return zlib.crc32(hanzi.encode("utf-8")) % 3 == 0


def predict(row: dict) -> dict | None:
    result = extract_text(row["sentence"], doc="gold")
    key = fold(row["hanzi"].replace("：", ":"))
    for occ in result:
        if occ.hanzi == row["hanzi"] or fold(occ.hanzi) == key:
            return {"korean": occ.korean, "type": occ.type, "origin": occ.origin,
                    "confidence": getattr(occ, "type_confidence", None)}
    return None


def score(pairs: list[tuple[dict, dict | None]]) -> dict:
    found = [(g, p) for g, p in pairs if p is not None]
    confusion: Counter = Counter((g["type"], p["type"]) for g, p in found)
    per_type = {}
    for t in TYPES:
        tp = confusion[(t, t)]
        predicted = sum(n for (_, b), n in confusion.items() if b == t)
        gold = sum(n for (a, _), n in confusion.items() if a == t)
        if predicted or gold:
            per_type[t] = {"precision": tp / predicted if predicted else None,
                           "recall": tp / gold if gold else None, "gold": gold}
    by_origin = Counter((g["origin"], p["origin"]) for g, p in found)
    return {
        "rows": len(pairs), "found": len(found),
        "type_accuracy": sum(g["type"] == p["type"] for g, p in found) / max(1, len(found)),
        "origin_accuracy": sum(g["origin"] == p["origin"] for g, p in found) / max(1, len(found)),
        "per_type": per_type, "confusion": {f"{a}>{b}": n for (a, b), n in sorted(confusion.items())},
        "origin_confusion": {f"{a}>{b}": n for (a, b), n in sorted(by_origin.items())},
    }


def _table(s: dict) -> str:
    lines = [f"pairs found {s['found']}/{s['rows']}   type accuracy {s['type_accuracy']:.3f}   "
             f"origin accuracy {s['origin_accuracy']:.3f}", "",
             "| type | gold | precision | recall |", "|---|---|---|---|"]
    for t, v in s["per_type"].items():
        p = "–" if v["precision"] is None else f"{v['precision']:.2f}"
        r = "–" if v["recall"] is None else f"{v['recall']:.2f}"
        lines.append(f"| {t} | {v['gold']} | {p} | {r} |")
    used = [t for t in TYPES if t in s["per_type"]]
    lines += ["", "| gold \\ predicted | " + " | ".join(used) + " |", "|---" * (len(used) + 1) + "|"]
    for a in used:
        lines.append(f"| {a} | " + " | ".join(str(s["confusion"].get(f"{a}>{b}", "")) for b in used) + " |")
    lines += ["", "origin (gold>predicted): " + ", ".join(f"{k} {v}" for k, v in s["origin_confusion"].items())]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--split", choices=("all", "fit", "held-out"), default="all")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    pairs = [(g, predict(g)) for g in rows()]
    parts = {"fit": [x for x in pairs if not held_out(x[0]["hanzi"])],
             "held-out": [x for x in pairs if held_out(x[0]["hanzi"])]}
    if args.split != "all":
        parts = {args.split: parts[args.split]}
    report = {name: score(part) for name, part in parts.items()}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for name, s in report.items():
            print(f"## {name}\n\n{_table(s)}\n")
    if args.misses:
        for name, part in parts.items():
            for g, p in part:
                if p is None or p["type"] != g["type"] or p["origin"] != g["origin"]:
                    got = "not found" if p is None else f"{p['type']}/{p['origin']} ({p['korean']})"
                    print(f"{name}\t{g['korean']}({g['hanzi']})\t{g['type']}/{g['origin']}\t→ {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
