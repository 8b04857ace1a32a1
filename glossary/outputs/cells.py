"""What every spreadsheet this package writes must guard against: a text that a spreadsheet would take
for a formula. A name's context or a reviewer's note may begin with =, +, -, @ (or a tab or carriage
return, which some spreadsheets strip before reading a formula); such a cell is written as text with a
quote prefix, so that opening the file runs nothing (CSV/formula injection)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text[:1] in FORMULA_STARTS
