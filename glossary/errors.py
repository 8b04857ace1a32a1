"""The one exception type users see: a message meant to be printed on one line."""


class GlossaryError(Exception):
    """An expected failure with a message for the user (bad input, unreadable file, broken sheet)."""
