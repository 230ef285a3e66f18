"""Load and validate the survey tables in ``data/`` and return tidy pandas DataFrames.

The tables are a transcription of the article (see ``data/README.md``). Every check here exists
because a hand-edited CSV can break it; each failure raises :class:`DataValidationError`, which
names the file, the line, the column, the bad value and what is allowed.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
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
}
# The columns each table has, as the data package lists them.
_COLUMN_LISTS = {"QUESTION_COLUMNS": "questions", "RESULT_COLUMNS": "results", "CLAIM_COLUMNS": "claims",
                 "SCENARIO_COLUMNS": "n_scenarios", "RULE_COLUMNS": "verbal_rules"}


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


def _files(package: dict) -> dict[str, str]:
    """``{resource name: file name}`` of the descriptor's tables."""
    return {resource["name"]: resource["path"] for resource in package["resources"]}


# Which bounds each verbal-rule test reads (see helpers.audit; the test column's description says the same).
RULE_BOUNDS = {
    "between": ("lower", "upper"), "more_than": ("lower",), "at_least": ("lower",), "at_most": ("upper",),
    "divided": ("lower", "upper"), "largest_option_at_most": ("upper",), "positive_below_negative": (),
}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


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

# The largest whole number a count, position or order column takes when the descriptor sets no
# maximum: far above any survey this package re-analyses (the article's has 577 respondents), and
# small enough that no computation downstream overflows or runs for hours.
COUNT_MAX = 1_000_000
# The range of the decimal columns (the descriptor sets none): verbal-rule bounds are percentages;
# a published value is a percentage or, for a sample-size claim, a count.
NUMBER_RANGES = {("verbal_rules", "lower"): (0, 100), ("verbal_rules", "upper"): (0, 100),
                 ("claims", "published"): (0, COUNT_MAX)}
# Characters no text cell may hold: C0 controls except tab, line feed and carriage return (which
# quoted CSV cells and Windows line ends carry), DEL and the C1 controls. They are invisible in a
# spreadsheet, and a NUL or escape character would reach the HTML and CSV exports.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CELL_MAX = csv.field_size_limit()  # the csv module's limit on one cell (131,072 characters)


def _read(path: Path, package: dict, resource: str) -> pd.DataFrame:
    """Read a CSV as strings, check its header, and keep each row's line number in ``line``.

    ``resource`` names the table in the descriptor ``package``, whose fields are exactly the
    columns required (in any order). Accepts what spreadsheets save: UTF-8 with or without a
    byte-order mark (Excel's "CSV UTF-8"). Raises :class:`DataValidationError` for a missing or
    empty file, a file that is not UTF-8 (naming the line of the first bad byte, and UTF-16/UTF-32
    when it is that), a semicolon-separated file (Excel with Dutch settings), a missing, unknown
    or repeated column, a row with the wrong number of fields, a cell the csv module cannot read
    (longer than :data:`CELL_MAX` characters, a stray quote), a control character in a cell, a
    number out of its column's range (see :func:`_check_ranges`), or no data row at all.
    """
    fields = _fields(package, resource)
    required = list(fields)
    if not path.exists():
        raise DataValidationError(path, "file not found")
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        missing = [column for column in required if column not in header]
        if missing and _semicolon_separated(header, required):
            raise DataValidationError(path, "the file is semicolon-separated (as Excel with Dutch or other "
                                      "European settings saves CSV)", line=1, value=header[0][:60],
                                      allowed="comma-separated values: save as 'CSV UTF-8 (comma delimited)'")
        if missing:
            raise DataValidationError(path, f"missing column(s) {', '.join(missing)}", line=1,
                                      allowed="a header with " + ", ".join(required))
        for column in header:
            if column not in fields:
                raise DataValidationError(path, "unknown column (not in datapackage.json)", line=1,
                                          column=column, allowed="the columns " + ", ".join(required))
            if header.count(column) > 1:
                raise DataValidationError(path, "column appears twice in the header", line=1, column=column,
                                          allowed="each column once")
        rows, lines = [], []
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1  # a row's first line (a quoted cell may span lines)
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise DataValidationError(path, f"row has {len(row)} fields, header has {len(header)}",
                                          line=reader.line_num)
            for column, cell in zip(header, row):
                bad = CONTROL.search(cell)
                if bad:
                    raise DataValidationError(path, f"control character U+{ord(bad.group()):04X} in the text "
                                              f"(character {bad.start() + 1} of the cell)", line=line,
                                              column=column, value=_excerpt(cell, bad.start()),
                                              allowed="printable text; tabs and line breaks only inside quotes")
            rows.append([cell.strip() for cell in row])
            lines.append(line)
    except StopIteration:
        raise DataValidationError(path, "file is empty; a header row is required",
                                  allowed=", ".join(required)) from None
    except csv.Error as error:
        limit = str(error).startswith("field larger than field limit")
        raise DataValidationError(path, f"the CSV cannot be read: {error}", line=reader.line_num,
                                  allowed=f"cells of at most {CELL_MAX:,} characters" if limit else
                                  "comma-separated cells; a cell with a quote, comma or line break in "
                                  'double quotes, its quotes doubled ("")') from None
    if not rows:
        raise DataValidationError(path, "the table has a header but no data rows", line=reader.line_num + 1,
                                  allowed="at least one row below the header")
    table = pd.DataFrame(rows, columns=header, dtype="string").fillna("")
    table = table.astype(object)
    table.insert(0, "line", lines)
    _check_ranges(table, path, resource, fields)
    return table


def _excerpt(cell: str, at: int) -> str:
    """Up to 20 characters of ``cell`` on each side of position ``at`` (for an error message)."""
    return cell[max(at - 20, 0):at + 21]


def _check_ranges(table: pd.DataFrame, path: Path, resource: str, fields: dict[str, dict]) -> None:
    """Refuse a number outside its column's range: whole numbers above the descriptor's maximum
    (else :data:`COUNT_MAX`), decimals that are not finite or outside :data:`NUMBER_RANGES`.

    Only well-formed numbers are judged here (each loader says what a malformed value or one
    below the minimum should be), so huge values stop before anything converts them.
    """
    for column, spec in fields.items():
        limits = spec.get("constraints", {})
        if spec.get("type") == "integer" and "maximum" not in limits:
            low, high = limits.get("minimum", 0), COUNT_MAX
            _check(table, path, column, lambda v: not re.fullmatch(r"\d+", v) or int(v) <= high,
                   f"{column} is out of range", f"a whole number from {low} to {high}")
        elif spec.get("type") == "number":
            low, high = NUMBER_RANGES.get((resource, column), (-COUNT_MAX, COUNT_MAX))
            _check(table, path, column, lambda v: not _parses(v) or low <= float(v) <= high,
                   f"{column} is out of range", f"a number from {low} to {high}")


def _parses(value: str) -> bool:
    """Whether ``value`` reads as a float at all (nan and infinity included: they are out of range)."""
    try:
        float(value)
    except ValueError:
        return False
    return True


def _decode(path: Path) -> str:
    """The file's text: UTF-8, a leading byte-order mark dropped; else an error naming line and byte
    (and naming UTF-16/UTF-32 when the bytes are that, which a NUL-free check would miss)."""
    raw = path.read_bytes()
    wide = _wide_encoding(raw)
    if wide:
        raise DataValidationError(path, f"UTF-8 is required, but the file is {wide} (as Excel's 'Unicode text' "
                                  "and some Windows editors save it)", line=1,
                                  allowed="UTF-8 text (with or without byte-order mark): save as 'CSV UTF-8'")
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


def _wide_encoding(raw: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when the bytes start with that byte-order mark or, without one, when
    NUL bytes make up a quarter or more of the first KiB (text of Latin letters in UTF-16 is half
    NULs, in UTF-32 three quarters); else None."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    head = raw[:1024]
    if head and head.count(0) * 4 >= len(head):
        return "UTF-32" if head.count(0) * 4 >= len(head) * 3 else "UTF-16"
    return None


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
    """Whether ``value`` is a finite decimal number ("nan" and "inf" are not)."""
    return _parses(value) and math.isfinite(float(value))


def _one_of(values: Iterable[str], *, empty: bool = False) -> tuple[Callable[[str], bool], str]:
    values = tuple(values)
    allowed = ", ".join(values) + (" or empty" if empty else "")
    return (lambda value: value in values or (empty and value == "")), allowed


def _check_choice(table, path, column, values, *, empty=False, what="unknown value"):
    ok, allowed = _one_of(values, empty=empty)
    _check(table, path, column, ok, what, allowed)


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


def _options_ok(known: dict[str, set[str]], question_id: str, options: str) -> bool:
    """Are all ``;``-joined ``options`` among the option ids ``known`` for the question (empty: yes)?"""
    return all(option in known.get(question_id, set()) for option in options.split(";")) if options else True


def _load_claims(path: Path, package: dict, questions: pd.DataFrame, results: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
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
    table["section"] = pd.Categorical(table["section"], categories=_enum(package, "questions", "section"), ordered=True)
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
    package = _package_of(directory)
    files = {name: directory / file for name, file in _files(package).items()}
    questions = _load_questions(files["questions"], package)
    results = _load_results(files["results"], package, questions)
    rules = _load_rules(files["verbal_rules"], package)
    claims = _load_claims(files["claims"], package, questions, results, rules)
    scenarios = _load_scenarios(files["n_scenarios"], package, questions)
    return Survey(questions=questions, results=results, claims=claims, n_scenarios=scenarios, verbal_rules=rules)


def load_survey(directory: Path | str | None = None) -> Survey:
    """Load and cross-validate every table in ``directory`` (default: the data folder in use, see
    :func:`helpers.paths.data_dir`) against its ``datapackage.json`` (or the project's).

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
    poles = __getattr__("POLES")
    if pole not in poles:
        raise ValueError(f"pole={pole!r} is not allowed; allowed: {', '.join(poles)}")
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
    sections = __getattr__("SECTIONS")
    if section not in sections:
        raise KeyError(f"unknown section {section!r}; allowed: {', '.join(sections)}")
    return list(survey.questions.loc[survey.questions["section"] == section, "question_id"])
