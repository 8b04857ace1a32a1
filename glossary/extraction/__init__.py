"""Extraction, in the order a document goes through it:

reader (bytes → numbered lines) → candidates (each Hanzi expression with the structure around it) →
align + boundary (which Korean words render it) → classify (type and origin by votes) → extract (the
driver: occurrences out). morph answers which particle ends a Korean word; nlp hosts the same extraction
as a spaCy component. Knows nothing of the glossary database.

Design: docs/how-it-works.md
"""
