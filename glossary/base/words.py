"""Counted nouns in messages: "1 document", "2 documents" (and "1 entry", "3 entries")."""

from __future__ import annotations


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` and the noun in the number it takes; ``words`` is the plural when it is not ``word`` + s."""
    return f"{n} {word if n == 1 else (words or word + 's')}"
