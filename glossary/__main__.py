"""`python -m glossary` is the `glossary` command."""

from .cli import main

main()
