"""spaCy hosting: the `kozh_pairs` component puts extracted pairs on a Doc as labelled spans.

The pipeline is assembled from pipelines/extract.cfg (Korean, rule-based tokenizer), so batch users
get `nlp.pipe` and displaCy's span view, and a pipeline is saved and loaded with to_disk/from_disk.
Each span covers the Hanzi; its label is the entity type, and `span._.kozh` holds the occurrence.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from glossary.base.resources import pipelines_dir
from glossary.extraction.extract import extract_text
from glossary.translit.lexicon import Lexicon

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
        self.lexicon: Lexicon | None = None
        if exceptions:
            from .api import lexicon

            self.lexicon = lexicon(exceptions)

    def __call__(self, doc: Doc) -> Doc:
        occurrences = extract_text(doc.text, doc="", lexicon=self.lexicon)
        spans = []
        for occ in occurrences:
            span = doc.char_span(occ.start, occ.end, label=occ.type, alignment_mode="expand")
            if span is None:
                continue
            span._.kozh = occ.to_dict()
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.kozh_pairs = [occ.to_dict() for occ in occurrences]
        return doc

    def to_disk(self, path: str | Path, exclude=()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, exclude=()):
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
