"""The spaCy pipeline: assembled from config, pairs as spans, nlp.pipe, to_disk/from_disk, displaCy."""

from __future__ import annotations

import spacy

from glossary.extraction.nlp import load_pipeline, render

TEXTS = ["핀둬둬(拼多多) CEO 천레이(陈磊)는 말했다.", "궈메이\n소매(国美零售)의 실적이 좋다.", "한자 없는 문장."]


def test_pairs_become_spans() -> None:
    nlp = load_pipeline()
    assert nlp.pipe_names == ["kozh_pairs"]
    doc = nlp(TEXTS[0])
    spans = doc.spans["kozh_pairs"]
    assert [s.text for s in spans] == ["拼多多", "陈磊"]
    assert [s.label_ for s in spans] == ["ORG", "PERSON"]
    assert spans[1]._.kozh["korean"] == "천레이"


def test_pipe_batches() -> None:
    nlp = load_pipeline()
    docs = list(nlp.pipe(TEXTS))
    assert [len(d.spans["kozh_pairs"]) for d in docs] == [2, 1, 0]
    assert docs[1].spans["kozh_pairs"][0]._.kozh["korean"] == "궈메이 소매"


def test_config_override_and_disk_round_trip(tmp_path) -> None:
    nlp = load_pipeline(overrides={"components.kozh_pairs.spans_key": "names"})
    assert "names" in nlp("마윈(马云)은").spans
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    doc = again("마윈(马云)은")
    assert [s.text for s in doc.spans["names"]] == ["马云"]


def test_displacy_render() -> None:
    html = render(load_pipeline()(TEXTS[0]))
    assert "拼多多" in html and "ORG" in html
