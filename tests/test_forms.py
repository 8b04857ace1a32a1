"""The marks and labels of data/tables/forms.toml, each with a sentence that uses it and the pairs it
must give (data/tables/forms_vectors.tsv), and the roles the stages read from the table."""

from __future__ import annotations

import pytest

from glossary import api
from glossary.base.resources import read_table
from glossary.extraction import forms

VECTORS = [(r["text"], r["pairs"]) for r in read_table("forms_vectors.tsv")]


def _pairs(text: str) -> str:
    return " | ".join(f"{o.korean}={o.hanzi}:{o.type}" + (f"/{o.english}" if o.english else "")
                      for o in api.extract_text(text))


@pytest.mark.parametrize(("text", "expected"), VECTORS, ids=[t[:12] for t, _ in VECTORS])
def test_vector(text: str, expected: str) -> None:
    assert _pairs(text) == expected


def test_every_mark_of_the_table_has_a_vector() -> None:
    used = "".join(t for t, _ in VECTORS)
    for opener, closer in forms.OPENERS.items():
        if opener == "<":
            continue  # written as 〈〉 in Korean text; <> is HTML's, read like it
        assert opener in used and closer in used, opener
    for mark in forms.GLOSS_SEPARATORS[:1] + "‘“":
        assert mark in used


def test_roles_come_from_the_table() -> None:
    assert forms.TITLE_OPENERS.index("《") == forms.TITLE_CLOSERS.index("》")
    assert forms.ENCLOSURE_VOTES["《"] == "WORK" and "「" not in forms.ENCLOSURE_VOTES
    assert set(forms.PAREN_OPENERS) == {"(", "（"}
    assert forms.LABEL.search("(중국어 간체자: ") and forms.LABEL.search("(본명 ") and not forms.LABEL.search("(본 ")
    assert forms.W.known > forms.W.suffix > forms.W.org_prior
