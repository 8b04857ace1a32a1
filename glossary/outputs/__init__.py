"""What the glossary gives out: table (the pandas tables every output reads), termsheet (the Excel sheet
reviewers edit, and its three-way import), exports (TBX-Basic, CSV/TSV, JSONL). Reading tables never
writes the database: callers refresh it first (termbase.build.refresh_dirty).

Design: docs/glossary-and-review.md
"""
