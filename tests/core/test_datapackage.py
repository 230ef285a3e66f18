"""``data/datapackage.json``: the Frictionless Data Package that is the one data dictionary.

The package is validated with the ``frictionless`` library (types, allowed values, primary and
foreign keys of every file); a broken copy fails naming the file, the row and the field. The loader
(:mod:`helpers.core.data`) takes its allowed values and columns from the package and rejects any other
value with file, line, column, value and the package's allowed values; the README's tables are
generated from it; and kernels never import ``frictionless`` (it costs about 0.4 s).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from helpers.core import data
from helpers.core.data import DataValidationError


def package(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def enum_columns(descriptor: dict) -> list[tuple[str, str, str, list[str]]]:
    """(resource, file, column, allowed values) of every column with ``constraints.enum``."""
    return [(resource["name"], resource["path"], field["name"], field["constraints"]["enum"])
            for resource in descriptor["resources"] for field in resource["schema"]["fields"]
            if "enum" in field.get("constraints", {})]


def errors(folder: Path) -> list[dict]:
    """Every error frictionless finds in the package of ``folder``, flattened: file, row, field, type, note."""
    report = frictionless.validate(str(folder / "datapackage.json"))
    found = []
    for task in report.tasks:
        for error in task.errors:
            found.append({"file": Path(task.place).name, "row": getattr(error, "row_number", None),
                          "field": getattr(error, "field_name", None), "type": error.type,
                          "note": error.message})
    found += [{"file": "datapackage.json", "row": None, "field": None, "type": error.type, "note": error.message}
              for error in report.errors]
    return found


def edit_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (``line`` counted as in an editor, the header is line 1)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_frictionless_validates_the_committed_package(data_dir):
    assert errors(data_dir) == []
    report = frictionless.validate(str(data_dir / "datapackage.json"))
    assert report.valid
    assert sorted(Path(task.place).name for task in report.tasks) == sorted(data.FILES.values())


def test_the_package_describes_every_column_and_key(data_dir):
    descriptor = package(data_dir)
    assert "Provenance rules" in descriptor["description"] and descriptor["sources"]
    for resource in descriptor["resources"]:
        with (data_dir / resource["path"]).open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header, resource["path"]
        assert all(field["type"] in ("string", "integer", "number") and field["description"] for field in fields)
        assert set(resource["schema"]["primaryKey"]) <= set(header)
    keys = {(resource["name"], tuple(key["fields"]), key["reference"]["resource"])
            for resource in descriptor["resources"] for key in resource["schema"].get("foreignKeys", [])}
    assert ("results", ("question_id",), "questions") in keys
    assert ("claims", ("rule_id",), "verbal_rules") in keys


def test_a_broken_copy_fails_naming_file_row_and_field(data_copy):
    edit_cell(data_copy / "results.csv", 2, "kind", "substantiv")        # not an allowed value
    edit_cell(data_copy / "results.csv", 4, "question_id", "gendr")      # a foreign key to nowhere
    edit_cell(data_copy / "questions.csv", 3, "n", "many")               # not an integer
    found = errors(data_copy)
    assert {(error["file"], error["row"], error["field"], error["type"]) for error in found} >= {
        ("results.csv", 2, "kind", "constraint-error"),
        ("questions.csv", 3, "n", "type-error"),
    }
    (foreign,) = [error for error in found if error["type"] == "foreign-key"]
    assert foreign["file"] == "results.csv" and foreign["row"] == 4 and "question_id" in foreign["note"]


def test_the_cli_validator_names_file_row_and_field(data_copy):
    edit_cell(data_copy / "claims.csv", 5, "method", "guess")
    command = [str(Path(sys.executable).with_name("frictionless")), "validate", "--json",
               str(data_copy / "datapackage.json")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    report = json.loads(result.stdout)
    (task,) = [task for task in report["tasks"] if not task["valid"]]
    assert task["place"].endswith("claims.csv")
    (error,) = task["errors"]
    assert (error["rowNumber"], error["fieldName"], error["cell"]) == (5, "method", "guess")


@pytest.mark.parametrize("resource, file, column, allowed", enum_columns(package(Path(__file__).parents[2] / "data")))
def test_the_loader_allows_exactly_the_packages_values(data_copy, resource, file, column, allowed):
    """Every enumerated column: a value outside the package's enum stops the loader with file, line,
    column, value and the package's allowed values (no second list in the code to forget)."""
    edit_cell(data_copy / file, 2, column, "not_allowed")
    with pytest.raises(DataValidationError) as caught:
        data.load_survey(data_copy)
    error = caught.value
    assert (Path(error.file).name, error.line, error.column, error.value) == (file, 2, column, "not_allowed")
    assert re.findall(r"[^,; ]+", error.allowed.removesuffix(" or empty")) == allowed


def test_an_added_value_needs_only_the_package(data_copy, monkeypatch):
    """A new section added to the package's enum (and used in the data) loads without code changes."""
    descriptor = package(data_copy)
    (section,) = [field for resource in descriptor["resources"] if resource["name"] == "questions"
                  for field in resource["schema"]["fields"] if field["name"] == "section"]
    section["constraints"]["enum"].append("extra")
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    edit_cell(data_copy / "questions.csv", 2, "section", "extra")
    monkeypatch.setenv("DIGIVAARDIG_DATA", str(data_copy))
    code = ("from helpers.core import data; s = data.load_survey(); "
            "print(data.SECTIONS[-1], s.questions.loc[0, 'section'])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["extra", "extra"], result.stderr[-2000:]


def test_no_enumeration_is_typed_a_second_time_in_the_package_code(data_dir):
    """No module of src/helpers spells out a column's allowed values as a literal list, as a second
    copy of the package's enum would (subsets that select values for a purpose are fine)."""
    sources = {path.name: path.read_text(encoding="utf-8")
               for path in (Path(data.__file__).parent).glob("*.py")}
    copies = []
    for _, file, column, allowed in enum_columns(package(data_dir)):
        pattern = re.compile(r"\s*,\s*".join(rf"""["']{re.escape(value)}["']""" for value in allowed))
        copies += [f"{name}: {file} {column}" for name, text in sources.items() if pattern.search(text)]
    assert copies == []
    # the check can fail: the enumerations this module used to hold are caught
    assert re.search(r"\s*,\s*".join(f'"{v}"' for v in data.KINDS), 'KINDS = ("substantive", "neutral", "dont_know")')


def test_the_readme_tables_are_generated_from_the_package(project_root):
    spec = importlib.util.spec_from_file_location("data_dictionary", project_root / "scripts" / "data_dictionary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (project_root / "data" / "README.md").read_text(encoding="utf-8")
    descriptor = package(project_root / "data")
    assert sorted(module.blocks(readme)) == sorted(resource["name"] for resource in descriptor["resources"])
    assert module.generated(readme, descriptor) == readme, \
        "data/README.md's tables differ from data/datapackage.json: run `python scripts/data_dictionary.py`"
    # the generator really reads the package: a changed description shows in the table
    descriptor["resources"][0]["schema"]["fields"][0]["description"] = "a changed meaning"
    assert "| a changed meaning |" in module.generated(readme, descriptor)


def test_kernels_do_not_import_frictionless():
    """helpers.core.data reads the descriptor with the json module: importing frictionless would cost
    every kernel about 0.4 s (measured with python -X importtime)."""
    code = "import sys, helpers.display.report, helpers.audit.issues; print('frictionless' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.stdout.strip() == "False", result.stderr[-2000:]
