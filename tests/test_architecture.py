"""The package's shape where a user can feel it: one glossary's decisions never leak into another's
extraction in the same process (a notebook, a Dask worker), and the spaCy component is a real one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from glossary import api
from glossary.termbase.store import Store
from glossary.translit import pinyin

DOC = "왕라오지(王老吉)가 발표했다.\n"  # jieba's dictionary has 王老吉 as a person's name (nr): a brand here


def _types(db: Path, tmp_path: Path, name: str) -> list[tuple[str, str]]:
    doc = tmp_path / name
    doc.write_text(DOC, encoding="utf-8")
    assert not api.build([doc], db).failed
    with Store(db) as store:
        return [(o["korean"], o["type"]) for o in store.occurrences() if o["source"] == str(doc.resolve())]


def test_two_glossaries_in_one_process_keep_their_own_decisions(tmp_path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert _types(a, tmp_path, "a0.txt") == [("왕라오지", "PERSON")]
    with Store(a) as store, store.transaction():
        store.set_reviewed("王老吉", "status", "approved", "test")
        store.set_reviewed("王老吉", "type", "ORG", "test")
    assert _types(a, tmp_path, "a1.txt") == [("왕라오지", "ORG")]  # A's decision teaches A's extraction…
    assert _types(b, tmp_path, "b1.txt") == [("왕라오지", "PERSON")]  # …and not B's, built after it
    assert pinyin.single_word_tag("王老吉") == "nr"  # jieba's shared dictionary is untouched
    assert [o.type for o in api.extract_text(DOC)] == ["PERSON"]
    assert _types(a, tmp_path, "a2.txt") == [("왕라오지", "ORG")]  # and A still has it after B ran


SPACY_SCRIPT = r"""
import json, sys
import spacy
mode, folder = sys.argv[1], sys.argv[2]
text = "핀둬둬(拼多多)와 샤오미(小米)가 경쟁한다. 레이쥔(雷军) 회장이 말했다."
if mode == "save":
    nlp = spacy.blank("ko", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    nlp.add_pipe("kozh_pairs", config={"spans_key": "pairs"})
    nlp.get_pipe("kozh_pairs").add_names([("蚂蚁金服", "개미금융")])
    nlp.to_disk(folder)
else:
    nlp = spacy.load(folder)
doc = nlp(text + " 오늘 개미금융 蚂蚁金服 발표가 있었다.")
print(json.dumps([[s.text, s.label_, s._.kozh["korean"]] for s in doc.spans["pairs"]], ensure_ascii=False))
"""


def test_spacy_finds_the_component_by_entry_point_and_round_trips_it(tmp_path) -> None:
    """A fresh process that never imports glossary itself: spaCy finds the factory through the
    spacy_factories entry point; to_disk saves the component's settings and lexicon, spacy.load in
    another fresh process gives the same spans and still knows the added name."""
    folder = tmp_path / "pipe"
    saved = subprocess.run([sys.executable, "-c", SPACY_SCRIPT, "save", str(folder)], capture_output=True, text=True,
                           check=True)
    loaded = subprocess.run([sys.executable, "-c", SPACY_SCRIPT, "load", str(folder)], capture_output=True,
                            text=True, check=True)
    first, second = json.loads(saved.stdout), json.loads(loaded.stdout)
    assert [s[:2] for s in first[:3]] == [["拼多多", "ORG"], ["小米", "ORG"], ["雷军", "PERSON"]]
    assert first[3] == ["蚂蚁金服", "ORG", "개미금융"]  # the added name: no sound alignment would give it
    assert second == first  # the same spans after spacy.load, the lexicon included
    assert (folder / "kozh_pairs" / "lexicon.json").exists()
    without = [o.korean for o in api.extract_text("오늘 개미금융 蚂蚁金服 발표가 있었다.")]
    assert "개미금융" not in without
