"""Transliteration: Hanzi → pinyin (pypinyin, the surname table), pinyin → Hangul by the official table
(외래어 표기법), Sino-Korean and Japanese readings from Unihan-derived tables, the phonetic key that
absorbs writers' variant spellings, the lexicon of exceptions, and `suggest`, which puts them together
into an official Korean spelling. Knows nothing of documents.

Design: docs/transliteration.md
"""
