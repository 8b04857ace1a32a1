"""Compare the Korean analyzers on particle cases after names (own examples): accuracy and words/s.

Each case is a word as it stands after a Chinese name in Korean text and the name it should leave.
Prints one line per analyzer; docs/benchmarks.md records the numbers and the choice.
Usage: .venv/bin/python bench/compare_morph.py

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import time

from glossary.base.errors import GlossaryError
from glossary.extraction.morph import ANALYZERS, get_analyzer, strip_particle

CASES = [
    ("핀둬둬가", "핀둬둬"), ("레이쥔은", "레이쥔"), ("더우인은", "더우인"), ("즈푸바오가", "즈푸바오"),
    ("마이그룹의", "마이그룹"), ("베이징에서", "베이징"), ("샤오미와", "샤오미"), ("알리바바로부터", "알리바바"),
    ("텐센트도", "텐센트"), ("화웨이까지", "화웨이"), ("궈메이", "궈메이"), ("리창이", "리창"), ("왕이", "왕이"),
    ("펑젠전은", "펑젠전"), ("쑨원의", "쑨원"), ("상하이를", "상하이"), ("충칭시에서는", "충칭시"),
    ("징둥과", "징둥"), ("우한이", "우한"), ("시진핑", "시진핑"), ("후진타오는", "후진타오"), ("왕이가", "왕이"),
    ("마윈처럼", "마윈"), ("바이두보다", "바이두"), ("쿵중윈후이", "쿵중윈후이"), ("둬둬마이차이를", "둬둬마이차이"),
    ("차이나", "차이나"), ("타카시나루리는", "타카시나루리"), ("핑안굿닥터에", "핑안굿닥터"), ("선전으로", "선전"),
    ("런정페이와의", "런정페이"), ("메이퇀이라는", "메이퇀"), ("디디추싱", "디디추싱"), ("하이얼을", "하이얼"),
    ("자오전잉이", "자오전잉"), ("스후이퇀은", "스후이퇀"), ("웨이라이", "웨이라이"), ("이핀성셴과", "이핀성셴"),
]


def main() -> None:
    for name in ANALYZERS:
        try:
            analyzer = get_analyzer(name)
            t0 = time.perf_counter()
            analyzer.particle("시작")
            start = time.perf_counter() - t0
        except GlossaryError as exc:
            print(f"{name:8s} unavailable: {exc}")
            continue
        t0 = time.perf_counter()
        right = sum(strip_particle(analyzer, w) == stem for w, stem in CASES)
        elapsed = time.perf_counter() - t0
        wrong = [w for w, stem in CASES if strip_particle(analyzer, w) != stem]
        print(f"{name:8s} {right}/{len(CASES)} right ({right / len(CASES):.0%}), start-up {start:.1f} s, "
              f"{len(CASES) / elapsed:,.0f} words/s uncached; wrong: {' '.join(wrong)}")


if __name__ == "__main__":
    main()
