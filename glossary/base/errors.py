"""The one exception type users see, and the exit codes every command shares.

Exit codes mean the same thing in every command (the README lists them):

- ``OK`` (0): done.
- ``NEGATIVE`` (1): done, and the answer needs attention: `check` found problems at its ``--fail-on``
  level, `import` found conflicts and wrote nothing, `show` knows no such name, `suggest` could suggest
  nothing.
- ``BAD_INPUT`` (2): a usage error, or input that stopped the command before it wrote anything (an
  unreadable document, a broken or hand-edited sheet, a missing database).
- ``PARTIAL`` (3): some inputs could not be read and were skipped; the rest was done.
"""

OK = 0
NEGATIVE = 1
BAD_INPUT = 2
PARTIAL = 3


class GlossaryError(Exception):
    """An expected failure with a message for the user (bad input, unreadable file, broken sheet)."""
