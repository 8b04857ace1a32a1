"""Types and origins on the project's own labelled pairs, with held-out parts that are never fitted on.

Three sets: data/gold/types.tsv, one sentence per row, each extracted as a document of its own;
data/gold/dev_documents.txt, short documents in the forms Korean media write (several names per
document, so that a document's evidence is seen), each with its labelled pairs and its part (fit,
held-out, or after: written after the classifier changed); and data/gold/real_documents.txt, a second
such set written after reading how Korean pages write these names, split into dev and held-out before
the classifier changed for it. A pair is looked up among its document's
occurrences by its Hanzi; a gold type may list several acceptable ones (ORG|PRODUCT). Prints, per part:
pairs found, type accuracy, origin accuracy, per-type precision and recall, the type confusion matrix
(gold rows, predicted columns), and how honest the type confidence is (the share of wrong types below
0.5, which a reviewer sorting by "Type sure" sees first, and the share of right ones below 0.5, which
cost a look for nothing); ``--misses`` lists the wrong ones.

types.tsv's split is by a hash of the Hanzi (one name never on both sides): held out when the CRC32 of
its UTF-8 bytes is 0 mod 3. The documents' split is written in the file, per document.

Usage: python scripts/eval_types.py [--misses] [--set types|dev|real|all] [--split all|fit|held-out|after|dev] [--json]
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
DEV = ROOT / "data" / "gold" / "dev_documents.txt"
REAL = ROOT / "data" / "gold" / "real_documents.txt"
PARTS = ("fit", "held-out", "after")
REAL_PARTS = ("dev", "held-out")


def rows(path: Path = GOLD) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("korean\t"):
            continue
        korean, hanzi, type_, origin, sentence = line.split("\t")
        out.append({"korean": korean, "hanzi": hanzi, "type": type_, "origin": origin, "sentence": sentence})
    return out


def documents(path: Path = DEV, parts: tuple[str, ...] = PARTS) -> list[dict]:
    """The development documents: {"id", "part", "text", "pairs": [{"korean", "hanzi", "type", "origin"}]}."""
    out: list[dict] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("=== "):
            ident, part = line[4:].split()
            if part not in parts:
                raise ValueError(f"{path.name}: part {part!r} of {ident} is not one of {', '.join(parts)}")
            out.append({"id": ident, "part": part, "lines": [], "pairs": []})
        elif line.startswith("= "):
            korean, hanzi, type_, origin = line[2:].split("\t")
            out[-1]["pairs"].append({"korean": korean, "hanzi": hanzi, "type": type_, "origin": origin,
                                     "doc": out[-1]["id"]})
        elif line.strip() and out:
            out[-1]["lines"].append(line)
    for d in out:
        d["text"] = "\n".join(d.pop("lines"))
    return out


def predict_document(doc: dict) -> list[tuple[dict, dict | None]]:
    occurrences = extract_text(doc["text"], doc=doc["id"])
    return [(g, _find(occurrences, g)) for g in doc["pairs"]]


def held_out(hanzi: str) -> bool:
    return zlib.crc32(hanzi.encode("utf-8")) % 3 == 0


def predict(row: dict) -> dict | None:
    return _find(extract_text(row["sentence"], doc="gold"), row)


def _find(occurrences, row: dict) -> dict | None:
    key = fold(row["hanzi"].replace("：", ":"))
    for occ in occurrences:
        if occ.hanzi == row["hanzi"] or fold(occ.hanzi) == key:
            return {"korean": occ.korean, "type": occ.type, "origin": occ.origin,
                    "confidence": getattr(occ, "type_confidence", None)}
    return None


def type_right(gold: dict, predicted: dict) -> bool:
    return predicted["type"] in gold["type"].split("|")


def score(pairs: list[tuple[dict, dict | None]]) -> dict:
    found = [(g, p) for g, p in pairs if p is not None]
    # a gold row that accepts several types is counted under the one predicted when it is among them
    found = [({**g, "type": p["type"] if type_right(g, p) else g["type"].split("|")[0]}, p) for g, p in found]
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
    wrong = [p["confidence"] for g, p in found if g["type"] != p["type"]]
    right = [p["confidence"] for g, p in found if g["type"] == p["type"]]
    return {
        "rows": len(pairs), "found": len(found),
        "type_accuracy": sum(g["type"] == p["type"] for g, p in found) / max(1, len(found)),
        "origin_accuracy": sum(g["origin"] == p["origin"] for g, p in found) / max(1, len(found)),
        "per_type": per_type, "confusion": {f"{a}>{b}": n for (a, b), n in sorted(confusion.items())},
        "origin_confusion": {f"{a}>{b}": n for (a, b), n in sorted(by_origin.items())},
        "wrong_below_half": sum(c < 0.5 for c in wrong) / len(wrong) if wrong else None, "wrong": len(wrong),
        "right_below_half": sum(c < 0.5 for c in right) / len(right) if right else None, "right": len(right),
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
    share = "–" if s["wrong_below_half"] is None else f"{s['wrong_below_half']:.2f}"
    lines += [f"type confidence below 0.5: {share} of the {s['wrong']} wrong types, "
              f"{s['right_below_half'] or 0:.2f} of the {s['right']} right ones"]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--set", choices=("types", "dev", "real", "all"), default="all")
    ap.add_argument("--split", choices=("all", *PARTS, "dev"), default="all")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    parts: dict[str, list] = {}
    if args.set in ("types", "all"):
        pairs = [(g, predict(g)) for g in rows()]
        parts["types.tsv fit"] = [x for x in pairs if not held_out(x[0]["hanzi"])]
        parts["types.tsv held-out"] = [x for x in pairs if held_out(x[0]["hanzi"])]
    if args.set in ("dev", "all"):
        docs = documents()
        for part in PARTS:
            got = [x for d in docs if d["part"] == part for x in predict_document(d)]
            if got:
                parts[f"documents {part}"] = got
    if args.set in ("real", "all"):
        docs = documents(REAL, REAL_PARTS)
        for part in REAL_PARTS:
            parts[f"real documents {part}"] = [x for d in docs if d["part"] == part for x in predict_document(d)]
    if args.split != "all":
        parts = {k: v for k, v in parts.items() if k.endswith(" " + args.split)}
    report = {name: score(part) for name, part in parts.items()}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for name, s in report.items():
            print(f"## {name}\n\n{_table(s)}\n")
    if args.misses:
        for name, part in parts.items():
            for g, p in part:
                if p is None or not type_right(g, p) or p["origin"] != g["origin"]:
                    got = "not found" if p is None else f"{p['type']}/{p['origin']} ({p['korean']}) {p['confidence']}"
                    where = f"{g['doc']}\t" if "doc" in g else ""
                    print(f"{name}\t{where}{g['korean']}({g['hanzi']})\t{g['type']}/{g['origin']}\t→ {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
