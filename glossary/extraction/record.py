"""The occurrence record as extraction hands it over: the JSONL fields of `glossary extract`, in order.

A module of its own, with nothing else in it, so that the store (which keeps these fields as columns)
and the cache (which writes them as tuples) can name them without loading the extraction stack.

Design: docs/how-it-works.md
"""

PUBLIC_FIELDS = ("doc", "line", "start", "end", "korean", "hanzi", "english", "type", "type_confidence", "origin",
                 "key", "score", "context")
# what a run's cache keeps of an occurrence: the public fields, then the line where its Korean starts
# (a rendering on the line before its bracket), which the check needs to know the mention has its Hanzi
RECORD_FIELDS = (*PUBLIC_FIELDS, "korean_line")
