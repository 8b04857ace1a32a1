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


def damaged(path: object, what: str, exc: BaseException) -> GlossaryError:
    """The one line for a document its reader could not parse. A download that broke off, an attachment a
    mail gateway cut, a disk error: the parsers of PDF, zip, XML, OLE and deflate each raise their own
    exceptions (and sometimes plain KeyError or struct.error) on such bytes, and none of them is a
    traceback for the user. The exception's name and first line stay in the message, so a reader's own
    bug still shows what it was."""
    detail = " ".join(str(exc).split())[:100]
    return GlossaryError(f"{path}: not a readable {what}, damaged or cut short ({type(exc).__name__}"
                         f"{': ' + detail if detail else ''})")
