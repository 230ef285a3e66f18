"""Option values a shell hands over by mistake: an empty one (an unset variable, ``--out "$OUT"``) and
a parameter given twice. Each is exit 2 with a message naming the option, and nothing is written:
neither the output folder nor the working folder (``Path("")`` is the current folder, so an empty
``--out`` once rendered every report into it).
"""

from __future__ import annotations

import pytest

from helpers.build import runner
from helpers.build.cli import EXIT_USAGE, build_parser
from helpers.build.plan import check_options
from test_runner import arguments, project, write_notebook

# every option that takes one value, as the parser lists it (a new option is tried too)
ONE_VALUE = sorted(action.option_strings[-1] for action in build_parser()._actions
                   if action.option_strings and action.nargs is None)


def test_the_options_tried_are_the_parsers():
    assert {"--out", "--notebooks", "--config", "--kernel", "--only", "--set", "--workers", "--timeout"} <= set(ONE_VALUE)


@pytest.mark.parametrize("value", ["", " "])
@pytest.mark.parametrize("option", ONE_VALUE)
def test_an_empty_value_of_any_option_exits_2_and_writes_nothing(tmp_path, monkeypatch, capsys, option, value):
    notebooks, config, out = project(tmp_path / "project")
    write_notebook(notebooks, "01_first", "print(lang)")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert runner.main([*arguments(notebooks, config, out), option, value]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert option in error and "allowed: " in error, error
    assert list(work.iterdir()) == [] and not out.exists()


@pytest.mark.parametrize("pair", [("", "1"), ("lang", ""), (" ", "nl")])
def test_an_empty_parameter_name_or_value_exits_2(tmp_path, capsys, pair):
    notebooks, config, out = project(tmp_path)
    write_notebook(notebooks, "01_first", "print(lang)")
    assert runner.main([*arguments(notebooks, config, out), "-p", *pair]) == EXIT_USAGE
    assert "allowed: " in capsys.readouterr().err and not out.exists()


def test_a_parameter_given_twice_with_different_values_exits_2_naming_both(tmp_path, capsys):
    notebooks, config, out = project(tmp_path)
    write_notebook(notebooks, "01_first", "print(lang)")
    code = runner.main([*arguments(notebooks, config, out), "-p", "confidence", "0.9", "-p", "confidence", "0.8"])
    assert code == EXIT_USAGE
    assert "-p confidence is given 2 times (0.9, 0.8)" in capsys.readouterr().err and not out.exists()


def test_a_parameter_given_twice_with_the_same_value_is_that_value(tmp_path):
    notebooks, config, out = project(tmp_path)
    write_notebook(notebooks, "01_first", "print(lang)")
    args = build_parser().parse_args([*arguments(notebooks, config, out), "-p", "confidence", "0.9",
                                      "-p", "confidence", "0.90"])
    check_options(args)  # no error: one value, written twice
