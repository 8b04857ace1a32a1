"""The glossary itself: resolve (occurrences → entries, spelling variants grouped), store (SQLite, the
reviewers' decisions kept apart from the evidence), curated (approved decisions fed back into
extraction), cache (extractions by content, for batch runs), build (documents → store).

Design: docs/glossary-and-review.md
"""
