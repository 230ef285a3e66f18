"""Read one CSV table of the data package (``data/``) into strings with line numbers, and the
cell checks the table loaders in :mod:`helpers.core.data` share.

Everything here refuses bad input with :class:`DataValidationError`, which names the file, the
line, the column, the bad value and what is allowed: the file's encoding (UTF-8 only; UTF-16/32
and Windows-1252 are named as such), its separator, its header (exactly the descriptor's columns),
anything the csv module cannot read, control characters in text, and numbers out of range.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

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


def _fields(package: dict, resource: str) -> dict[str, dict]:
    """``{column name: Table Schema field}`` of one resource, in column order."""
    (found,) = [item for item in package["resources"] if item["name"] == resource]
    return {field_["name"]: field_ for field_ in found["schema"]["fields"]}


def _enum(package: dict, resource: str, column: str) -> tuple[str, ...]:
    """The allowed values (``constraints.enum``) of one column, in the descriptor's order."""
    return tuple(_fields(package, resource)[column]["constraints"]["enum"])


SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")  # ids: snake_case


# ---------------------------------------------------------------- reading with line numbers

# The ranges of numeric columns are the descriptor's (datapackage.json "minimum"/"maximum" of
# every integer and number field; a test checks each has both). Counts stop at 1,000,000: far
# above any survey this package re-analyses (the article's has 577 respondents), and small enough
# that no computation downstream overflows or runs for hours.
COUNT_MAX = 1_000_000  # the descriptor's maximum of the count columns (tests/test_data_faults.py)
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

    Long: a flat sequence of checks in the order a reader meets the fault (file, encoding, separator, header,
    rows, cells), each naming file and line.
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
    """Refuse a number outside its column's range (the descriptor's minimum and maximum): whole
    numbers above the maximum, decimals that are not finite or outside [minimum, maximum].

    Only well-formed numbers are judged here (each loader says what a malformed value or one
    below the minimum should be), so huge values stop before anything converts them.
    """
    for column, spec in fields.items():
        limits = spec.get("constraints", {})
        if spec.get("type") == "integer":
            low, high = limits["minimum"], limits["maximum"]
            _check(table, path, column, lambda v: not re.fullmatch(r"\d+", v) or int(v) <= high,
                   f"{column} must be a whole number from {low} to {high}", f"an integer {low}..{high}")
        elif spec.get("type") == "number":
            low, high = limits["minimum"], limits["maximum"]
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
