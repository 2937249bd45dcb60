"""The README documents every command and option, and every command has help text."""

from __future__ import annotations

import click
import pytest

from factpull.cli import main
from support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands.items())


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help_and_is_documented(name: str, command: click.Command) -> None:
    assert command.help, f"factpull {name} has no help text"
    assert f"factpull {name}" in README


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_option_has_help_and_is_in_the_readme(name: str, command: click.Command) -> None:
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts[0]} has no help"
            assert any(opt in README for opt in param.opts), f"{name} {param.opts[0]} is not in the README"
