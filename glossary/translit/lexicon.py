"""Known renderings that the rules cannot derive: customary forms, pre-1911 persons, generic words.

Two tables feed it: customary.tsv (whole names: 香港 홍콩, 欧阳修 구양수, 腾讯 텐센트) and
generic_terms.tsv (parts of names rendered by translation: 集团 그룹, 好医生 굿닥터). Users add their
own rows from a file with the same columns; a curated glossary adds its approved forms.

Design: docs/transliteration.md
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

from glossary.base.errors import GlossaryError
from glossary.base.han import fold
from glossary.base.hangul import compact
from glossary.base.resources import read_table


@dataclass(frozen=True)
class KnownForm:
    hanzi: str
    korean: str
    kind: str  # historical | customary | sino
    source: str


@dataclass(eq=False)
class Lexicon:
    """Whole-name exceptions by key, and generic-word renderings by key.

    Hashed by identity, with a version that grows on every change: callers cache results per
    (lexicon, version), so a row added later is never hidden by a cached answer."""

    names: dict[str, KnownForm] = field(default_factory=dict)
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    version: int = 0
    # curated words with their jieba part-of-speech flag (an approved 步步高 as nt): jieba's answers for
    # this lexicon take them into account (translit.pinyin), without changing jieba's shared dictionary
    words: dict[str, str] = field(default_factory=dict)

    def add_words(self, words: list[tuple[str, str]]) -> None:
        for word, flag in words:
            self.words[word] = flag
        if words:
            self.version += 1
            self._caches: dict[str, dict] = {}

    @property
    def max_word_len(self) -> int:
        if getattr(self, "_max_word", (None,))[0] != self.version:
            self._max_word = (self.version, max((len(w) for w in self.words), default=0))
        return self._max_word[1]

    def cache(self, name: str) -> dict:
        """A cache that lives with this lexicon and is emptied when its words change."""
        caches = self.__dict__.setdefault("_caches", {})
        return caches.setdefault(name, {})

    def add_name(self, hanzi: str, korean: str, kind: str = "customary", source: str = "user") -> None:
        self.names[fold(hanzi)] = KnownForm(hanzi, korean, kind, source)
        self.version += 1

    def add_term(self, hanzi: str, forms: tuple[str, ...]) -> None:
        key = fold(hanzi)
        self.version += 1
        self.terms[key] = tuple(dict.fromkeys((*self.terms.get(key, ()), *forms)))

    def lookup(self, hanzi: str) -> KnownForm | None:
        return self.names.get(fold(hanzi))

    @property
    def max_term_len(self) -> int:
        if getattr(self, "_max_len", (None,))[0] != self.version:
            self._max_len = (self.version, max((len(k) for k in self.terms), default=1))
        return self._max_len[1]

    def renderings(self, key: str) -> tuple[str, ...]:
        """Korean renderings of a simplified Hanzi substring known to this lexicon (terms and names)."""
        out = self.terms.get(key, ())
        name = self.names.get(key)
        return (*out, compact(name.korean)) if name else out

    def load_file(self, path: str | Path) -> None:
        """Add rows from a user TSV with columns hanzi, korean[, kind, source]."""
        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))
        except (OSError, UnicodeDecodeError) as exc:
            raise GlossaryError(f"{path}: cannot read exceptions table ({exc})") from exc
        if rows and not {"hanzi", "korean"} <= set(rows[0]):
            raise GlossaryError(f"{path}: an exceptions table needs the columns 'hanzi' and 'korean'")
        for row in rows:
            self.add_name(row["hanzi"], row["korean"], row.get("kind") or "customary", row.get("source") or str(path))


@functools.cache
def default_lexicon() -> Lexicon:
    """The bundled tables; copy it before adding user rows (see Lexicon.copy)."""
    lex = Lexicon()
    for r in read_table("customary.tsv"):
        lex.add_name(r["hanzi"], r["korean"], r["kind"], r["source"])
    for r in read_table("generic_terms.tsv"):
        lex.add_term(r["hanzi"], tuple(compact(k) for k in r["korean"].split("|") if k))
    return lex


def additions(lex: Lexicon, base: Lexicon | None = None) -> dict:
    """What ``lex`` holds beyond ``base`` (the bundled tables by default), as plain data: saved with a spaCy
    pipeline, given back to `with_additions`."""
    base = base or default_lexicon()
    names = [[f.hanzi, f.korean, f.kind, f.source] for k, f in lex.names.items() if base.names.get(k) != f]
    terms = {k: list(v) for k, v in lex.terms.items() if base.terms.get(k) != v}
    return {"names": names, "terms": terms, "words": [[w, f] for w, f in lex.words.items()]}


def with_additions(data: dict, base: Lexicon | None = None) -> Lexicon:
    """A copy of ``base`` (the bundled tables by default) with the additions of `additions` applied."""
    lex = copy_lexicon(base or default_lexicon())
    for hanzi, korean, kind, source in data.get("names", []):
        lex.add_name(hanzi, korean, kind, source)
    for key, forms in data.get("terms", {}).items():
        lex.add_term(key, tuple(forms))
    lex.add_words([(w, f) for w, f in data.get("words", [])])
    return lex


def copy_lexicon(lex: Lexicon) -> Lexicon:
    return Lexicon(dict(lex.names), dict(lex.terms), words=dict(lex.words))
