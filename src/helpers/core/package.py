"""The data package as a whole: its descriptor (``datapackage.json``: every table's file, columns and
allowed values, read on first use so that a broken one is reported where the data are loaded) and the
limit that holds across its tables (no n above the number of participants the text states).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .data_csv import DataValidationError

PACKAGE_FILE = "datapackage.json"


def read_package(directory: Path | str | None = None) -> dict:
    """The Frictionless Data Package descriptor ``datapackage.json`` of ``directory`` (default: ``data/``).

    It is the one machine-readable data dictionary: every table's columns, types, allowed values
    (``constraints.enum``) and keys. Read with the json module (importing ``frictionless`` costs a
    kernel about a second; the tests validate the package with it). Raises DataValidationError
    when the file is missing or not JSON.
    """
    path = (Path(directory) if directory is not None else paths.data_dir()) / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError(path, "file not found", allowed="a Frictionless Data Package descriptor") from None
    except json.JSONDecodeError as error:
        raise DataValidationError(path, f"not valid JSON: {error.msg}", line=error.lineno,
                                  allowed="a Frictionless Data Package descriptor") from None


def _package_of(folder: Path) -> dict:
    """The descriptor governing the tables in ``folder``: its own ``datapackage.json``, or the
    project's when the folder has none (a copy of the CSV files only, e.g. through
    ``$DIGIVAARDIG_DATA``). Cached on the descriptor's modification time; treat it as read-only.
    Raises DataValidationError (file and line) when the descriptor is missing or not JSON."""
    path = (folder if (folder / PACKAGE_FILE).is_file() else paths.PROJECT_ROOT / "data") / PACKAGE_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _read_package_cached(path.parent, stamp)


@lru_cache(maxsize=8)
def _read_package_cached(folder: Path, stamp: int | None) -> dict:
    return read_package(folder)


# The allowed values of the enumerated columns, as module-level names, read from the descriptor of
# the data folder in use on first use (not at import: a broken descriptor must not break
# ``import helpers``; it is reported, with file and line, where the data are loaded).
_ENUMS = {
    "SECTIONS": ("questions", "section"), "N_STATUSES": ("questions", "n_status"),
    "KINDS": ("results", "kind"), "POLES": ("results", "pole"), "FORMS": ("results", "form"),
    "RESULT_SOURCES": ("results", "source"), "CLAIM_METHODS": ("claims", "method"),
    "OPERATORS": ("claims", "operator"), "RULE_TESTS": ("verbal_rules", "test"),
    "N_BASES": ("n_scenarios", "basis"),
    "SCALE_MEANINGS": ("questions", "scale_meaning"),  # how a chart draws the scale: diverging, from zero, stacked
    "DRAWN_READINGS": ("questions", "drawn_reading"),  # which reading of an ambiguous item the chart draws
    "LABEL_SOURCES": ("results", "label_source"),  # is an option's label printed by the article or ours
    "ALT_READINGS": ("claims", "alt_reading"),  # a plausible second reading of a verbal claim (helpers.audit)
    "QUANTITIES": ("hypotheses", "quantity"), "COMPARATORS": ("hypotheses", "comparator"),
    "HYPOTHESIS_TESTS": ("hypotheses", "test"), "SCOPES": ("hypotheses", "scope"),
}
# The columns each table has, as the data package lists them.
_COLUMN_LISTS = {"QUESTION_COLUMNS": "questions", "RESULT_COLUMNS": "results", "CLAIM_COLUMNS": "claims",
                 "SCENARIO_COLUMNS": "n_scenarios", "RULE_COLUMNS": "verbal_rules",
                 "HYPOTHESIS_COLUMNS": "hypotheses"}


def _files(package: dict) -> dict[str, str]:
    """``{resource name: file name}`` of the descriptor's tables."""
    return {resource["name"]: resource["path"] for resource in package["resources"]}


def _participants(questions: pd.DataFrame, path: Path | str = "questions.csv") -> tuple[int | None, list[str]]:
    """The number of participants as the data gives it: the n of the items the text states as shares
    of all participants (``n_status == "stated"``), and those items; (None, []) when none is stated.
    Stated items that disagree are refused (they all count the same participants)."""
    stated = questions[questions["n_status"] == "stated"]
    if stated.empty:
        return None, []
    first = stated.iloc[0]
    for row in stated.itertuples(index=False):
        if int(row.n) != int(first["n"]):
            raise DataValidationError(path, "items stated as shares of all participants disagree on n",
                                      line=row.line, column="n", value=int(row.n),
                                      allowed=f"{int(first['n'])}, the n of '{first['question_id']}' "
                                              f"(line {first['line']})")
    return int(first["n"]), list(stated["question_id"])


def _check_participants(table: pd.DataFrame, path: Path, questions: pd.DataFrame,
                        questions_path: Path | None = None) -> None:
    """No n of ``table`` (questions.csv or n_scenarios.csv) above the number of participants: more
    respondents than took part would draw intervals narrower than the data allow ("of 600")."""
    participants, stated = _participants(questions, questions_path or "questions.csv")
    if participants is None:
        return
    for row in table.dropna(subset=["n"]).itertuples(index=False):
        if int(row.n) > participants:
            raise DataValidationError(path, f"n is larger than the number of participants ({participants})",
                                      line=row.line, column="n", value=int(row.n),
                                      allowed=f"a whole number from 1 to {participants}, the n of the items the "
                                              f"text states as shares of all participants ({', '.join(stated)})")
