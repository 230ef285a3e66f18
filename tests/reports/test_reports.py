"""Checks over the committed reports in ``reports/`` (rendered by ``make reports``).

nbval (in ``make test``) re-executes every committed notebook and compares its outputs; these tests
check what nbval does not: that every notebook x parameter set of ``reports.yml`` has a report,
that it was rendered from the current notebook with the set's parameters and without errors,
that nothing volatile (timestamps) is committed, and that the HTML opens offline.

Nothing here skips: with no reports yet every test fails and says to run ``make reports``. All tests
carry the ``reports`` marker (registered in pyproject.toml) so they can be selected (``-m reports``)
or left out (``-m "not reports"``) while a change is being rendered.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import papermill
import pytest
from bs4 import BeautifulSoup

from helpers.build import inputs, prose, runner
from helpers.core import paths
from helpers.build.cli import DEFAULT_CONFIG, load_config
from helpers.build.jobs import FAILED_SUFFIX
from helpers.build import publish

pytestmark = pytest.mark.reports

CONFIG = load_config(DEFAULT_CONFIG)
NOTEBOOKS = sorted(path.stem for path in paths.NOTEBOOKS_DIR.glob("*.ipynb") if not path.name.startswith("."))
REPORTS = [(set_name, stem) for set_name in CONFIG for stem in NOTEBOOKS]
MAKE_REPORTS = "run `make reports` and commit reports/"
VOLATILE_KEYS = ("start_time", "end_time", "duration")
REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)


def report(set_name: str, stem: str, suffix: str) -> Path:
    """A committed report file, failing the test with what to do when it is missing."""
    path = paths.REPORTS_DIR / set_name / f"{stem}{suffix}"
    assert path.is_file(), f"reports/{set_name}/{path.name} is missing: {MAKE_REPORTS}"
    return path


def source_cells(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(type, source) of the cells that come from the notebook itself, not from papermill."""
    added = {"injected-parameters", "papermill-error-cell-tag"}
    return [(cell.cell_type, cell.source) for cell in notebook.cells
            if not added & set(cell.metadata.get("tags", []))]


def read_index() -> dict[str, dict]:
    """The entries of the committed reports/index.html, failing the test when it is missing."""
    path = paths.REPORTS_DIR / "index.html"
    assert path.is_file(), f"reports/index.html is missing: {MAKE_REPORTS}"
    return publish.read_index(paths.REPORTS_DIR)


def declared(notebook: Path) -> list[str]:
    """The names a notebook's parameters cell declares (papermill's reading of it, as the runner's)."""
    return list(papermill.inspect_notebook(str(notebook)))


DECLARED = {stem: declared(paths.NOTEBOOKS_DIR / f"{stem}.ipynb") for stem in NOTEBOOKS}


def passed_parameters(values: dict, names: list[str]) -> dict:
    """What a report of a set records as its parameters: the set's values for the names its notebook
    declares. A set may give a parameter that not every notebook takes (``dont_know`` is none of
    07_multiverse's, which varies it itself); the runner passes it only where declared and says so."""
    return {name: value for name, value in values.items() if name in names}


def test_there_are_notebooks_and_sets():
    assert NOTEBOOKS and CONFIG, "notebooks/ or reports.yml is empty: there is nothing to check"


@pytest.mark.parametrize("set_name, stem", REPORTS)
def test_report_is_rendered_from_the_current_notebook(set_name, stem):
    executed = nbformat.read(report(set_name, stem, ".ipynb"), as_version=4)
    current = prose.select_language(nbformat.read(paths.NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4),
                                    CONFIG[set_name].get("lang", "nl"))
    assert source_cells(executed) == source_cells(current), \
        f"reports/{set_name}/{stem}.ipynb was rendered from an older {stem}.ipynb: {MAKE_REPORTS}"
    recorded = executed.metadata.papermill
    expected = passed_parameters(CONFIG[set_name], DECLARED[stem])
    assert recorded.parameters == expected, \
        (f"reports/{set_name}/{stem}.ipynb has parameters {recorded.parameters}; set {set_name!r} of reports.yml gives "
         f"{CONFIG[set_name]}, of which {stem} declares {expected}: {MAKE_REPORTS}")
    assert recorded.input_path == f"notebooks/{stem}.ipynb"


@pytest.mark.parametrize("set_name, stem", REPORTS)
def test_report_is_up_to_date_with_its_inputs(set_name, stem):
    """The inputs the report recorded (helpers.build.inputs) are those of this checkout: no file changed since."""
    changed = inputs.changed_files(report(set_name, stem, ".ipynb"))
    assert changed == [], f"reports/{set_name}/{stem}.ipynb is out of date ({inputs.describe(changed or [])} " \
                          f"changed since it was rendered): {MAKE_REPORTS}"


@pytest.mark.parametrize("set_name, stem", REPORTS)
def test_report_ran_without_errors(set_name, stem):
    executed = nbformat.read(report(set_name, stem, ".ipynb"), as_version=4)
    errors = [f"cell {index}: {output.ename}: {output.evalue}" for index, cell in enumerate(executed.cells)
              if cell.cell_type == "code" for output in cell.outputs if output.output_type == "error"]
    assert errors == []
    assert executed.metadata.papermill.exception is None
    failed = paths.REPORTS_DIR / set_name / f"{stem}{FAILED_SUFFIX}.ipynb"
    assert not failed.exists(), f"{failed.name} is committed: the last run of {stem} failed"
    code_cells = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code_cells), "some cells never ran"


@pytest.mark.parametrize("set_name, stem", REPORTS)
def test_report_holds_nothing_volatile(set_name, stem):
    executed = nbformat.read(report(set_name, stem, ".ipynb"), as_version=4)
    assert not [key for key in VOLATILE_KEYS if key in executed.metadata.papermill]
    for cell in executed.cells:
        assert "execution" not in cell.metadata and "papermill" not in cell.metadata, cell.id


@pytest.mark.parametrize("set_name, stem", REPORTS)
def test_report_page_is_offline(set_name, stem):
    soup = BeautifulSoup(report(set_name, stem, ".html").read_text(encoding="utf-8"), "html.parser")
    sources = [tag.get("src", "") for tag in soup.find_all("script")]
    sources += [tag.get("href", "") for tag in soup.find_all("link")]
    assert [source for source in sources if REMOTE.match(source)] == []
    assert all(tag["src"].startswith("data:image/") for tag in soup.find_all("img"))


def test_index_lists_every_report_as_ok():
    index = read_index()
    expected = {f"{set_name}/{stem}" for set_name, stem in REPORTS}
    assert expected <= set(index), f"missing from reports/index.html: {sorted(expected - set(index))}"
    not_ok = {name: index[name]["status"] for name in expected if index[name]["status"] != "ok"}
    assert not_ok == {}


def test_index_links_and_exports_exist():
    index = read_index()
    assert index, f"reports/index.html lists no report: {MAKE_REPORTS}"
    for name, entry in index.items():
        for file in entry["files"]:
            assert (paths.REPORTS_DIR / file).is_file(), f"index.html links {file}, which is missing"
        for export in entry["exports"]:
            assert (paths.REPORTS_DIR / entry["set"] / export).is_file(), f"{name} exported {export}, now missing"


def test_no_leftovers_of_interrupted_runs():
    assert paths.REPORTS_DIR.is_dir(), f"reports/ is missing: {MAKE_REPORTS}"
    leftovers = [path.relative_to(paths.REPORTS_DIR).as_posix() for path in paths.REPORTS_DIR.rglob(".*")]
    assert leftovers == [], "temporary files or staging folders of an interrupted run"


def test_rendering_a_real_notebook_again_reproduces_the_committed_report(tmp_path):
    """Determinism on a real notebook: a fresh render of 02_skills (the last set of reports.yml) equals
    the committed one, outputs, exported figures (PNG and SVG bytes) and tables alike."""
    import yaml

    set_name, values = list(CONFIG.items())[-1]
    config = tmp_path / "sets.yml"
    config.write_text(yaml.safe_dump({"sets": {set_name: values}}), encoding="utf-8")
    out = tmp_path / "reports"
    assert runner.main(["--only", "02_skills", "--config", str(config), "--out", str(out), "--workers", "1"]) == 0
    fresh, committed = out / set_name, paths.REPORTS_DIR / set_name

    def outputs(folder: Path) -> list:
        notebook = nbformat.read(folder / "02_skills.ipynb", as_version=4)
        return [cell.outputs for cell in notebook.cells if cell.cell_type == "code"]

    assert outputs(fresh) == outputs(committed)
    exported = sorted(path.relative_to(fresh) for path in fresh.rglob("*")
                      if path.parent != fresh and "_intervals." not in path.name)
    assert [str(path) for path in exported] == [
        "figures/skills_sufficient.png", "figures/skills_sufficient.svg",
        "figures/training_courses.png", "figures/training_courses.svg",
        "tables/precision_skills.csv", "tables/skills_sufficient.csv", "tables/training_courses.csv"]
    for path in exported:
        assert (fresh / path).read_bytes() == (committed / path).read_bytes(), path
