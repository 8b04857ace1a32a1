"""The editors' check: names spelled several ways or not the approved way, first mentions without Hanzi,
one spelling for two Hanzi, in documents checked against each other and against the glossary.

Design: docs/check.md
"""
