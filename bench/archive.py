"""A generated archive of Korean news about China, with the statistics of a real one (for the benches).

Repeating one file measures the caches, not the work: after its first copy every name, alignment and
window is a hit. This generator writes text whose names keep coming:

- names are drawn by a Zipf law (s ≈ 1.1) from a pool that grows with the archive (about one new name per
  6 KB of text: 170k distinct names in 1 GB), most of them never seen in the bundled samples: persons from
  surname and given-name frequency lists (the surname table of the project, common given-name
  characters), companies, places and media made by their patterns (a stem and a suffix: 科技, 集团, 日报,
  市 …);
- each name has its Korean by the official rules (suggest), and 8 % of its mentions use a variant
  spelling (젠 → 지엔, 쥔 → 준, the kinds writers use);
- about one pair per 0.5–1 KB, in the forms the extractor reads: 한글(漢字), a title between name and
  bracket, a bracket with an English name, title marks, a gloss separator, and a name's later mentions
  without Hanzi (first mentions without Hanzi too, 3 %);
- Korean filler from the project's common-noun list with particles and endings, the nouns drawn by a
  Zipf law too (a real vocabulary repeats its common words), so the text around the names is Korean
  prose of realistic word lengths and repetition;
- files of 2 KB to 2 MB (log-uniform sizes).

Deterministic for a seed. `python bench/archive.py OUT --mb 50` writes one.

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import random
from pathlib import Path

from glossary.base.resources import read_table
from glossary.translit.suggest import suggest

GIVEN = ("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 萍 红 建 文 辉 力 鹏 斌 宇 浩 凯 "
         "健 俊 帆 帅 旭 宁 龙 林 欣 佳 嘉 思 晨 瑞 晓 雪 婷 倩 颖 琳 慧 莉 梅 兰 凤 洁 琴 云 亮 成 东 海 波 飞 峰 "
         "鑫 鹤 志 国 荣 新 春 晶 博 昊 天 子 轩 宏 泽 振 兴 忠 德 永 安 立 家 庆 正 金 元 全 胜 学 祥 才 发 福 生 "
         "贵 江 山 清 清 友 义 诚 先 敬 震 振 辰 皓 然 朗 睿 哲 毅 翔 宸 一 鸣 彬 彦 炎 昕 悦 怡 璐 露 瑶 琪 蕾 薇 "
         "菲 妍 楠 曦 涵 月 阳 光 荣 卫 中 和 民 伦 庭 松 柏 桐 舟 航 远 达 通 顺 威 雄 豪 武 铭 钧 锋 钢").split()
STEMS = ("华 中 新 天 金 宏 鼎 汇 恒 瑞 腾 星 海 蓝 云 景 宇 博 远 信 安 泰 隆 嘉 盛 达 通 联 创 兴 晶 睿 智 "
         "源 航 龙 凤 美 丰 鑫 利 合 和 长 光 明 东 西 南 北 京 沪 粤 川 湘 鲁 苏 浙 闽 黔 滇 秦 晋 蜀 吴 越 楚 "
         "微 芯 视 数 云 链 能 电 驰 途 米 果 豆 乐 趣 快 速 享 优 品 选 家 居 医 药 康 健 食 味 茶 酒").split()
COMPANY = ["科技", "集团", "电子", "控股", "银行", "汽车", "医药", "能源", "网络", "证券", "物流", "传媒", "半导体"]
PLACE = ["市", "县", "区", "镇"]
MEDIA = ["日报", "晚报", "周刊", "财经", "商报", "时报"]
TITLES = {"PERSON": ["회장", "대표", "부사장", "총경리", "교수", "위원장", "시장", "대변인", "연구원"],
          "ORG": ["", "", "측은", "관계자는"], "PLACE": ["", "일대에서", "당국은"], "MEDIA": ["", "보도에 따르면"]}
ENGLISH = {"ORG": ["Group", "Technology", "Holdings", "Bank", "Motors"]}
VARIANTS = [("젠", "지엔"), ("쥔", "준"), ("셴", "시엔"), ("유", "요우"), ("후이", "휘"), ("쉬안", "쉔"), ("싱", "씽"),
            ("더우", "도우"), ("둥", "동"), ("충", "총")]
ENDINGS = ["했다.", "밝혔다.", "전했다.", "설명했다.", "강조했다.", "덧붙였다.", "예정이다.", "나타났다.",
           "것으로 알려졌다."]
PARTICLES = [("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("의", "의"), ("에", "에"), ("에서", "에서"),
             ("도", "도"), ("으로", "로"), ("", "")]


def particle(word: str, rng: random.Random) -> str:
    """A particle that fits the word's last syllable (은 after a final consonant, 는 after a vowel)."""
    after_consonant, after_vowel = rng.choice(PARTICLES)
    last = word[-1] if word else "가"
    closed = "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0
    return after_consonant if closed else after_vowel


class Pool:
    """A growing pool of names; a mention draws by a Zipf law over the names made so far."""

    def __init__(self, rng: random.Random, s: float = 1.1) -> None:
        self.rng = rng
        self.s = s
        self.names: list[tuple[str, str, str, str | None]] = []  # hanzi, korean, type, english
        self.keys: set[str] = set()
        self.cum: list[float] = []
        surnames = [r["surname"] for r in read_table("surnames.tsv") if len(r["surname"]) == 1]
        self.surnames = surnames[:120] or ["王", "李", "张"]

    def grow(self) -> None:
        rng = self.rng
        for _ in range(50):
            kind = rng.choices(("PERSON", "ORG", "PLACE", "MEDIA"), (55, 30, 10, 5))[0]
            if kind == "PERSON":
                hanzi = rng.choice(self.surnames) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2, 2))))
            elif kind == "ORG":
                hanzi = "".join(rng.sample(STEMS, 2)) + rng.choice(COMPANY)
            elif kind == "PLACE":
                hanzi = "".join(rng.sample(STEMS, 2)) + rng.choice(PLACE)
            else:
                hanzi = "".join(rng.sample(STEMS, 2)) + rng.choice(MEDIA)
            if hanzi in self.keys:
                continue
            sug = suggest(hanzi, person=kind == "PERSON")
            if not sug.official:
                continue
            english = None
            if kind == "ORG" and rng.random() < 0.15:
                stem = "".join(w.capitalize() for w in (sug.pinyin or "x").split()[:2])
                english = f"{stem} {rng.choice(ENGLISH['ORG'])}"
            self.keys.add(hanzi)
            self.names.append((hanzi, sug.official, kind, english))
            n = len(self.names)
            self.cum.append((self.cum[-1] if self.cum else 0.0) + 1.0 / n ** self.s)
            return

    def draw(self) -> tuple[str, str, str, str | None]:
        x = self.rng.random() * self.cum[-1]
        return self.names[min(bisect.bisect_left(self.cum, x), len(self.names) - 1)]


def variant(korean: str, rng: random.Random) -> str:
    for a, b in rng.sample(VARIANTS, len(VARIANTS)):
        if a in korean:
            return korean.replace(a, b, 1)
    return korean


class Writer:
    def __init__(self, seed: int = 7, bytes_per_new_name: int = 6000) -> None:
        self.rng = random.Random(seed)
        self.pool = Pool(self.rng)
        nouns = [r["word"] for r in read_table("korean_common_nouns.tsv")]
        self.nouns = self.rng.sample(nouns, min(20000, len(nouns)))
        self.noun_weights = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(self.nouns))))
        self.bytes_per_new_name = bytes_per_new_name
        self.written = 0
        self.pairs = 0

    def filler(self, words: int) -> str:
        rng = self.rng
        out = []
        for noun in rng.choices(self.nouns, cum_weights=self.noun_weights, k=words):
            out.append(noun + particle(noun, rng))
        return " ".join(out) + " " + rng.choice(ENDINGS)

    def mention(self, seen: dict[str, str]) -> str:
        rng = self.rng
        hanzi, korean, kind, english = self.pool.draw()
        spelled = variant(korean, rng) if rng.random() < 0.08 else korean
        after = particle(spelled, rng)
        if hanzi in seen and rng.random() < 0.5:
            return f"{seen[hanzi]}{particle(seen[hanzi], rng)}"  # a later mention without Hanzi
        first = hanzi not in seen
        seen[hanzi] = spelled
        if first and rng.random() < 0.03:
            return f"{spelled}{after}"  # a first mention without Hanzi
        self.pairs += 1
        title = rng.choice(TITLES[kind])
        form = rng.random()
        if english and form < 0.5:
            return f"{spelled}({hanzi}, {english}){after}"
        if kind == "PERSON" and title and form < 0.3:
            return f"{spelled} {title}({hanzi}){particle(title, rng)}"
        if kind == "MEDIA" and form < 0.4:
            return f"《{spelled}({hanzi})》{after}"
        if form < 0.06:
            return f"{spelled}·{hanzi}{after}"
        return f"{spelled}({hanzi}){after}"

    def paragraph(self, seen: dict[str, str]) -> str:
        rng = self.rng
        sentences = []
        for _ in range(rng.randint(2, 6)):
            words = rng.randint(6, 16)
            if rng.random() < 0.45:
                sentences.append(self.filler(words))  # a sentence without a name
                continue
            head = self.filler(words // 2).rsplit(" ", 1)[0]
            sentences.append(f"{head} {self.mention(seen)} {self.filler(words - words // 2)}")
        return " ".join(sentences)

    def document(self, size: int) -> str:
        seen: dict[str, str] = {}
        parts, n = [], 0
        while n < size:
            while self.written > len(self.pool.names) * self.bytes_per_new_name or not self.pool.names:
                self.pool.grow()
            p = self.paragraph(seen)
            parts.append(p)
            b = len(p.encode("utf-8")) + 1
            n += b
            self.written += b
        return "\n".join(parts) + "\n"


def write_archive(out: Path, mb: float, seed: int = 7) -> dict:
    """Write ``mb`` megabytes of documents into ``out``; returns counts."""
    out.mkdir(parents=True, exist_ok=True)
    w = Writer(seed)
    rng = random.Random(seed + 1)
    total, files = int(mb * 1_000_000), 0
    for i in itertools.count():
        if w.written >= total:
            break
        size = int(math.exp(rng.uniform(math.log(2_000), math.log(2_000_000))))
        size = min(size, total - w.written + 2_000)
        (out / f"doc{i:05d}.txt").write_text(w.document(size), encoding="utf-8")
        files += 1
    return {"files": files, "bytes": w.written, "names": len(w.pool.names), "pairs": w.pairs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--mb", type=float, default=10)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(write_archive(args.out, args.mb, args.seed))


if __name__ == "__main__":
    main()
