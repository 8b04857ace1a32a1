"""kozh-glossary: Chinese names written in Korean, with their Hanzi, into a curated bilingual glossary.

Design: docs/how-it-works.md
"""

__version__ = "0.1.0"
