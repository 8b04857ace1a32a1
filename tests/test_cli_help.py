"""Every command's --help shows a runnable example (sqlite-utils style)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from glossary.cli import app

COMMANDS = ["suggest", "extract", "build", "export", "import", "show", "check", "run"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example: glossary " + command in result.stdout


def test_top_level_help_lists_the_commands() -> None:
    out = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).stdout
    assert all(c in out for c in COMMANDS)
