"""The GUI start is parsed without building every subcommand's parser (issue 15 item 13: start at once), and
means exactly what the full parser makes of it; everything else still goes through the full parser."""
from __future__ import annotations

from pathlib import Path

import pytest

from ketenregie.cli import build_parser, parse_arguments


@pytest.mark.parametrize("argv", [[], ["--register", "r.ketenregie"], ["--register=r.ketenregie"],
                                  ["--reg", "r.ketenregie"], ["--demo"], ["--demo", "--register", "x/r"]])
def test_a_gui_start_means_what_the_full_parser_makes_of_it(argv):
    assert vars(parse_arguments(argv)) == vars(build_parser().parse_args(argv))


def test_subcommands_still_parse_with_their_own_options():
    args = parse_arguments(["doctor", "--register", "r.ketenregie"])
    assert args.command == "doctor" and args.doctor_register == Path("r.ketenregie")
    args = parse_arguments(["--register", "a", "calendar", "2026"])
    assert (args.command, args.year, args.register) == ("calendar", 2026, Path("a"))


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_arguments(["-h"])
    assert exit_info.value.code == 0
    assert "doctor" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--register"], ["--bogus"], ["onbekend"]])
def test_mistakes_get_the_full_parsers_dutch_message_and_exit_code(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_arguments(argv)
    assert exit_info.value.code == 2
    assert "ketenregie: fout:" in capsys.readouterr().err
