"""The check's rules: one table of the kinds of finding, and each rule a small function from a mention and
the spelling expected of it to a finding, or none.

A new kind of finding costs a row in ``KINDS``, a rule here and a test. The rules are pure: they read a
mention, its expectation (check.expect) and, for some, what the orchestration counted; they never read a
document, spool or worker state (an import contract in pyproject.toml says so).

The kinds, with their severity:

- ``inconsistent`` (error): one Hanzi written with different Korean spellings (펭지엔전 / 펑지엔전), or a
  near misspelling of a name of the documents written without Hanzi (레이준 for 레이쥔);
- ``not-approved`` (error): a spelling other than the glossary's approved form, with or without Hanzi
  next to it (핀둬둬가 found by its spelling, 펭지엔전은 by its phonetic key, 레이준은 as a near variant);
- ``house-style`` (error): a correct spelling (official or customary) that the policy did not choose;
- ``ambiguous`` (error): one Korean spelling used for two different Hanzi;
- ``unreadable`` (error): a document that could not be read, with the reason;
- ``hanzi-late`` (warning): a name whose first mention in a document has no Hanzi while a later one has;
- ``mixed`` (warning): with no policy, one document writes a name both ways (official and customary);
- ``non-official`` (info): a transliteration (every part rendered by Mandarin sound) that is not the
  official spelling (자오천잉 → 자오전잉); Sino-Korean readings and translated renderings are other names;
- ``alternative`` (info): another name for the same Hanzi (a translated or shortened form).

Design: docs/check.md
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NamedTuple

from glossary.base.han import han_only
from glossary.base.hangul import compact, is_syllable, split
from glossary.check.expect import Expected, is_variant
from glossary.extraction.align import align
from glossary.termbase.resolve import VARIANT_DISTANCE
from glossary.translit import phonetic

LEVELS = {"info": 0, "warning": 1, "error": 2}


class Kind(NamedTuple):
    severity: str  # error | warning | info
    message: str  # one sentence for a person; {korean} {key} {policy} {context} are filled in
    fixed: bool = False  # fix replaces the spelling with the expected one


KINDS: dict[str, Kind] = {
    "inconsistent": Kind("error", "{korean} for {key}: this name is spelled another way in these documents", True),
    "not-approved": Kind("error", "{korean} for {key} is not the glossary's approved spelling", True),
    "house-style": Kind("error", "{korean} for {key} is correct, but not the spelling chosen by {policy}", True),
    "ambiguous": Kind("error", "{korean} is written for several names: {key}"),
    "unreadable": Kind("error", "the document could not be read: {context}"),
    "hanzi-late": Kind("warning", "{korean} ({key}) is first mentioned without its Hanzi, which a later mention "
                                  "gives"),
    "mixed": Kind("warning", "{korean} for {key}: this document writes the name both ways, {policy}"),
    "non-official": Kind("info", "{korean} for {key} is not the official spelling"),
    "alternative": Kind("info", "{korean} is another name for {key} (a translated or shortened form)"),
}
FIXED_KINDS = tuple(k for k, v in KINDS.items() if v.fixed)


@dataclass
class Finding:
    kind: str
    severity: str
    doc: str
    line: int
    key: str
    korean: str
    expected: str | None
    context: str
    path: str = ""  # the document as it was named (doc is its file name)
    col: int = 1  # 1-based column where the Korean starts on its line
    policy: str = ""  # house-style and mixed: the policy (house style official, the glossary's approved form …)

    @classmethod
    def of(cls, kind: str, doc: str, line: int, key: str, korean: str, expected: str | None, context: str,
           **more) -> Finding:
        """A finding of ``kind``, its severity from the table."""
        return cls(kind, KINDS[kind].severity, doc, line, key, korean, expected, context, **more)

    def to_dict(self) -> dict:
        # its fields in order, by hand: dataclasses.asdict deep-copies every value, a cost per finding that
        # an archive's check paid a million times
        return {name: getattr(self, name) for name in _FINDING_FIELDS}

    @property
    def message(self) -> str:
        """One sentence for a person: what is wrong, and with which name."""
        kind = KINDS.get(self.kind)
        text = kind.message if kind else "{korean} ({key})"
        return text.format(korean=self.korean, key=self.key, policy=self.policy, context=self.context)


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


class Mention(NamedTuple):
    """An occurrence with Hanzi as the check keeps it (what findings and resolution need)."""

    doc: str
    line: int
    key: str
    korean: str
    hanzi: str
    english: str | None
    type: str
    origin: str
    context: str

    def to_dict(self) -> dict:
        return self._asdict()


def fails(findings, fail_on: str) -> bool:
    """True if any finding is at or above the severity ``fail_on`` (error, warning, info, never)."""
    if fail_on == "never":
        return False
    return any(LEVELS.get(f.severity, 2) >= LEVELS[fail_on] for f in findings)


# --- mentions with Hanzi ----------------------------------------------------------------------------

def deviating(m: Mention, x: Expected | None) -> Finding | None:
    """A spelling with Hanzi that deviates from the expected one (a variant, or off the house style)."""
    kind = x.kind_of(compact(m.korean)) if x is not None else None
    if kind is None:
        return None
    return Finding.of(kind, m.doc, m.line, m.key, m.korean, x.korean, m.context,  # type: ignore[union-attr]
                      policy=x.policy if kind == "house-style" else "")  # type: ignore[union-attr]


def alternative(m: Mention, x: Expected | None) -> Finding | None:
    """Another name for the Hanzi (translated, shortened): a note."""
    if x is None or compact(m.korean) not in x.alternatives:
        return None
    return Finding.of("alternative", m.doc, m.line, m.key, m.korean, x.korean, m.context)


def non_official(m: Mention, x: Expected | None, official: str | None, approved: bool) -> Finding | None:
    """A transliteration that is close to the official spelling but not it (자오천잉 for 자오전잉): a note,
    unless the glossary approved a form (then the approved form rules)."""
    written = compact(m.korean)
    if (approved or not official or written == compact(official) or (x is not None and written in x.accepted)
            or phonetic.distance(m.korean, official) > VARIANT_DISTANCE  # another name, not a spelling
            or not transliterated(m.korean, m.hanzi)):
        return None
    return Finding.of("non-official", m.doc, m.line, m.key, m.korean, official, m.context)


def mixed(firsts: dict[str, Mention], x: Expected, said: str) -> list[Finding]:
    """The official and a customary spelling of one name, both correct, in one document: a warning at the
    first mention of each spelling that is not the expected one."""
    if len(firsts) < 2:
        return []
    return [Finding.of("mixed", o.doc, o.line, o.key, o.korean, x.korean, o.context, policy=said)
            for written, o in firsts.items() if written != x.compact]


def ambiguous(keys: set[str], first: Mention | None, as_written: str) -> Finding | None:
    """One spelling for several Hanzi, at its first mention (or in the glossary alone)."""
    if len(keys) < 2:
        return None
    names = " / ".join(sorted(keys))
    if first is None:  # only the glossary gives this spelling to several entries
        return Finding.of("ambiguous", "(glossary)", 0, names, as_written, None, "approved forms in the glossary")
    return Finding.of("ambiguous", first.doc, first.line, names, first.korean, None, first.context)


def unreadable(doc: str, path: str, reason: str) -> Finding:
    return Finding.of("unreadable", doc, 0, "", "", None, reason, path=path)


# --- mentions without Hanzi -------------------------------------------------------------------------

def plain_deviation(doc: str, line: int, col: int, key: str, written: str, x: Expected | None, context: str
                    ) -> Finding | None:
    """A known spelling written without Hanzi that the expectation calls a variant or off its policy."""
    kind = x.kind_of(written) if x is not None else None
    if kind is None:
        return None
    return Finding.of(kind, doc, line, key, written, x.korean, context, col=col,  # type: ignore[union-attr]
                      policy=x.policy if kind == "house-style" else "")  # type: ignore[union-attr]


def sound_variant(doc: str, line: int, col: int, key: str, word: str, x: Expected, context: str
                  ) -> Finding | None:
    """A word without Hanzi that sounds like the expected spelling but is spelled otherwise (펭지엔전은 for
    펑젠전, 레이준 for 레이쥔): an error, unless the documents write it so with the Hanzi and consistently,
    or it is a correct spelling (official or customary), or it is another name rather than a spelling."""
    if word == x.compact or word in x.accepted or (word in x.seen and word not in x.variants):
        return None
    if word not in x.variants and not is_variant(word, x.compact):
        return None
    return Finding.of(x.variant_kind, doc, line, key, word, x.korean, context, col=col)


def near_variant(doc: str, line: int, col: int, key: str, word: str, x: Expected, context: str,
                 max_distance: float) -> Finding | None:
    """A word without Hanzi one syllable off the expected spelling (레이준 for 레이쥔, 리커찬 for 리커창): a
    writer's slip, by the measure `suggest --check` uses, unless it is a correct or consistently written
    spelling, or a shortened or extended form (another name)."""
    target = x.compact
    if word == target or word in x.accepted or word in x.seen or word.startswith(target) or target.startswith(word):
        return None
    if not one_slip(word, target) or phonetic.distance(word, target) > max_distance:
        return None
    return Finding.of(x.variant_kind, doc, line, key, word, x.korean, context, col=col)


_LAX_ONSETS = ("ㄱㅋㄲ", "ㄷㅌㄸ", "ㅂㅍㅃ", "ㅈㅊㅉ", "ㅅㅆ")  # plain, aspirate and tense of one place


def one_slip(word: str, target: str) -> bool:
    """The two spellings differ as a writer's slip does, in one syllable: its vowel alone (레이준 / 레이쥔),
    its final alone (리커찬 / 리커창), or its onset by aspiration or tenseness (리거창 / 리커창). Another
    syllable altogether (추훙 / 뤄훙) is another name, and so is the initial-sound law's form (이창 for 리창):
    it is how Korean names are written (이창 is a Korean person as often as a slip)."""
    if len(word) != len(target):
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, target)) if a != b]
    if len(diff) != 1 or not (is_syllable(word[diff[0]]) and is_syllable(target[diff[0]])):
        return False
    (o1, v1, c1), (o2, v2, c2) = split(word[diff[0]]), split(target[diff[0]])
    if o1 == o2:
        return v1 == v2 or c1 == c2
    if (v1, c1) != (v2, c2):
        return False
    return any(o1 in group and o2 in group for group in _LAX_ONSETS)


def hanzi_late(doc: str, line: int, col: int, key: str, written: str, hanzi: str, context: str) -> Finding:
    return Finding.of("hanzi-late", doc, line, key, written, f"{written}({hanzi})", context, col=col)


def transliterated(korean: str, hanzi: str) -> bool:
    """The Korean renders every part it renders by Mandarin sound: a transliteration, which the official
    rules govern (자오천잉 for 자오전잉). A Sino-Korean reading (인민일보, 시정) or a rendering with a
    translated part (쯔광그룹) is another kind of name, not a misspelling, even where it sounds close."""
    return align(korean, han_only(hanzi)).hows == _SOUND_ONLY


_SOUND_ONLY = frozenset({"sound"})
