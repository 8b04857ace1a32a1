"""kozh-glossary: Chinese names written in Korean, with their Hanzi, into a curated bilingual glossary."""

__version__ = "0.1.0"
