"""Regenerate data/tables/cantonese_readings.tsv from Unihan (kCantonese, jyutping).

Why: Korean news writes Hong Kong and Macau names by their Cantonese sound, after the English
romanisation Hong Kong uses (李嘉誠 Li Ka-shing 리카싱, 梁振英 Leung Chun-ying 렁춘잉); the aligner needs the
Cantonese readings to find the Korean that renders them. Readings are jyutping without tones.

Usage: python scripts/build_cantonese_readings.py [--unihan /usr/share/unicode] [--out ...]
(the Unihan files come with Debian's unicode-data package).
"""

from __future__ import annotations

import re
from pathlib import Path

from unihan_tables import open_unihan, run


def build(unihan: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with open_unihan(unihan, "Unihan_Readings.txt") as fh:
        for line in fh:
            if line.startswith("#") or "\tkCantonese\t" not in line:
                continue
            cp, _, value = line.rstrip("\n").split("\t", 2)
            readings = [re.sub(r"\d", "", r) for r in value.split()]
            found[chr(int(cp[2:], 16))] = list(dict.fromkeys(readings))
    return found


def main() -> None:
    run(__doc__, "cantonese_readings.tsv", [
        "Cantonese readings (jyutping, tones removed) of Han characters, derived from Unicode's Unihan",
        "database (kCantonese) by scripts/build_cantonese_readings.py. Unicode License v3 (LICENSE-UNICODE).",
    ], build)


if __name__ == "__main__":
    main()
