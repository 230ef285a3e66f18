"""Load and validate ``hypotheses.csv``, and the claims' links to it (used by :mod:`helpers.core.data`).

Every checkable claim (:data:`CHECKABLE` methods) names a declared hypothesis; each hypothesis
states its quantity, comparator, threshold or margin with its reason, and the test that decides it.
Every failure raises :class:`helpers.core.data_csv.DataValidationError` naming the file, line,
column, value and what is allowed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .data_csv import SNAKE, DataValidationError, _check, _check_choice, _check_unique, _enum, _is_number, _read


def _known_options(results: pd.DataFrame) -> dict[str, set[str]]:
    """question_id -> its option ids in ``results``."""
    known: dict[str, set[str]] = {}
    for question, option in zip(results["question_id"], results["option_id"]):
        known.setdefault(question, set()).add(option)
    return known


def _options_ok(known: dict[str, set[str]], question_id: str, options: str) -> bool:
    """Are all ``;``-joined ``options`` among the option ids ``known`` for the question (empty: yes)?"""
    return all(option in known.get(question_id, set()) for option in options.split(";")) if options else True


# What each hypothesis quantity needs (options: how many ids; other: whether it names a second item) and
# which tests may decide it; what each comparator reads (see data/README.md, hypotheses.csv).
QUANTITY_NEEDS = {"share": (1, False), "sum": (2, False), "difference": (1, True), "balance": (0, False),
                  "largest_share": (0, False), "poles": (0, False)}
QUANTITY_TESTS = {"share": ("share_interval", "tost_share"), "sum": ("share_interval", "tost_share"),
                  "difference": ("difference_interval",), "balance": ("balance_interval", "tost_balance"),
                  "largest_share": ("largest_interval",), "poles": ("poles_interval",)}
COMPARATOR_READS = {"at_least": ("threshold",), "at_most": ("threshold",), "more_than": ("threshold",),
                    "between": ("threshold", "upper"), "equivalent": ("threshold", "margin")}
EQUIVALENCE_TESTS = ("tost_share", "tost_balance")
# claims.csv's second readings that decide another declared hypothesis (its alt_hypothesis_id)
HYPOTHESIS_READINGS = ("other_hypothesis", "both_poles")


def _hypothesis_problem(row, known_options: dict[str, set[str]], questions: pd.DataFrame) -> tuple | None:
    """(column, value, problem, allowed) for the first rule one row of hypotheses.csv breaks, else None."""
    wanted, other = QUANTITY_NEEDS[row.quantity]
    options = [o for o in row.options.split(";") if o]
    for column, question, ids in (("options", row.question_id, options),
                                  ("other_options", row.other_question_id,
                                   [o for o in row.other_options.split(";") if o])):
        bad = [o for o in ids if o not in known_options.get(question, set())]
        if bad:
            return (column, bad[0], f"option not among those of '{question}'",
                    "; ".join(sorted(known_options.get(question, set()))) or "none")
    if wanted == 0 and options:
        return ("options", row.options, f"quantity '{row.quantity}' reads the item's poles or options itself",
                "empty")
    if wanted == 1 and row.quantity == "share" and len(options) != 1:
        return ("options", row.options, "quantity 'share' needs exactly one option", "one option id")
    if wanted and row.quantity != "share" and len(options) < wanted:
        return ("options", row.options, f"quantity '{row.quantity}' needs {wanted} or more options",
                f"{wanted} or more ';'-separated option ids")
    if other != bool(row.other_question_id):
        return ("other_question_id", row.other_question_id,
                "quantity 'difference' needs the other item" if other else
                f"quantity '{row.quantity}' reads one item only",
                "a question_id of questions.csv" if other else "empty")
    if other and not row.other_options:
        return ("other_options", "", "quantity 'difference' needs the other item's options", "option ids")
    if row.test not in QUANTITY_TESTS[row.quantity]:
        return ("test", row.test, f"test does not fit quantity '{row.quantity}'",
                ", ".join(QUANTITY_TESTS[row.quantity]))
    if (row.comparator == "equivalent") != (row.test in EQUIVALENCE_TESTS):
        return ("test", row.test, "an equivalence claim is decided by TOST, and TOST decides only equivalence",
                ", ".join(EQUIVALENCE_TESTS) if row.comparator == "equivalent" else
                ", ".join(t for t in QUANTITY_TESTS[row.quantity] if t not in EQUIVALENCE_TESTS))
    for column in ("threshold", "upper", "margin"):
        needed = column in COMPARATOR_READS[row.comparator]
        if needed != (getattr(row, column) != ""):
            return (column, getattr(row, column),
                    f"comparator '{row.comparator}' {'needs' if needed else 'does not read'} a {column}",
                    "a number" if needed else "empty")
    if row.comparator == "between" and float(row.upper) <= float(row.threshold):
        return ("upper", row.upper, "upper bound not above the threshold", f"a number > {row.threshold}")
    if row.comparator == "equivalent" and float(row.margin) <= 0:
        return ("margin", row.margin, "an equivalence margin must be positive", "a number > 0")
    unit_points = row.quantity in ("difference", "balance")
    if not unit_points and row.threshold and not 0 <= float(row.threshold) <= 100:
        return ("threshold", row.threshold, f"a {row.quantity} is a percentage", "a number from 0 to 100")
    return None


def _load_hypotheses(path: Path, package: dict, questions: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """``hypotheses.csv``: every checkable claim's declared hypothesis, cross-checked against the items.

    Raises DataValidationError (file, line, column, value, what is allowed) for a bad id, an unknown
    item or option, a quantity without the options it reads, a test that does not decide the
    quantity or comparator (an equivalence claim needs TOST), a missing or superfluous threshold,
    upper bound or margin, or an empty reason.
    """
    table = _read(path, package, "hypotheses")
    _check(table, path, "hypothesis_id", SNAKE.match, "hypothesis_id must be snake_case", "[a-z][a-z0-9_]*")
    _check_unique(table, path, ["hypothesis_id"])
    for column in ("quantity", "comparator", "test", "scope"):
        _check_choice(table, path, column, _enum(package, "hypotheses", column))
    known = tuple(questions["question_id"])
    _check_choice(table, path, "question_id", known, what="question_id not in questions.csv")
    _check_choice(table, path, "other_question_id", known, empty=True, what="question_id not in questions.csv")
    for column in ("threshold", "upper", "margin"):
        _check(table, path, column, lambda v: v == "" or _is_number(v), f"{column} must be a number or empty",
               "a number such as 50 or 66.67 (percent or points)")
    _check(table, path, "reason", bool, "every threshold or margin needs its reason", "any non-empty text")
    known_options = _known_options(results)
    for row in table.itertuples(index=False):
        problem = _hypothesis_problem(row, known_options, questions)
        if problem:
            column, value, what, allowed = problem
            raise DataValidationError(path, what, line=row.line, column=column, value=value, allowed=allowed)
    for column in ("threshold", "upper", "margin"):
        table[column] = [float(v) if v else float("nan") for v in table[column]]
    return table


CHECKABLE = ("verbal", "comparison", "frechet")  # the claim methods a declared hypothesis decides


def _check_hypothesis_links(table: pd.DataFrame, path: Path, hypotheses: pd.DataFrame) -> None:
    """Every checkable claim (:data:`CHECKABLE`) names a hypothesis about its own item; no other claim names one."""
    items = dict(zip(hypotheses["hypothesis_id"], hypotheses["question_id"]))
    options = {h: (o, oo) for h, o, oo in zip(hypotheses["hypothesis_id"], hypotheses["options"],
                                               hypotheses["other_options"])}
    for row in table.itertuples(index=False):
        if (row.method in CHECKABLE) != bool(row.hypothesis_id):
            raise DataValidationError(path, f"a claim of method '{row.method}' "
                                      + ("needs its declared hypothesis" if row.method in CHECKABLE else
                                         "repeats printed figures or cannot be decided: it has no hypothesis"),
                                      line=row.line, column="hypothesis_id", value=row.hypothesis_id,
                                      allowed="a hypothesis_id of hypotheses.csv" if row.method in CHECKABLE
                                      else "empty")
        if row.hypothesis_id and row.question_id and items[row.hypothesis_id] != row.question_id:
            raise DataValidationError(path, f"hypothesis '{row.hypothesis_id}' is about "
                                      f"'{items[row.hypothesis_id]}', the claim about '{row.question_id}'",
                                      line=row.line, column="hypothesis_id", value=row.hypothesis_id,
                                      allowed=f"a hypothesis about '{row.question_id}'")
        if row.hypothesis_id:  # the claim names the options its hypothesis decides, or leaves them to it
            own, other = options[row.hypothesis_id]
            for column, mine, theirs in (("options", row.options, own), ("other_options", row.other_options, other)):
                if mine != theirs:
                    raise DataValidationError(path, f"the claim's {column} differ from those of its hypothesis "
                                              f"'{row.hypothesis_id}'", line=row.line, column=column, value=mine,
                                              allowed=theirs or "empty")


