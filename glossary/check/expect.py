"""What each name should be spelled as in the checked documents: the approved form, else the house
style's, else the official or customary spelling the documents use, else their dominant one; and how
the name's other spellings stand to it (variants: errors; alternative names: notes).

The expectations are computed once per check from the documents' mentions with Hanzi and the glossary;
the rules (check.rules) read them, and the search for mentions without Hanzi indexes their spellings.

Design: docs/check.md
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.base.hangul import compact
from glossary.termbase.resolve import VARIANT_DISTANCE
from glossary.translit import phonetic

APPROVED_POLICY = "the glossary's approved form"


@dataclass
class Expected:
    """The spelling a name should have in the checked documents, and how its other spellings stand to it:
    variants (the same transliteration spelled otherwise: errors) or alternative names (another name,
    translated or shortened: at most a note)."""

    korean: str  # as written, spaces kept
    source: str  # approved | house style | official | customary | dominant
    variants: frozenset[str]  # compact spellings that deviate from it
    alternatives: frozenset[str]
    seen: frozenset[str] = frozenset()  # compact spellings written with the Hanzi in the documents
    off_policy: frozenset[str] = frozenset()  # correct spellings (official, customary) a policy did not choose
    policy: str = ""  # that policy, in words
    accepted: frozenset[str] = frozenset()  # with no policy: the official and customary spellings, both correct

    def kind_of(self, spelling: str) -> str | None:
        """The finding a compact spelling deserves against this expectation, if any."""
        if spelling in self.off_policy:
            return "house-style"
        if spelling in self.variants:
            return self.variant_kind
        return None

    @property
    def variant_kind(self) -> str:
        """What a variant of this spelling is: off the glossary's approved form, or off the documents'."""
        return "not-approved" if self.source == "approved" else "inconsistent"

    @property
    def compact(self) -> str:
        return compact(self.korean)


def is_variant(spelling: str, expected: str) -> bool:
    """Two compact spellings are one transliteration spelled two ways: phonetically close, and neither a
    shortened or extended form of the other (칭화대 / 칭화대학, 징둥 / 징둥닷컴 are other names)."""
    if spelling == expected or spelling.startswith(expected) or expected.startswith(spelling):
        return False
    return phonetic.distance(spelling, expected) <= VARIANT_DISTANCE


def expectations(entries: dict, approved: dict[str, Approved], style: str | None = None) -> dict[str, Expected]:
    """Per key: the approved spelling; else the house style's (official | customary) where it has one; else
    the official one where the documents use it or a variant of it, or a customary form the documents use;
    else the spelling the documents use most (first seen on ties). The official spelling and the customary
    forms are never variants of each other: both are correct unless a policy chose one."""
    out = {}
    for key, e in entries.items():
        seen = [f.korean for f in e.forms]  # most frequent first, ties in first-seen order
        written = [compact(k) for k in seen]
        official = compact(e.official or "")
        usual = [k for k, _ in getattr(e, "customary", ())]
        correct = {compact(c) for c in (e.official, *usual) if c}
        policy = ""
        if key in approved:
            korean, source, policy = approved[key].korean, "approved", APPROVED_POLICY
        elif style == "official" and official and usual:
            korean, source, policy = e.official, "house style", "the house style (official spelling)"
        elif style == "customary" and usual:
            korean, source, policy = usual[0], "house style", "the house style (customary form)"
        elif official and (official in written or any(is_variant(c, official) for c in written)):
            korean, source = e.official, "official"
        elif usual and (used := [k for k in usual if compact(k) in written]):
            korean, source = used[0], "customary"
        elif seen:
            korean, source = seen[0], "dominant"
        else:
            continue
        target = compact(korean)
        in_docs = set(written)
        off_policy = frozenset((correct & in_docs) - {target}) if policy else frozenset()
        accepted = frozenset() if policy else frozenset(correct)
        others = in_docs - {target} - off_policy - accepted
        variants = frozenset(c for c in others if is_variant(c, target))
        alternatives = frozenset(others - variants)
        if source != "approved":
            if len(variants | ({target} & in_docs)) < 2:
                variants = frozenset()  # one spelling of it in the documents: nothing inconsistent
            if len(in_docs) < 2:
                alternatives = frozenset()  # one name in the documents: nothing to note
        out[key] = Expected(korean, source, variants, alternatives, frozenset(in_docs), off_policy, policy,
                            accepted)
    for key, a in approved.items():  # approved names the documents do not give with Hanzi: their slips count too
        if key not in out:
            out[key] = Expected(a.korean, "approved", frozenset(), frozenset(), policy=APPROVED_POLICY)
    return out


@dataclass
class Approved:
    """One approved entry of the glossary: the form to use and the forms that are not it."""

    key: str
    korean: str
