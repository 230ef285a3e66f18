"""The source notebooks: their structure, parameters and validation cell, executed with papermill."""

from __future__ import annotations

import ast

import nbformat
import papermill
import pytest

from helpers.build import kernels
from helpers.core import params, paths

NOTEBOOKS = ["01_sample", "02_skills", "03_security", "04_trust", "05_education", "06_audit", "07_multiverse"]
PARAMETERS = {"lang": "str", "confidence": "float", "ci_method": "str", "dont_know": "str", "n_scenario": "str",
              "rounding": "str", "deff": "float"}
SECTION_PARAMETERS = {**PARAMETERS, "interval_charts": "bool"}  # the audit draws no per-question charts


MULTIVERSE_PARAMETERS = {"lang": "str"}  # 07_multiverse varies every other choice itself


def expected_parameters(stem: str) -> dict[str, str]:
    if stem == "07_multiverse":
        return MULTIVERSE_PARAMETERS
    return PARAMETERS if stem == "06_audit" else SECTION_PARAMETERS


def read(stem: str) -> nbformat.NotebookNode:
    return nbformat.read(paths.NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)


def code_cells(notebook: nbformat.NotebookNode) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_the_notebooks_are_exactly_the_sections_in_reading_order():
    assert sorted(path.stem for path in paths.NOTEBOOKS_DIR.glob("*.ipynb")) == NOTEBOOKS


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_source_notebook_is_stored_without_outputs_and_with_cell_ids(stem):
    notebook = read(stem)
    nbformat.validate(notebook)
    assert all(cell.get("id") for cell in notebook.cells)
    assert len({cell.id for cell in notebook.cells}) == len(notebook.cells)
    for cell in code_cells(notebook):
        assert cell.outputs == [] and cell.execution_count is None, cell.id


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_first_code_cell_declares_every_parameter_with_type_and_allowed_values(stem):
    first = code_cells(read(stem))[0]
    assert "parameters" in first.metadata.get("tags", [])
    declared = papermill.inspect_notebook(str(paths.NOTEBOOKS_DIR / f"{stem}.ipynb"))
    assert {name: spec["inferred_type_name"] for name, spec in declared.items()} == expected_parameters(stem)
    for name, spec in declared.items():
        assert ast.literal_eval(spec["default"]) == params.DEFAULTS[name]
        assert spec["help"], f"{stem}: parameter {name} has no comment stating its allowed values"
    assert "nl" in declared["lang"]["help"] and "en" in declared["lang"]["help"]
    if "ci_method" in declared:
        assert all(method in declared["ci_method"]["help"] for method in params.CI_METHODS)


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_the_parameters_cell_is_the_one_helpers_writes(stem):
    """One source for every notebook's parameters cell: names, types, defaults and comments come from
    helpers.core.params (DEFAULTS, COMMENTS), so no comment drifts between notebooks."""
    first = code_cells(read(stem))[0]
    names = list(papermill.inspect_notebook(str(paths.NOTEBOOKS_DIR / f"{stem}.ipynb")))
    expected = params.parameters_cell(names)
    assert first.source == expected, (f"{stem}: the parameters cell differs from helpers.core.params.parameters_cell"
                                      f"({names}); replace it by:\n{expected}")


def test_parameters_cell_follows_the_defaults_and_comments():
    cell = params.parameters_cell(["deff", "lang"])
    assert cell.splitlines() == [f'lang: str = "nl"  # {params.COMMENTS["lang"]}',
                                 f'deff: float = 1.0  # {params.COMMENTS["deff"]}']
    assert set(params.COMMENTS) == set(params.DEFAULTS)
    with pytest.raises(KeyError):
        params.parameters_cell(["colour"])


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_second_code_cell_validates_every_parameter(stem):
    second = code_cells(read(stem))[1].source
    assert "settings = params.validate_namespace(globals())" in second


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_notebooks_hold_no_long_function_definitions(stem):
    for cell in code_cells(read(stem)):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                assert node.end_lineno - node.lineno < 3, f"{stem}: {node.name} belongs in helpers"


DEFF_ALLOWED = "a number from 1 to 10 (the design effect; n / deff is the effective sample size)"
BAD = [
    ("01_sample", "confidence", 1.5, "a number strictly between 0.5 and 1"),
    ("02_skills", "lang", "fr", "nl, en"),
    ("03_security", "ci_method", "bootstrap", "wilson, normal, agresti_coull, beta, jeffreys, binom_test"),
    ("04_trust", "dont_know", "drop", "keep, exclude"),
    ("05_education", "n_scenario", "guess", "layout, attrition, smallest"),
    ("04_trust", "interval_charts", "yes", "True, False"),
    ("06_audit", "confidence", "0.9", "a number strictly between 0.5 and 1"),
    ("01_sample", "rounding", "up", "both, half_up, half_even"),
    ("02_skills", "deff", 0.5, DEFF_ALLOWED),
    ("03_security", "deff", "2", DEFF_ALLOWED),
    ("06_audit", "deff", -1, DEFF_ALLOWED),
    ("05_education", "deff", 1e9, DEFF_ALLOWED),
    ("07_multiverse", "lang", "de", "nl, en"),
]


@pytest.mark.parametrize("stem, name, value, allowed", BAD)
def test_a_bad_parameter_fails_in_the_validation_cell_with_a_clear_message(tmp_path, stem, name, value, allowed):
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / f"{stem}.ipynb"), str(tmp_path / "out.ipynb"),
                                   parameters={name: value}, progress_bar=False, cwd=str(tmp_path),
                                   kernel_manager_class=kernels.AsyncIpcKernelManager)
    error = failure.value
    assert error.ename == "ParameterError"
    assert f"parameter {name}={value!r} is not allowed; allowed: {allowed}" in error.evalue
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    failed = [cell for cell in code_cells(executed) if any(o.get("output_type") == "error" for o in cell.outputs)]
    assert len(failed) == 1 and "params.validate_namespace(" in failed[0].source


@pytest.mark.parametrize("stem, name, value", [("01_sample", "colour", "red"), ("06_audit", "interval_charts", True)])
def test_a_name_the_notebook_does_not_declare_fails_with_the_runners_message(tmp_path, stem, name, value):
    """papermill only warns about an unknown name; the validation cell stops, as the runner would."""
    declared = list(papermill.inspect_notebook(str(paths.NOTEBOOKS_DIR / f"{stem}.ipynb")))
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / f"{stem}.ipynb"), str(tmp_path / "out.ipynb"),
                                   parameters={name: value}, progress_bar=False, cwd=str(tmp_path),
                                   kernel_manager_class=kernels.AsyncIpcKernelManager)
    assert failure.value.ename == "ParameterError"
    assert failure.value.evalue == str(params.unknown_parameter(name, value, declared))
    assert failure.value.evalue.startswith(f"unknown parameter {name}={value!r}; allowed: the parameters it declares: lang, ")


def test_deff_accepts_numbers_of_at_least_one_and_returns_a_float():
    assert params.check("deff", 2) == 2.0 and isinstance(params.check("deff", 2), float)
    assert params.check("deff", 1) == 1.0
    assert params.check("deff", 10) == 10.0  # the largest allowed: 577 respondents count as 58
    for bad in (10.5, 1e9, float("inf"), float("nan")):
        with pytest.raises(params.ParameterError, match="a number from 1 to 10"):
            params.check("deff", bad)
    for bad in (0.999, True, float("nan"), float("inf"), None):
        with pytest.raises(params.ParameterError):
            params.check("deff", bad)
