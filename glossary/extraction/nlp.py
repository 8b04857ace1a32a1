"""spaCy hosting: the `kozh_pairs` component puts extracted pairs on a Doc as labelled spans.

The factory is registered through the ``spacy_factories`` entry point, so ``nlp.add_pipe("kozh_pairs")``
and ``spacy.load(saved_dir)`` work in a process that never imported glossary. As spaCy's own components
do, the work is split: `match` is pure (text in, occurrences out), `set_annotations` writes them on the
Doc. The component owns its lexicon (the bundled tables, a user's exceptions, names added with
`add_names`); `to_disk`/`from_disk` save and load its settings and that lexicon's additions.

Each span covers the Hanzi; its label is the entity type, and `span._.kozh` holds the occurrence. The
pipeline of the command line is assembled from pipelines/extract.cfg (Korean, rule-based tokenizer).

Design: docs/how-it-works.md
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from glossary.base.resources import pipelines_dir
from glossary.extraction.extract import Occurrence, extract_text
from glossary.translit.lexicon import Lexicon, additions, copy_lexicon, default_lexicon, with_additions

if not Span.has_extension("kozh"):
    Span.set_extension("kozh", default=None)
if not Doc.has_extension("kozh_pairs"):
    Doc.set_extension("kozh_pairs", default=None)


class PairsComponent:
    """Runs extraction over doc.text and records each pair as a span (label = type)."""

    def __init__(self, nlp: Language, name: str, spans_key: str, exceptions: str | None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.exceptions = exceptions
        self.lexicon: Lexicon = copy_lexicon(default_lexicon())
        if exceptions:
            self.lexicon.load_file(exceptions)

    # -- the work: a pure match, then the annotations -------------------------------------------------
    def match(self, doc: Doc) -> list[Occurrence]:
        """The pairs of the document's text (no change to the Doc)."""
        return extract_text(doc.text, doc="", lexicon=self.lexicon)

    def set_annotations(self, doc: Doc, occurrences: list[Occurrence]) -> None:
        spans = []
        for occ in occurrences:
            span = doc.char_span(occ.start, occ.end, label=occ.type, alignment_mode="expand")
            if span is None:
                continue
            span._.kozh = occ.to_dict()
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.kozh_pairs = [occ.to_dict() for occ in occurrences]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    # -- what it knows --------------------------------------------------------------------------------
    def add_names(self, names: Iterable[tuple[str, str]], kind: str = "customary", source: str = "user") -> None:
        """Known renderings (Hanzi, Korean) that alignment by sound would not find (개미금융 for 蚂蚁金服)."""
        for hanzi, korean in names:
            self.lexicon.add_name(hanzi, korean, kind, source)

    # -- serialization: settings and the lexicon's additions, symmetric -------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "cfg.json").write_text(json.dumps({"spans_key": self.spans_key}, ensure_ascii=False),
                                         encoding="utf-8")
        (folder / "lexicon.json").write_text(json.dumps(additions(self.lexicon), ensure_ascii=False, indent=1),
                                             encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PairsComponent:
        folder = Path(path)
        cfg = json.loads((folder / "cfg.json").read_text(encoding="utf-8"))
        self.spans_key = cfg.get("spans_key", self.spans_key)
        self.lexicon = with_additions(json.loads((folder / "lexicon.json").read_text(encoding="utf-8")))
        return self


@Language.factory("kozh_pairs", default_config={"spans_key": "kozh_pairs", "exceptions": None})
def make_pairs_component(nlp: Language, name: str, spans_key: str, exceptions: str | None) -> PairsComponent:
    return PairsComponent(nlp, name, spans_key, exceptions)


def load_pipeline(config: str | Path | None = None, overrides: dict | None = None) -> Language:
    """The extraction pipeline assembled from its config file (pipelines/extract.cfg by default)."""
    path = Path(config) if config else pipelines_dir() / "extract.cfg"
    cfg = spacy.util.load_config(path, overrides=overrides or {}, interpolate=False)
    return spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)


def render(doc: Doc) -> str:
    """displaCy's span view of the pairs in a Doc (HTML), for notebooks and reports."""
    from spacy import displacy

    key = next(iter(doc.spans), "kozh_pairs")
    return displacy.render(doc, style="span", options={"spans_key": key}, page=False, jupyter=False)
