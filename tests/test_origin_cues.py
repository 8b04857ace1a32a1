"""The origin cues a sentence holds (classify.sentence_cues, read from data/tables/origin_cues.tsv): a cue
starts a word, the longest cue at a place wins, and the next cue starts after it."""

from __future__ import annotations

import pytest

from glossary.extraction.classify import cue_words, sentence_cues

CASES = [
    ("중국에도 갔다", {("today", "country")}),  # 에도 (Edo) inside a word is no cue
    ("재중국 공산당 간부", {("today", "institution")}),  # a cue inside a word hides none that starts after
    ("중국 공산당 대회", {("today", "institution")}),  # the longest cue at a place, not 중국 inside it
    ("재중국 교민", set()),  # no cue starts inside a word
    ("EU중국", set()),  # nor after Latin letters
    ("일본 도쿄와 중국 베이징", {("ja", "country"), ("ja", "place"), ("today", "country"), ("today", "place")}),
    ("중국, 중국", {("today", "country")}),  # each kind once a sentence
    ("", set()),
]


@pytest.mark.parametrize(("sentence", "cues"), CASES)
def test_the_cues_of_a_sentence(sentence: str, cues: set) -> None:
    assert sentence_cues(sentence) == cues


def test_the_cue_words_glossary_show_names() -> None:
    assert cue_words("재중국 공산당 간부가 중국 베이징에서, 중국") == [
        "공산당 (today, institution)", "중국 (today, country)", "베이징 (today, place)"]
