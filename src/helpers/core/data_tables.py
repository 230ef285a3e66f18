"""Loading the two small tables beside the questions, results and claims: ``verbal_rules.csv`` (each
verbal rule's test and the bounds it reads, :data:`RULE_BOUNDS`) and ``n_scenarios.csv`` (the readings of
the chart captions' n), each validated as :func:`helpers.core.data.load_survey` needs them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .data_csv import SNAKE, DataValidationError, _check, _check_choice, _check_unique, _enum, _is_int, _is_number, _read
from .package import _check_participants

# Which bounds each verbal-rule test reads (see helpers.audit; the test column's description says the same).
RULE_BOUNDS = {
    "between": ("lower", "upper"), "more_than": ("lower",), "at_least": ("lower",), "at_most": ("upper",),
    "divided": ("lower", "upper"), "largest_option_at_most": ("upper",), "positive_below_negative": (),
}


def _load_rules(path: Path, package: dict) -> pd.DataFrame:
    table = _read(path, package, "verbal_rules")
    _check(table, path, "rule_id", SNAKE.match, "rule_id must be snake_case", "[a-z][a-z0-9_]*")
    _check_unique(table, path, ["rule_id"])
    _check_choice(table, path, "test", _enum(package, "verbal_rules", "test"))
    for column in ("lower", "upper"):
        _check(table, path, column, lambda v: v == "" or _is_number(v), f"{column} must be a number or empty",
               "a percentage such as 50 or 66.67")
        table[column] = [float(v) if v else float("nan") for v in table[column]]
    for row in table.itertuples(index=False):
        for column in RULE_BOUNDS[row.test]:
            if pd.isna(getattr(row, column)):
                raise DataValidationError(path, f"test '{row.test}' needs a {column} bound", line=row.line,
                                          column=column, value="", allowed="a percentage such as 50")
        if row.lower > row.upper:
            raise DataValidationError(path, "lower bound above upper bound", line=row.line, column="upper",
                                      value=row.upper, allowed=f"a number >= lower ({row.lower:g})")
    return table


def _load_scenarios(path: Path, package: dict, questions: pd.DataFrame) -> pd.DataFrame:
    table = _read(path, package, "n_scenarios")
    _check(table, path, "scenario", SNAKE.match, "scenario must be snake_case", "[a-z][a-z0-9_]*")
    known = tuple(questions["question_id"])
    _check_choice(table, path, "question_id", known, what="question_id not in questions.csv")
    _check_unique(table, path, ["scenario", "question_id"])
    _check(table, path, "n", lambda v: _is_int(v, 1), "n must be a positive integer", "a whole number >= 1")
    _check_choice(table, path, "basis", _enum(package, "n_scenarios", "basis"))
    for scenario, rows in table.groupby("scenario", sort=False):
        missing = set(known) - set(rows["question_id"])
        if missing:
            raise DataValidationError(path, f"scenario '{scenario}' gives no n for {', '.join(sorted(missing))}",
                                      line=int(rows["line"].iloc[-1]), column="question_id",
                                      allowed="one row per question and scenario")
    table["n"] = table["n"].astype(int)
    _check_participants(table, path, questions)
    # The default (first) scenario must agree with every n in questions.csv; every scenario must
    # keep the n values the text states outright (only inferred captions are open to reading).
    default = table["scenario"].iloc[0]
    known_n = questions.dropna(subset=["n"]).set_index("question_id")
    for row in table.itertuples(index=False):
        if row.question_id not in known_n.index:
            continue
        n, status = int(known_n.at[row.question_id, "n"]), known_n.at[row.question_id, "n_status"]
        if (row.scenario == default or status == "stated") and row.n != n:
            why = "the default scenario" if row.scenario == default else f"scenario '{row.scenario}' (a stated n)"
            raise DataValidationError(path, f"{why} disagrees with questions.csv on '{row.question_id}'",
                                      line=row.line, column="n", value=row.n, allowed=str(n))
    return table
