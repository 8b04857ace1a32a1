"""Every command's --help shows a runnable example (sqlite-utils style), and the program's usage errors
are one line with exit 2, like every other error."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from glossary.cli import app

COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]


def test_the_commands_are_read_from_the_app() -> None:
    assert {"suggest", "extract", "build", "export", "import", "show", "check", "fix", "run"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example: glossary " + command in result.stdout


def test_top_level_help_lists_the_commands() -> None:
    out = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).stdout
    assert all(c in out for c in COMMANDS)


@pytest.mark.parametrize("args", [["check", "x.txt", "--format", "bad"], ["nosuchcommand"],
                                  ["suggest", "--style", "house"]])
def test_a_usage_error_is_one_line_and_exit_2(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "glossary", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
