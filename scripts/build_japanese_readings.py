"""Regenerate data/tables/japanese_readings.tsv from Unihan (kJapaneseOn, kJapaneseKun).

Why: Korean texts about Japan render kanji names by their Japanese reading (町田徹 마치다 토오루,
蔭山 카게야마); the aligner needs those readings to find the Korean that renders them and to tell a
Japanese name from a Chinese one. Readings are Hepburn romaji, lower-cased, on-readings first.

Usage: python scripts/build_japanese_readings.py [--unihan /usr/share/unicode] [--out ...]
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from unihan_tables import open_unihan, run


def build(unihan: Path) -> dict[str, list[str]]:
    found: dict[str, dict[str, list[str]]] = defaultdict(dict)
    with open_unihan(unihan, "Unihan_Readings.txt") as fh:
        for line in fh:
            if line.startswith("#") or "\tkJapanese" not in line:
                continue
            cp, field, value = line.rstrip("\n").split("\t", 2)
            if field in ("kJapaneseOn", "kJapaneseKun"):
                found[chr(int(cp[2:], 16))][field] = value.lower().split()
    return {ch: list(dict.fromkeys(f.get("kJapaneseOn", []) + f.get("kJapaneseKun", []))) for ch, f in found.items()}


def main() -> None:
    run(__doc__, "japanese_readings.tsv", [
        "Japanese readings (on, then kun; Hepburn romaji) of Han characters, derived from Unicode's",
        "Unihan database by scripts/build_japanese_readings.py. Unicode License v3 (LICENSE-UNICODE).",
    ], build)


if __name__ == "__main__":
    main()
