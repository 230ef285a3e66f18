"""Load and validate the survey tables in ``data/`` and return tidy pandas DataFrames.

The tables are a transcription of the article (see ``data/README.md``). Every check here exists
because a hand-edited CSV can break it; each failure raises :class:`DataValidationError`, which
names the file, the line, the column, the bad value and what is allowed. Reading a CSV file
(encoding, header, cells, number ranges) lives in :mod:`helpers.core.data_csv`; the descriptor
``datapackage.json`` (read on first use, so a broken one is reported where data are loaded) and the
participants limit across tables in :mod:`helpers.core.package`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .data_csv import (CELL_MAX, CONTROL, COUNT_MAX, SNAKE, DataValidationError, _check,  # noqa: F401
                       _check_choice, _check_unique, _enum, _fields, _is_int, _is_number, _read)
from .data_hypotheses import (CHECKABLE, COMPARATOR_READS, EQUIVALENCE_TESTS, HYPOTHESIS_READINGS,  # noqa: F401
                              QUANTITY_NEEDS, QUANTITY_TESTS, _check_hypothesis_links, _known_options, _load_hypotheses,
                              _options_ok)
from .package import PACKAGE_FILE, _COLUMN_LISTS, _ENUMS, _check_participants, _files, _package_of
from .data_tables import _load_rules, _load_scenarios


def __getattr__(name: str):
    """The descriptor-derived module names (:data:`SECTIONS`, :data:`POLES`, ..., :data:`FILES`,
    :data:`QUESTION_COLUMNS`, ...), computed on first use and then kept as ordinary module globals.
    Raises DataValidationError when the descriptor is broken, AttributeError for unknown names."""
    if name in globals():  # computed before (internal callers ask through this function)
        return globals()[name]
    if name not in _ENUMS and name not in _COLUMN_LISTS and name != "FILES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    package = _package_of(paths.data_dir())
    names: dict[str, object] = {key: _enum(package, *where) for key, where in _ENUMS.items()}
    names.update({key: list(_fields(package, resource)) for key, resource in _COLUMN_LISTS.items()})
    names["FILES"] = _files(package)
    globals().update(names)
    return names[name]


@dataclass(frozen=True)
class Survey:
    """All tables of the transcription, validated against each other."""

    questions: pd.DataFrame
    results: pd.DataFrame
    claims: pd.DataFrame
    n_scenarios: pd.DataFrame
    verbal_rules: pd.DataFrame
    hypotheses: pd.DataFrame
    # Views computed once per survey object (the tables are read-only; dataclasses.replace starts afresh).
    views: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The readings of the chart n values, in file order (the first is the default)."""
        if "scenarios" not in self.views:  # asked for thousands of times by the audit
            self.views["scenarios"] = tuple(dict.fromkeys(self.n_scenarios["scenario"]))
        return self.views["scenarios"]


# ---------------------------------------------------------------- the tables

def _load_questions(path: Path, package: dict) -> pd.DataFrame:
    table = _read(path, package, "questions")
    _check(table, path, "question_id", SNAKE.match, "question_id must be snake_case", "[a-z][a-z0-9_]*")
    _check_unique(table, path, ["question_id"])
    _check_choice(table, path, "section", _enum(package, "questions", "section"))
    _check_choice(table, path, "n_status", _enum(package, "questions", "n_status"))
    _check_choice(table, path, "scale_meaning", _enum(package, "questions", "scale_meaning"))
    _check_choice(table, path, "drawn_reading", _enum(package, "questions", "drawn_reading"), empty=True)
    _check(table, path, "n", lambda v: v == "" or _is_int(v, 1), "n must be a positive integer or empty",
           "a whole number >= 1, or empty when unknown")
    for line, n, status in table[["line", "n", "n_status"]].itertuples(index=False):
        if (n == "") != (status == "unknown"):
            raise DataValidationError(path, "n must be empty exactly when n_status is 'unknown'", line=line,
                                      column="n_status", value=status,
                                      allowed="'unknown' with an empty n; 'stated'/'inferred' with a number")
    _check(table, path, "chart", lambda v: v == "" or _is_int(v, 1), "chart must be a positive integer or empty",
           "the chart's position in the article, or empty")
    charted = table[table["chart"] != ""]
    _check_unique(charted, path, ["chart"])
    for column in ("wording_nl", "wording_en", "scale", "source"):
        _check(table, path, column, bool, "value is required", "any non-empty text")
    table["n"] = pd.array([int(v) if v else None for v in table["n"]], dtype="Int64")
    _check_participants(table, path, table, path)
    table["chart"] = pd.array([int(v) if v else None for v in table["chart"]], dtype="Int64")
    table["section"] = pd.Categorical(table["section"], categories=_enum(package, "questions", "section"), ordered=True)
    return table


def _load_results(path: Path, package: dict, questions: pd.DataFrame) -> pd.DataFrame:
    table = _read(path, package, "results")
    known = set(questions["question_id"])
    _check(table, path, "question_id", known.__contains__, "question_id not in questions.csv",
           ", ".join(sorted(known)))
    _check(table, path, "option_order", lambda v: _is_int(v, 1), "option_order must be a positive integer",
           "1, 2, 3, ...")
    _check(table, path, "option_id", SNAKE.match, "option_id must be snake_case", "[a-z][a-z0-9_]*")
    _check_unique(table, path, ["question_id", "option_id"])
    _check_unique(table, path, ["question_id", "option_order"])
    _check_choice(table, path, "kind", _enum(package, "results", "kind"))
    _check_choice(table, path, "pole", _enum(package, "results", "pole"), empty=True)
    _check_choice(table, path, "form", _enum(package, "results", "form"))
    _check_choice(table, path, "source", _enum(package, "results", "source"))
    _check_choice(table, path, "label_source", _enum(package, "results", "label_source"))
    _check(table, path, "percent", lambda v: _is_int(v, 0, 100), "percent must be a whole number from 0 to 100",
           "an integer 0..100 as published")
    for column in ("option_nl", "option_en"):
        _check(table, path, column, bool, "value is required", "any non-empty text")
    for line, kind, pole in table[["line", "kind", "pole"]].itertuples(index=False):
        if pole and kind != "substantive":
            raise DataValidationError(path, f"only substantive options have a pole, this one is '{kind}'",
                                      line=line, column="pole", value=pole, allowed="empty")
    table["option_order"] = table["option_order"].astype(int)
    table["percent"] = table["percent"].astype(int)
    for question_id, options in table.groupby("question_id", sort=False):
        orders = sorted(options["option_order"])
        if orders != list(range(1, len(orders) + 1)):
            raise DataValidationError(path, f"option_order of '{question_id}' has a gap or does not start at 1",
                                      line=int(options["line"].iloc[-1]), column="option_order", value=orders,
                                      allowed=f"1..{len(orders)} without gaps")
        total, count = int(options["percent"].sum()), len(options)
        if total * 2 > 200 + count:  # rounding k options half-up adds at most k/2 points
            raise DataValidationError(path, f"percentages of '{question_id}' add up to {total}, more than "
                                      f"rounding {count} options can produce", line=int(options["line"].iloc[-1]),
                                      column="percent", value=total, allowed=f"a total <= {100 + count / 2:g}")
    missing = known - set(table["question_id"])
    if missing:
        raise DataValidationError(path, f"question(s) without any result: {', '.join(sorted(missing))}",
                                  column="question_id", allowed="at least one row per question in questions.csv")
    table["kind"] = pd.Categorical(table["kind"], categories=_enum(package, "results", "kind"), ordered=True)
    order = {q: i for i, q in enumerate(questions["question_id"])}
    return table.sort_values(["question_id", "option_order"], key=lambda s: s.map(order) if s.name == "question_id"
                             else s).reset_index(drop=True)




def _load_claims(path: Path, package: dict, questions: pd.DataFrame, results: pd.DataFrame, rules: pd.DataFrame,
                 hypotheses: pd.DataFrame) -> pd.DataFrame:
    table = _read(path, package, "claims")
    _check(table, path, "claim_id", SNAKE.match, "claim_id must be snake_case", "[a-z][a-z0-9_]*")
    _check_unique(table, path, ["claim_id"])
    _check_choice(table, path, "section", _enum(package, "questions", "section"))
    _check_choice(table, path, "method", _enum(package, "claims", "method"))
    _check_choice(table, path, "operator", _enum(package, "claims", "operator"), empty=True)
    _check_choice(table, path, "alt_reading", _enum(package, "claims", "alt_reading"), empty=True)
    known = tuple(questions["question_id"])
    for column in ("question_id", "other_question_id"):
        _check_choice(table, path, column, known, empty=True, what="question_id not in questions.csv")
    _check(table, path, "published", lambda v: v == "" or _is_number(v), "published must be a number or empty",
           "the value as printed, e.g. 85")
    shares = table[table["method"] != "sample_size"]
    _check(shares, path, "published", lambda v: v == "" or 0 <= float(v) <= 100,
           "a published share must be a percentage", "a number from 0 to 100")
    _check_choice(table, path, "rule_id", tuple(rules["rule_id"]), empty=True, what="rule_id not in verbal_rules.csv")
    for column in ("hypothesis_id", "alt_hypothesis_id"):
        _check_choice(table, path, column, tuple(hypotheses["hypothesis_id"]), empty=True,
                      what=f"{column} not in hypotheses.csv")
    second = table["alt_reading"].isin(HYPOTHESIS_READINGS)  # its hypothesis given exactly when it is asked for
    _check(table[second], path, "alt_hypothesis_id", bool, "this alt_reading needs an alt_hypothesis_id",
           "a hypothesis_id of hypotheses.csv")
    _check(table[~second], path, "alt_hypothesis_id", lambda v: v == "", "alt_hypothesis_id is only for alt_reading "
           + " or ".join(HYPOTHESIS_READINGS), "empty")
    poles = hypotheses.set_index("hypothesis_id")["quantity"].to_dict()
    both = table[table["alt_reading"] == "both_poles"]
    _check(both, path, "alt_hypothesis_id", lambda v: poles.get(v) == "poles",
           "alt_reading both_poles decides a hypothesis of quantity poles",
           ", ".join(k for k, v in poles.items() if v == "poles") or "a hypothesis of quantity poles")
    for row in table.itertuples(index=False):  # a caveat reaches readers of both languages, or neither
        if bool(row.note) != bool(row.note_nl):
            column = "note_nl" if row.note else "note"
            raise DataValidationError(path, "note and note_nl must be both filled or both empty", line=row.line,
                                      column=column, value="", allowed="the same note in the other language")
    known_options = _known_options(results)
    for row in table.itertuples(index=False):
        for options, question in (("options", row.question_id), ("other_options", row.other_question_id),
                                  ("alt_options", row.question_id)):
            if not _options_ok(known_options, question, getattr(row, options)):
                allowed = results.loc[results["question_id"] == question, "option_id"]
                raise DataValidationError(path, f"option not among those of '{question}'", line=row.line,
                                          column=options, value=getattr(row, options),
                                          allowed="; ".join(allowed) or "none")
        needs = {"verbal": ["question_id", "rule_id"], "single": ["question_id", "options", "published"],
                 "sum": ["question_id", "options", "published"], "remainder": ["question_id", "options"],
                 "comparison": ["question_id", "options", "other_question_id", "other_options", "operator"],
                 "frechet": ["question_id", "options", "other_question_id", "other_options", "operator"],
                 "sample_size": ["question_id", "published"]}.get(row.method, [])
        for column in needs:
            if getattr(row, column) == "":
                raise DataValidationError(path, f"method '{row.method}' needs a value here", line=row.line,
                                          column=column, value="", allowed="a non-empty value")
    _check_hypothesis_links(table, path, hypotheses)  # after the options are known to exist
    table["published"] = [float(v) if v else float("nan") for v in table["published"]]
    table["section"] = pd.Categorical(table["section"], categories=_enum(package, "questions", "section"), ordered=True)
    return table


@lru_cache(maxsize=8)
def _load_cached(directory: Path, stamp: tuple) -> Survey:
    package = _package_of(directory)
    files = {name: directory / file for name, file in _files(package).items()}
    questions = _load_questions(files["questions"], package)
    results = _load_results(files["results"], package, questions)
    rules = _load_rules(files["verbal_rules"], package)
    hypotheses = _load_hypotheses(files["hypotheses"], package, questions, results)
    claims = _load_claims(files["claims"], package, questions, results, rules, hypotheses)
    scenarios = _load_scenarios(files["n_scenarios"], package, questions)
    return Survey(questions=questions, results=results, claims=claims, n_scenarios=scenarios, verbal_rules=rules,
                  hypotheses=hypotheses)


def load_survey(directory: Path | str | None = None) -> Survey:
    """Load and cross-validate every table in ``directory`` (default: the data folder in use, see
    :func:`helpers.core.paths.data_dir`) against its ``datapackage.json`` (or the project's).

    Results are cached on the files' modification times, so editing a CSV and reloading works.
    Treat the returned frames as read-only (copy before changing them). Raises
    :class:`DataValidationError` (file, line, column, value, what is allowed) for any broken table
    or descriptor.
    """
    folder = Path(directory).resolve() if directory is not None else paths.data_dir()
    package = _package_of(folder)
    stamp = tuple((name, (folder / file).stat().st_mtime_ns if (folder / file).exists() else None)
                  for name, file in [("datapackage", PACKAGE_FILE), *_files(package).items()])
    return _load_cached(folder, stamp)


# ---------------------------------------------------------------- views

def question(survey: Survey, question_id: str) -> pd.Series:
    """One row of ``questions`` by id; a clear error lists the known ids."""
    key = ("question", question_id)
    if key not in survey.views:
        match = survey.questions[survey.questions["question_id"] == question_id]
        if match.empty:
            raise KeyError(f"unknown question_id {question_id!r}; known: {', '.join(survey.questions['question_id'])}")
        survey.views[key] = match.iloc[0]
    return survey.views[key].copy()


def options(survey: Survey, question_id: str) -> pd.DataFrame:
    """The published options of one question in scale order, with ``option`` as an ordered categorical.

    The option's wording is in ``option_nl`` and ``option_en`` (a reader-facing caller picks its
    language's column). Built once per survey and question (the audit asks hundreds
    of times); each caller gets its own copy.
    """
    key = ("options", question_id)
    if key not in survey.views:
        question(survey, question_id)
        if "option_positions" not in survey.views:  # each question's rows of results, found in one pass
            survey.views["option_positions"] = survey.results.groupby("question_id", sort=False).indices
        positions = survey.views["option_positions"].get(question_id, np.array([], dtype=np.intp))
        rows = survey.results.take(positions).sort_values("option_order")
        ids = rows["option_id"].tolist()
        rows = rows.reset_index(drop=True)
        rows["option"] = pd.Categorical.from_codes(np.arange(len(ids)), categories=ids, ordered=True)
        survey.views[key] = rows
    return survey.views[key].copy()


def option_column(survey: Survey, question_id: str, column: str) -> tuple:
    """One column of :func:`options` as a tuple, in scale order, built once per survey and question: for the
    hot loops that only read it (the tipping points ask for thousands of n), without a frame's copy."""
    key = ("option_column", question_id, column)
    if key not in survey.views:
        survey.views[key] = tuple(options(survey, question_id)[column])
    return survey.views[key]


def kind_options(survey: Survey, question_id: str, kind: str) -> list[str]:
    """Option ids of one kind (``results.csv`` ``kind``, e.g. ``substantive``) of a question, in scale order."""
    return [option for option, each in zip(option_column(survey, question_id, "option_id"),
                                           option_column(survey, question_id, "kind")) if each == kind]


def rules(survey: Survey) -> pd.DataFrame:
    """``verbal_rules`` indexed by ``rule_id``, built once per survey (read-only: do not modify it)."""
    if "rules" not in survey.views:  # the audit looks a rule up once per claim and reading
        survey.views["rules"] = survey.verbal_rules.set_index("rule_id")
    return survey.views["rules"]


def rule_row(survey: Survey, rule_id: str) -> dict:
    """One row of ``verbal_rules`` as a plain dict (its columns plus ``rule_id``); KeyError if unknown.

    Built once per survey (a pandas row lookup costs more than the check that reads it, and the
    audit and the multiverse look a rule up once per claim and reading); each caller gets its own copy.
    """
    if "rule_rows" not in survey.views:
        survey.views["rule_rows"] = {rule_id: {**row, "rule_id": rule_id}
                                     for rule_id, row in rules(survey).to_dict("index").items()}
    rows = survey.views["rule_rows"]
    if rule_id not in rows:
        raise KeyError(f"unknown rule_id {rule_id!r}; known: {', '.join(rows)}")
    return dict(rows[rule_id])


def pole_options(survey: Survey, question_id: str, pole: str) -> list[str]:
    """Option ids on one pole ("positive" or "negative") of a question's scale, in scale order."""
    poles = __getattr__("POLES")
    if pole not in poles:
        raise ValueError(f"pole={pole!r} is not allowed; allowed: {', '.join(poles)}")
    key = ("pole_options", question_id, pole)
    if key not in survey.views:  # asked for hundreds of times by the audit and the multiverse
        table = options(survey, question_id)
        survey.views[key] = tuple(table.loc[table["pole"] == pole, "option_id"])
    return list(survey.views[key])


def headline_options(survey: Survey, question_id: str) -> list[str]:
    """The options whose summed share is a question's headline share, the one definition every
    report uses (landing page, findings, precision and design-effect tables, audit, multiverse):
    its positive pole when it has one, else its largest published option (the first in scale
    order on a tie). Option ids in scale order. Built once per survey and question."""
    key = ("headline_options", question_id)
    if key not in survey.views:
        positive = pole_options(survey, question_id, "positive")
        if positive:
            survey.views[key] = tuple(positive)
        else:
            table = options(survey, question_id)
            table = table[table["kind"] != "unpublished"] if "kind" in table else table
            ranked = table.sort_values(["percent", "option_order"], ascending=[False, True])
            survey.views[key] = (str(ranked["option_id"].iloc[0]),)
    return list(survey.views[key])


def published_total(survey: Survey, question_id: str) -> int:
    """Sum of the published percentages of a question (100 only when everything adds up)."""
    return int(options(survey, question_id)["percent"].sum())


def n_for(survey: Survey, question_id: str, scenario: str | None = None) -> int:
    """The number of respondents assumed for a question under a reading of the chart captions."""
    scenario = scenario or survey.scenarios[0]
    if "n" not in survey.views:  # one lookup table per survey: the audit asks hundreds of times
        table = survey.n_scenarios
        survey.views["n"] = dict(zip(zip(table["scenario"], table["question_id"]), table["n"].astype(int)))
    if scenario not in survey.scenarios:
        raise KeyError(f"unknown n_scenario {scenario!r}; allowed: {', '.join(survey.scenarios)}")
    if (scenario, question_id) not in survey.views["n"]:
        question(survey, question_id)
    return int(survey.views["n"][(scenario, question_id)])


def printed_n(survey: Survey) -> tuple[int, ...]:
    """The n values the article prints (``questions.csv`` ``n``: the stated sample size and the chart
    captions), each once, largest first: the candidates of the n puzzle."""
    return tuple(sorted({int(n) for n in survey.questions["n"].dropna()}, reverse=True))


def n_basis(survey: Survey, question_id: str, scenario: str | None = None) -> str:
    """How a question's n is known under a scenario: ``n_scenarios.csv`` ``basis`` (``stated``,
    ``caption``, ``shared_caption`` (no caption of its own: taken from one it shares with another
    chart), ``attrition``, ``smallest_caption`` or ``assumed``)."""
    scenario = scenario or survey.scenarios[0]
    n_for(survey, question_id, scenario)  # the same checks and errors
    table = survey.n_scenarios
    row = table[(table["scenario"] == scenario) & (table["question_id"] == question_id)]
    return str(row["basis"].iloc[0])


def section_questions(survey: Survey, section: str) -> list[str]:
    """Question ids of one article section, in file order."""
    sections = __getattr__("SECTIONS")
    if section not in sections:
        raise KeyError(f"unknown section {section!r}; allowed: {', '.join(sections)}")
    return list(survey.questions.loc[survey.questions["section"] == section, "question_id"])
