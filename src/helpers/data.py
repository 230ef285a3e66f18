"""Load and validate the survey tables in ``data/`` and return tidy pandas DataFrames.

The tables are a transcription of the article (see ``data/README.md``). Every check here exists
because a hand-edited CSV can break it; each failure raises :class:`DataValidationError`, which
names the file, the line, the column, the bad value and what is allowed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from . import paths


class DataValidationError(ValueError):
    """A data table breaks a rule; the message names file, line, column, value and what is allowed."""

    def __init__(self, file: Path | str, problem: str, *, line: int | None = None,
                 column: str | None = None, value: object = None, allowed: str | None = None):
        where = f"{file}"
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        message = f"{where}: {problem}"
        if value is not None:
            message += f" (got {value!r})"
        if allowed is not None:
            message += f"; allowed: {allowed}"
        super().__init__(message)
        self.file, self.line, self.column, self.value, self.allowed = file, line, column, value, allowed


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


def _fields(package: dict, resource: str) -> dict[str, dict]:
    """``{column name: Table Schema field}`` of one resource, in column order."""
    (found,) = [item for item in package["resources"] if item["name"] == resource]
    return {field_["name"]: field_ for field_ in found["schema"]["fields"]}


def _enum(package: dict, resource: str, column: str) -> tuple[str, ...]:
    """The allowed values (``constraints.enum``) of one column, in the descriptor's order."""
    return tuple(_fields(package, resource)[column]["constraints"]["enum"])


def _package_in_use() -> dict:
    """The descriptor of the data folder in use, or the project's own when that folder has none
    (a copy of the CSV files only, e.g. through ``$DIGIVAARDIG_DATA``)."""
    folder = paths.data_dir()
    return read_package(folder if (folder / PACKAGE_FILE).is_file() else paths.PROJECT_ROOT / "data")


_PACKAGE = _package_in_use()
SECTIONS = _enum(_PACKAGE, "questions", "section")
N_STATUSES = _enum(_PACKAGE, "questions", "n_status")
KINDS = _enum(_PACKAGE, "results", "kind")
POLES = _enum(_PACKAGE, "results", "pole")
FORMS = _enum(_PACKAGE, "results", "form")
RESULT_SOURCES = _enum(_PACKAGE, "results", "source")
CLAIM_METHODS = _enum(_PACKAGE, "claims", "method")
OPERATORS = _enum(_PACKAGE, "claims", "operator")
RULE_TESTS = _enum(_PACKAGE, "verbal_rules", "test")
N_BASES = _enum(_PACKAGE, "n_scenarios", "basis")
SCALE_MEANINGS = _enum(_PACKAGE, "questions", "scale_meaning")  # how a chart draws the scale: diverging, from zero, stacked
DRAWN_READINGS = _enum(_PACKAGE, "questions", "drawn_reading")  # which reading of an ambiguous item the chart draws
LABEL_SOURCES = _enum(_PACKAGE, "results", "label_source")  # is an option's label printed by the article or ours
ALT_READINGS = _enum(_PACKAGE, "claims", "alt_reading")  # a plausible second reading of a verbal claim (helpers.audit)
# Which bounds each verbal-rule test reads (see helpers.audit; the test column's description says the same).
RULE_BOUNDS = {
    "between": ("lower", "upper"), "more_than": ("lower",), "at_least": ("lower",), "at_most": ("upper",),
    "divided": ("lower", "upper"), "largest_option_at_most": ("upper",), "positive_below_negative": (),
}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
FILES = {resource["name"]: resource["path"] for resource in _PACKAGE["resources"]}


@dataclass(frozen=True)
class Survey:
    """All tables of the transcription, validated against each other."""

    questions: pd.DataFrame
    results: pd.DataFrame
    claims: pd.DataFrame
    n_scenarios: pd.DataFrame
    verbal_rules: pd.DataFrame
    # Views computed once per survey object (the tables are read-only; dataclasses.replace starts afresh).
    views: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The readings of the chart n values, in file order (the first is the default)."""
        if "scenarios" not in self.views:  # asked for thousands of times by the audit
            self.views["scenarios"] = tuple(dict.fromkeys(self.n_scenarios["scenario"]))
        return self.views["scenarios"]


# ---------------------------------------------------------------- reading with line numbers

def _read(path: Path, required: Iterable[str]) -> pd.DataFrame:
    """Read a CSV as strings, check its header, and keep each row's line number in ``line``.

    Accepts what spreadsheets save: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8").
    Raises :class:`DataValidationError` for a missing or empty file, a file that is not UTF-8
    (naming the line of the first bad byte), a semicolon-separated file (Excel with Dutch
    settings), a missing column, a row with the wrong number of fields, or no data row at all.
    """
    required = list(required)
    if not path.exists():
        raise DataValidationError(path, "file not found")
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataValidationError(path, "file is empty; a header row is required",
                                  allowed=", ".join(required)) from None
    missing = [column for column in required if column not in header]
    if missing and _semicolon_separated(header, required):
        raise DataValidationError(path, "the file is semicolon-separated (as Excel with Dutch or other "
                                  "European settings saves CSV)", line=1, value=header[0][:60],
                                  allowed="comma-separated values: save as 'CSV UTF-8 (comma delimited)'")
    if missing:
        raise DataValidationError(path, f"missing column(s) {', '.join(missing)}", line=1,
                                  allowed="a header with " + ", ".join(required))
    rows, lines = [], []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DataValidationError(path, f"row has {len(row)} fields, header has {len(header)}",
                                      line=reader.line_num)
        rows.append([cell.strip() for cell in row])
        lines.append(reader.line_num)
    if not rows:
        raise DataValidationError(path, "the table has a header but no data rows", line=reader.line_num + 1,
                                  allowed="at least one row below the header")
    table = pd.DataFrame(rows, columns=header, dtype="string").fillna("")
    table = table.astype(object)
    table.insert(0, "line", lines)
    return table


def _decode(path: Path) -> str:
    """The file's text: UTF-8, a leading byte-order mark dropped; else an error naming line and byte."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        offset = error.start
        line = raw[:offset].count(b"\n") + 1
        column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        guess = " (it looks like Windows-1252/Latin-1, as Excel's plain 'CSV' saves it)" \
            if _is_cp1252(raw) else ""
        raise DataValidationError(path, f"UTF-8 is required, but byte {column} of the line (0x{raw[offset]:02x}) "
                                  f"is not UTF-8{guess}", line=line,
                                  allowed="UTF-8 text (with or without byte-order mark): "
                                          "save as 'CSV UTF-8'") from None


def _is_cp1252(raw: bytes) -> bool:
    """Whether the bytes decode as Windows-1252 (a guess for the message only)."""
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _semicolon_separated(header: list[str], required: list[str]) -> bool:
    """Whether a header read with commas is really one ';'-separated line holding the required columns."""
    cells = [cell.strip() for part in header for cell in part.split(";")]
    return any(";" in part for part in header) and set(required) <= set(cells)


def _check(table: pd.DataFrame, path: Path, column: str, ok: Callable[[str], bool], problem: str,
           allowed: str) -> None:
    """Raise for the first row whose ``column`` fails ``ok``."""
    for line, value in zip(table["line"], table[column]):
        if not ok(value):
            raise DataValidationError(path, problem, line=line, column=column, value=value, allowed=allowed)


def _check_unique(table: pd.DataFrame, path: Path, columns: list[str]) -> None:
    """Raise at the first repeated key (one column or a combination)."""
    seen: dict[tuple, int] = {}
    for line, *key in table[["line", *columns]].itertuples(index=False):
        key = tuple(key)
        if key in seen:
            raise DataValidationError(path, f"duplicate {' + '.join(columns)} (first at line {seen[key]})",
                                      line=line, column=columns[-1], value=key[-1] if len(key) == 1 else key,
                                      allowed="each value once")
        seen[key] = line


def _is_int(value: str, low: int, high: int | None = None) -> bool:
    return bool(re.fullmatch(r"\d+", value)) and int(value) >= low and (high is None or int(value) <= high)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _one_of(values: Iterable[str], *, empty: bool = False) -> tuple[Callable[[str], bool], str]:
    values = tuple(values)
    allowed = ", ".join(values) + (" or empty" if empty else "")
    return (lambda value: value in values or (empty and value == "")), allowed


def _check_choice(table, path, column, values, *, empty=False, what="unknown value"):
    ok, allowed = _one_of(values, empty=empty)
    _check(table, path, column, ok, what, allowed)


# ---------------------------------------------------------------- the tables

# The columns each table needs, as the data package lists them.
QUESTION_COLUMNS = list(_fields(_PACKAGE, "questions"))
RESULT_COLUMNS = list(_fields(_PACKAGE, "results"))
CLAIM_COLUMNS = list(_fields(_PACKAGE, "claims"))
SCENARIO_COLUMNS = list(_fields(_PACKAGE, "n_scenarios"))
RULE_COLUMNS = list(_fields(_PACKAGE, "verbal_rules"))


def _load_questions(path: Path) -> pd.DataFrame:
    table = _read(path, QUESTION_COLUMNS)
    _check(table, path, "question_id", SNAKE.match, "question_id must be snake_case", "[a-z][a-z0-9_]*")
    _check_unique(table, path, ["question_id"])
    _check_choice(table, path, "section", SECTIONS)
    _check_choice(table, path, "n_status", N_STATUSES)
    _check_choice(table, path, "scale_meaning", SCALE_MEANINGS)
    _check_choice(table, path, "drawn_reading", DRAWN_READINGS, empty=True)
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
    table["chart"] = pd.array([int(v) if v else None for v in table["chart"]], dtype="Int64")
    table["section"] = pd.Categorical(table["section"], categories=SECTIONS, ordered=True)
    return table


def _load_results(path: Path, questions: pd.DataFrame) -> pd.DataFrame:
    table = _read(path, RESULT_COLUMNS)
    known = set(questions["question_id"])
    _check(table, path, "question_id", known.__contains__, "question_id not in questions.csv",
           ", ".join(sorted(known)))
    _check(table, path, "option_order", lambda v: _is_int(v, 1), "option_order must be a positive integer",
           "1, 2, 3, ...")
    _check(table, path, "option_id", SNAKE.match, "option_id must be snake_case", "[a-z][a-z0-9_]*")
    _check_unique(table, path, ["question_id", "option_id"])
    _check_unique(table, path, ["question_id", "option_order"])
    _check_choice(table, path, "kind", KINDS)
    _check_choice(table, path, "pole", POLES, empty=True)
    _check_choice(table, path, "form", FORMS)
    _check_choice(table, path, "source", RESULT_SOURCES)
    _check_choice(table, path, "label_source", LABEL_SOURCES)
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
    table["kind"] = pd.Categorical(table["kind"], categories=KINDS, ordered=True)
    order = {q: i for i, q in enumerate(questions["question_id"])}
    return table.sort_values(["question_id", "option_order"], key=lambda s: s.map(order) if s.name == "question_id"
                             else s).reset_index(drop=True)


def _load_rules(path: Path) -> pd.DataFrame:
    table = _read(path, RULE_COLUMNS)
    _check(table, path, "rule_id", SNAKE.match, "rule_id must be snake_case", "[a-z][a-z0-9_]*")
    _check_unique(table, path, ["rule_id"])
    _check_choice(table, path, "test", RULE_TESTS)
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


def _options_ok(known: dict[str, set[str]], question_id: str, options: str) -> bool:
    """Are all ``;``-joined ``options`` among the option ids ``known`` for the question (empty: yes)?"""
    return all(option in known.get(question_id, set()) for option in options.split(";")) if options else True


def _load_claims(path: Path, questions: pd.DataFrame, results: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    table = _read(path, CLAIM_COLUMNS)
    _check(table, path, "claim_id", SNAKE.match, "claim_id must be snake_case", "[a-z][a-z0-9_]*")
    _check_unique(table, path, ["claim_id"])
    _check_choice(table, path, "section", SECTIONS)
    _check_choice(table, path, "method", CLAIM_METHODS)
    _check_choice(table, path, "operator", OPERATORS, empty=True)
    _check_choice(table, path, "alt_reading", ALT_READINGS, empty=True)
    known = tuple(questions["question_id"])
    for column in ("question_id", "other_question_id"):
        _check_choice(table, path, column, known, empty=True, what="question_id not in questions.csv")
    _check(table, path, "published", lambda v: v == "" or _is_number(v), "published must be a number or empty",
           "the value as printed, e.g. 85")
    shares = table[table["method"] != "sample_size"]
    _check(shares, path, "published", lambda v: v == "" or 0 <= float(v) <= 100,
           "a published share must be a percentage", "a number from 0 to 100")
    _check_choice(table, path, "rule_id", tuple(rules["rule_id"]), empty=True, what="rule_id not in verbal_rules.csv")
    for row in table.itertuples(index=False):  # a caveat reaches readers of both languages, or neither
        if bool(row.note) != bool(row.note_nl):
            column = "note_nl" if row.note else "note"
            raise DataValidationError(path, "note and note_nl must be both filled or both empty", line=row.line,
                                      column=column, value="", allowed="the same note in the other language")
    known_options: dict[str, set[str]] = {}
    for question, option in zip(results["question_id"], results["option_id"]):
        known_options.setdefault(question, set()).add(option)
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
    table["published"] = [float(v) if v else float("nan") for v in table["published"]]
    table["section"] = pd.Categorical(table["section"], categories=SECTIONS, ordered=True)
    return table


def _load_scenarios(path: Path, questions: pd.DataFrame) -> pd.DataFrame:
    table = _read(path, SCENARIO_COLUMNS)
    _check(table, path, "scenario", SNAKE.match, "scenario must be snake_case", "[a-z][a-z0-9_]*")
    known = tuple(questions["question_id"])
    _check_choice(table, path, "question_id", known, what="question_id not in questions.csv")
    _check_unique(table, path, ["scenario", "question_id"])
    _check(table, path, "n", lambda v: _is_int(v, 1), "n must be a positive integer", "a whole number >= 1")
    _check_choice(table, path, "basis", N_BASES)
    for scenario, rows in table.groupby("scenario", sort=False):
        missing = set(known) - set(rows["question_id"])
        if missing:
            raise DataValidationError(path, f"scenario '{scenario}' gives no n for {', '.join(sorted(missing))}",
                                      line=int(rows["line"].iloc[-1]), column="question_id",
                                      allowed="one row per question and scenario")
    table["n"] = table["n"].astype(int)
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


@lru_cache(maxsize=8)
def _load_cached(directory: Path, stamp: tuple) -> Survey:
    files = {name: directory / file for name, file in FILES.items()}
    questions = _load_questions(files["questions"])
    results = _load_results(files["results"], questions)
    rules = _load_rules(files["verbal_rules"])
    claims = _load_claims(files["claims"], questions, results, rules)
    scenarios = _load_scenarios(files["n_scenarios"], questions)
    return Survey(questions=questions, results=results, claims=claims, n_scenarios=scenarios, verbal_rules=rules)


def load_survey(directory: Path | str | None = None) -> Survey:
    """Load and cross-validate every table in ``directory`` (default: the project's ``data/``).

    Results are cached on the files' modification times, so editing a CSV and reloading works.
    Treat the returned frames as read-only (copy before changing them).
    """
    folder = Path(directory).resolve() if directory is not None else paths.data_dir()
    stamp = tuple((name, (folder / file).stat().st_mtime_ns if (folder / file).exists() else None)
                  for name, file in FILES.items())
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


def options(survey: Survey, question_id: str, lang: str = "en") -> pd.DataFrame:
    """The published options of one question in scale order, with ``option`` as an ordered categorical.

    ``label`` is the option's wording in ``lang`` ("nl" or "en"). Built once per survey and
    question (the audit asks hundreds of times); each caller gets its own copy.
    """
    key = ("options", question_id, lang)
    if key not in survey.views:
        question(survey, question_id)
        rows = survey.results[survey.results["question_id"] == question_id].sort_values("option_order").copy()
        rows["label"] = rows[f"option_{lang}"]
        rows["option"] = pd.Categorical(rows["option_id"], categories=list(rows["option_id"]), ordered=True)
        survey.views[key] = rows.reset_index(drop=True)
    return survey.views[key].copy()


def rules(survey: Survey) -> pd.DataFrame:
    """``verbal_rules`` indexed by ``rule_id``, built once per survey (read-only: do not modify it)."""
    if "rules" not in survey.views:  # the audit looks a rule up once per claim and reading
        survey.views["rules"] = survey.verbal_rules.set_index("rule_id")
    return survey.views["rules"]


def pole_options(survey: Survey, question_id: str, pole: str) -> list[str]:
    """Option ids on one pole ("positive" or "negative") of a question's scale, in scale order."""
    if pole not in POLES:
        raise ValueError(f"pole={pole!r} is not allowed; allowed: {', '.join(POLES)}")
    key = ("pole_options", question_id, pole)
    if key not in survey.views:  # asked for hundreds of times by the audit and the multiverse
        table = options(survey, question_id)
        survey.views[key] = tuple(table.loc[table["pole"] == pole, "option_id"])
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


def section_questions(survey: Survey, section: str) -> list[str]:
    """Question ids of one article section, in file order."""
    if section not in SECTIONS:
        raise KeyError(f"unknown section {section!r}; allowed: {', '.join(SECTIONS)}")
    return list(survey.questions.loc[survey.questions["section"] == section, "question_id"])
