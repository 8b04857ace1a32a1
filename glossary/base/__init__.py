"""Foundations every stage stands on: the user-facing error and exit codes, where the reference tables
live, Hanzi and Hangul character helpers, the garbage-collector setting for bulk work. Imports nothing
of the package.

Design: docs/how-it-works.md
"""
