"""Kinds of broken input the loader must refuse with a DataValidationError (file, line, column,
value, what is allowed), never a traceback from json, csv or pandas.

Each test breaks a copy of the real ``data/`` (see the ``data_copy`` fixture) in every table or
column the fault can reach, as the data package lists them, so a new table or column is covered
without editing this file.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.core import data, package
from helpers.core.data import DataValidationError, load_survey
from transcription_key import SAMPLE_SIZE

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
FILES = [resource["path"] for resource in PACKAGE["resources"]]


def _columns(*types: str) -> list[tuple[str, str]]:
    """(file, column) of every field of the given Table Schema types."""
    return [(resource["path"], field["name"]) for resource in PACKAGE["resources"]
            for field in resource["schema"]["fields"] if field["type"] in types]


def _set_row2(path: Path, column: str, value: str) -> None:
    """Set ``column`` in the first data row (line 2) of a CSV, written back as the csv module writes."""
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    rows[0][header.index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def _error(folder: Path) -> DataValidationError:
    with pytest.raises(DataValidationError) as caught:
        load_survey(folder)
    return caught.value


def _run(code: str, folder: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DIGIVAARDIG_DATA": str(folder)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)


# ---------------------------------------------------------------- 1. a broken datapackage.json

@pytest.mark.parametrize("cut", [0.0, 0.5, 0.99])
def test_broken_descriptor_is_reported_where_data_is_loaded(data_copy, cut):
    """A truncated descriptor: importing the package still works; loading names the file and line."""
    descriptor = data_copy / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text[:int(len(text) * cut)], encoding="utf-8")
    error = _error(data_copy)
    expected_line = text[:int(len(text) * cut)].count("\n") + 1
    assert (Path(error.file), error.line) == (descriptor, expected_line)
    assert str(error).startswith(f"{descriptor}, line {expected_line}: not valid JSON")
    code = ("import helpers, helpers.core.data, helpers.core.params, helpers.display.report, helpers.audit.issues\n"
            "from helpers.core import data, package\n"
            "try:\n    data.load_survey()\nexcept data.DataValidationError as error:\n    print(error)\n"
            "try:\n    data.POLES\nexcept data.DataValidationError as error:\n    print(error)\n")
    result = _run(code, data_copy)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [str(error)] * 2
    assert "Traceback" not in result.stderr


def test_module_names_follow_the_descriptor(data_dir):
    """The lazily computed module names are exactly the descriptor's enums, columns and files."""
    fields = {resource["name"]: {field["name"]: field for field in resource["schema"]["fields"]}
              for resource in PACKAGE["resources"]}
    for name, (resource, column) in package._ENUMS.items():
        assert getattr(data, name) == tuple(fields[resource][column]["constraints"]["enum"]), name
    for name, resource in package._COLUMN_LISTS.items():
        assert getattr(data, name) == list(fields[resource]), name
    assert data.FILES == {resource["name"]: resource["path"] for resource in PACKAGE["resources"]}
    assert data.KINDS[0] == "substantive" and "positive" in data.POLES
    with pytest.raises(AttributeError):
        data.NO_SUCH_NAME  # noqa: B018


# ---------------------------------------------------------------- 2. a cell the csv module cannot read

@pytest.mark.parametrize("file", FILES)
def test_huge_cell_names_file_line_and_limit(data_copy, file):
    (_, column), *_ = [item for item in _columns("string") if item[0] == file]
    _set_row2(data_copy / file, column, "x" * 200_000)
    error = _error(data_copy)
    assert (Path(error.file).name, error.line) == (file, 2)
    assert "field larger than field limit" in str(error)
    assert error.allowed == "cells of at most 131,072 characters"


@pytest.mark.parametrize("file", FILES)
def test_stray_quote_names_file_and_line(data_copy, file):
    path = data_copy / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = '"a"b' + lines[2]  # text after a cell's closing quote, on line 3
    path.write_text("".join(lines), encoding="utf-8")
    error = _error(data_copy)
    assert (Path(error.file).name, error.line) == (file, 3)
    assert "the CSV cannot be read" in str(error) and "double quotes" in error.allowed


# ---------------------------------------------------------------- 3. numbers out of range

def test_every_numeric_column_declares_its_range_in_the_descriptor():
    """The loader takes every number's range from datapackage.json (no range in code): each integer
    and number field has a minimum and a maximum, and counts stop at COUNT_MAX."""
    numeric = [(resource["name"], field) for resource in PACKAGE["resources"]
               for field in resource["schema"]["fields"] if field["type"] in ("integer", "number")]
    assert len(numeric) == len(_columns("integer", "number")) >= 7
    for name, field in numeric:
        limits = field.get("constraints", {})
        assert {"minimum", "maximum"} <= set(limits), (name, field["name"])
        assert limits["minimum"] < limits["maximum"] <= data.COUNT_MAX, (name, field["name"])


@pytest.mark.parametrize("file, column", _columns("integer", "number"))
@pytest.mark.parametrize("bad", ["99999999999999999999999", "1000001"])
def test_huge_number_is_refused_with_its_range(data_copy, file, column, bad):
    _set_row2(data_copy / file, column, bad)
    error = _error(data_copy)
    assert (Path(error.file).name, error.line, error.column, error.value) == (file, 2, column, bad)
    assert f"(got '{bad}')" in str(error)
    limits = next(field["constraints"] for resource in PACKAGE["resources"] if resource["path"] == file
                  for field in resource["schema"]["fields"] if field["name"] == column)
    low, high = limits["minimum"], limits["maximum"]  # the descriptor is the one source of a column's range
    assert f"{low}..{high}" in error.allowed or f"from {low} to {high}" in error.allowed, str(error)


@pytest.mark.parametrize("file, column", _columns("number"))
@pytest.mark.parametrize("bad", ["1e400", "nan", "-inf", "-5"])
def test_decimal_not_finite_or_negative_is_refused(data_copy, file, column, bad):
    _set_row2(data_copy / file, column, bad)
    error = _error(data_copy)
    assert (Path(error.file).name, error.line, error.column, error.value) == (file, 2, column, bad)


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def _set_n(folder: Path, question_id: str, scenario: str | None, value: int) -> tuple[str, int]:
    """Set one n: of a question in questions.csv (``scenario`` None) or of one scenario's row, keeping the
    two files in agreement as the loader requires (questions.csv's n is the default scenario's). Returns
    the file and line that hold it first in loading order (questions.csv is loaded first)."""
    q_header, q_rows = _rows(folder / "questions.csv")
    s_header, s_rows = _rows(folder / "n_scenarios.csv")
    default = s_rows[0][s_header.index("scenario")]
    (q_index,) = [i for i, row in enumerate(q_rows) if row[q_header.index("question_id")] == question_id]
    in_questions = q_rows[q_index][q_header.index("n")] != "" and scenario in (None, default)
    if in_questions:
        q_rows[q_index][q_header.index("n")] = str(value)
        _write(folder / "questions.csv", q_header, q_rows)
    where = ("questions.csv", q_index + 2)
    for index, row in enumerate(s_rows):
        if row[s_header.index("question_id")] == question_id and \
                row[s_header.index("scenario")] == (scenario or default):
            row[s_header.index("n")] = str(value)
            where = where if in_questions else ("n_scenarios.csv", index + 2)
    _write(folder / "n_scenarios.csv", s_header, s_rows)
    return where


def _participants(survey: data.Survey) -> tuple[int, list[str]]:
    """The number of participants as the data state it: the n of the items stated as shares of all."""
    stated = survey.questions[survey.questions["n_status"] == "stated"]
    assert len(set(stated["n"])) == 1, stated
    return int(stated["n"].iloc[0]), list(stated["question_id"])


def test_no_n_above_the_participants_loads_and_the_refusal_names_where(survey, data_copy):
    """Issue 17 kind 7: an n above the survey's participants (577, from the stated items) was accepted
    silently ("of 600"). Every n of questions.csv and of every scenario: participants + 1 is refused with
    file, line, column, value and what is allowed; participants itself loads."""
    participants, stated = _participants(survey)
    assert participants == SAMPLE_SIZE  # the article's civil servants (the transcription key)
    original = {file: (data_copy / file).read_bytes() for file in ("questions.csv", "n_scenarios.csv")}
    cases = [(question_id, None) for question_id, status in zip(survey.questions["question_id"],
                                                                survey.questions["n_status"]) if status == "inferred"]
    cases += [(question_id, scenario) for question_id, scenario in zip(survey.n_scenarios["question_id"],
                                                                       survey.n_scenarios["scenario"])
              if question_id not in stated]
    assert len(cases) >= 30, cases  # every scenario's rows and the inferred captions
    for question_id, scenario in cases:
        for file_name, payload in original.items():
            (data_copy / file_name).write_bytes(payload)
        file, line = _set_n(data_copy, question_id, scenario, participants + 1)
        error = _error(data_copy)
        assert (Path(error.file).name, error.line, error.column, error.value) == \
            (file, line, "n", participants + 1), (question_id, scenario, str(error))
        assert error.allowed == (f"a whole number from 1 to {participants}, the n of the items the text states as "
                                 f"shares of all participants ({', '.join(stated)})"), str(error)
        assert f"n is larger than the number of participants ({participants})" in str(error)
        _set_n(data_copy, question_id, scenario, participants)
        assert data.n_for(load_survey(data_copy), question_id, scenario) == participants, (question_id, scenario)


def test_the_bound_is_the_datas_number_of_participants_not_a_constant(survey, data_copy):
    """With every stated item at 600 (a survey of 600), 600 is allowed and 601 refused; stated items that
    disagree are refused, naming the second one."""
    _, stated = _participants(survey)
    for question_id in stated:
        for scenario in survey.scenarios:
            _set_n(data_copy, question_id, scenario, 600)
    question_id, scenario = next((q, s) for q, s in zip(survey.n_scenarios["question_id"],
                                                        survey.n_scenarios["scenario"])
                                 if q not in stated and s != survey.scenarios[0])
    _set_n(data_copy, question_id, scenario, 600)
    assert data.n_for(load_survey(data_copy), question_id, scenario) == 600
    file, line = _set_n(data_copy, question_id, scenario, 601)
    error = _error(data_copy)
    assert (Path(error.file).name, error.line, error.value) == (file, line, 601), str(error)
    assert "from 1 to 600" in error.allowed
    file, line = _set_n(data_copy, stated[-1], None, 577)
    error = _error(data_copy)
    assert (Path(error.file).name, error.line, error.column, error.value) == (file, line, "n", 577), str(error)
    assert "disagree" in str(error) and error.allowed.startswith(f"600, the n of '{stated[0]}'"), str(error)


# ---------------------------------------------------------------- 4. control characters in text

@pytest.mark.parametrize("file, column", _columns("string"))
def test_control_character_in_any_text_cell(data_copy, file, column):
    _set_row2(data_copy / file, column, "ab\x00cd")
    error = _error(data_copy)
    assert (Path(error.file).name, error.line, error.column) == (file, 2, column)
    assert "control character U+0000" in str(error) and "ab\x00cd" == error.value


@pytest.mark.parametrize("char", ["\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85"])
def test_every_control_character_is_refused(data_copy, char):
    _set_row2(data_copy / "questions.csv", "wording_en", f"text{char}more")
    error = _error(data_copy)
    assert (error.line, error.column) == (2, "wording_en")
    assert f"U+{ord(char):04X}" in str(error)


def test_tab_and_line_break_inside_quoted_text_are_allowed(data_copy):
    _set_row2(data_copy / "questions.csv", "wording_en", "first\tpart\nsecond line")
    survey = load_survey(data_copy)
    assert survey.questions.loc[0, "wording_en"] == "first\tpart\nsecond line"
    assert survey.questions.loc[1, "line"] == 4  # the next row starts after the two-line cell


# ---------------------------------------------------------------- 5. unknown columns

def _add_column(path: Path, name: str | None = None) -> list[str]:
    """Append a column to a CSV: ``name`` filled with "x", or (None) a copy of the last column; return the old header."""
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    added = [header + [name or header[-1]], *(row + (["x"] if name else [row[-1]]) for row in rows)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(added)
    return header


@pytest.mark.parametrize("file", FILES)
def test_extra_column_is_refused_naming_the_allowed_ones(data_copy, file):
    _add_column(data_copy / file, "remark")
    error = _error(data_copy)
    assert (Path(error.file).name, error.line, error.column) == (file, 1, "remark")
    (resource,) = [r for r in PACKAGE["resources"] if r["path"] == file]
    assert error.allowed == "the columns " + ", ".join(f["name"] for f in resource["schema"]["fields"])


@pytest.mark.parametrize("file", FILES)
def test_repeated_column_is_refused(data_copy, file):
    header = _add_column(data_copy / file)
    error = _error(data_copy)
    assert (Path(error.file).name, error.line, error.column) == (file, 1, header[-1])
    assert "twice" in str(error)


# ---------------------------------------------------------------- 6. UTF-16 / UTF-32

@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize("encoding, name", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
                                            ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32")])
def test_wide_unicode_is_named_as_such(data_copy, file, encoding, name):
    path = data_copy / file
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    error = _error(data_copy)
    assert (Path(error.file).name, error.line) == (file, 1)
    assert f"the file is {name}" in str(error) and "Windows-1252" not in str(error)
    assert "save as 'CSV UTF-8'" in error.allowed


# ---------------------------------------------------------------- the runner

@pytest.mark.kernel
@pytest.mark.parametrize("break_", ["latin1", "descriptor"])
def test_runner_reports_broken_data_met_while_checking_parameters(data_copy, tmp_path, break_):
    if break_ == "latin1":
        path = data_copy / "questions.csv"
        path.write_bytes(path.read_text(encoding="utf-8").replace("e", "\u00e9", 1).encode("latin-1"))
        expected = f"{path}, line "
    else:
        path = data_copy / "datapackage.json"
        path.write_text(path.read_text(encoding="utf-8")[:500], encoding="utf-8")
        expected = f"{path}, line "
    env = {**os.environ, "DIGIVAARDIG_DATA": str(data_copy)}
    result = subprocess.run([sys.executable, "-m", "helpers.build.runner", "-p", "n_scenario", "layout",
                             "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {expected}"), result.stderr[-2000:]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
