"""Incremental rendering: the runner renders only the reports whose inputs changed.

A report's inputs (its notebook, src/helpers/, the data files, its parameters, requirements.lock)
are recorded as digests in the executed notebook (:mod:`helpers.build.inputs`). These tests render two
tiny notebooks in a temporary project, change one input at a time and check which reports the
next run renders (by the index's entries and the files' bytes), what it says, and that ``--force``
and ``--only`` behave as documented.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers.build import inputs, runner
from helpers.core import paths
from helpers.build.cli import EXIT_FAILED, EXIT_OK, build_parser
from helpers.build.jobs import Job
from helpers.build.plan import make_plan, stale_reason
from helpers.build.publish import read_index

PARAMETERS = 'lang: str = "nl"  # "nl" or "en"'
BODY = "print('{name}', lang)"


def write_notebook(folder: Path, name: str, extra: str = "") -> Path:
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell(BODY.format(name=name) + extra)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def rendered_files(out: Path) -> dict[str, bytes]:
    """Every report file's bytes (index aside), to see which ones a run rewrote."""
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*.ipynb")}


@pytest.fixture(scope="module")
def rendered_once(tmp_path_factory, data_dir) -> Path:
    """Two notebooks, two sets, a private data folder; rendered once for the module (read-only: each test
    works on its own copy, see ``project``)."""
    root = tmp_path_factory.mktemp("incremental")
    shutil.copytree(data_dir, root / "data", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    notebooks = root / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks, "01_a")
    write_notebook(notebooks, "02_b")
    (root / "reports.yml").write_text("sets:\n  nl: {lang: nl}\n  en: {lang: en}\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIGIVAARDIG_DATA", str(root / "data"))
        assert runner.main(arguments(root)) == EXIT_OK
    return root


def arguments(root: Path) -> list[str]:
    return ["--notebooks", str(root / "notebooks"), "--config", str(root / "reports.yml"),
            "--out", str(root / "reports"), "--workers", "2"]


@pytest.fixture
def project(rendered_once, tmp_path, monkeypatch):
    """A private copy of the rendered project (notebooks, sets, data folder, reports): a report's inputs are
    recorded without paths, so the copy is up to date as rendered (the first test checks it)."""
    shutil.copytree(rendered_once, tmp_path, symlinks=True, dirs_exist_ok=True)
    monkeypatch.setenv("DIGIVAARDIG_DATA", str(tmp_path / "data"))
    return {"notebooks": tmp_path / "notebooks", "out": tmp_path / "reports", "argv": arguments(tmp_path),
            "data": tmp_path / "data"}


def run(project: dict, capsys, *extra: str) -> tuple[list[str], str]:
    """Run the runner again; return the reports it rendered (changed files) and its console output."""
    before = rendered_files(project["out"])
    capsys.readouterr()
    assert runner.main(project["argv"] + list(extra)) == EXIT_OK
    after = rendered_files(project["out"])
    changed = sorted(name.removesuffix(".ipynb") for name in after if before.get(name) != after[name])
    return changed, capsys.readouterr().out


def test_an_unchanged_tree_renders_nothing_and_says_so_in_one_line(project, capsys):
    index = (project["out"] / "index.html").read_bytes()
    changed, console = run(project, capsys)
    assert changed == []
    assert console.splitlines() == [
        "nothing to render: all 4 selected report(s) are up to date with their inputs (--force renders them anyway)"]
    assert (project["out"] / "index.html").read_bytes() == index


def test_the_report_records_its_inputs_without_paths_or_times(project):
    notebook = json.loads((project["out"] / "en" / "01_a.ipynb").read_text(encoding="utf-8"))
    recorded = notebook["metadata"]["digivaardig"]
    labels = set(recorded["inputs"])
    assert {"notebooks/01_a.ipynb", "parameters", "sections", "requirements.lock", "data/datapackage.json",
            "data/results.csv", "src/helpers/core/data.py", "src/helpers/inference/stats.py"} <= labels
    assert "src/helpers/build/runner.py" not in labels  # the build side is no input of a report (issue 18)
    assert all(label.startswith(("notebooks/", "src/helpers/", "data/")) or label in ("parameters", "sections", "requirements.lock")
               for label in labels)
    assert recorded["inputs"]["data/results.csv"] == inputs.file_digest(project["data"] / "results.csv")
    assert recorded["inputs"]["src/helpers/core/data.py"] == inputs.file_digest(paths.PACKAGE_DIR / "core" / "data.py")
    assert recorded["inputs_key"] == inputs.combined(recorded["inputs"])
    other = json.loads((project["out"] / "nl" / "01_a.ipynb").read_text(encoding="utf-8"))["metadata"]["digivaardig"]
    assert {label for label in labels if recorded["inputs"][label] != other["inputs"][label]} == {"parameters"}


def test_a_changed_notebook_renders_its_reports_only(project, capsys):
    write_notebook(project["notebooks"], "02_b", extra="\nprint('edited')")
    changed, console = run(project, capsys)
    assert changed == ["en/02_b", "nl/02_b"]
    assert "2 reports in" in console and "2 report(s) up to date with their inputs, not rendered" in console
    assert run(project, capsys)[0] == []


def test_a_changed_data_file_renders_every_report(project, capsys):
    results = project["data"] / "results.csv"
    results.write_text(results.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run(project, capsys)[0] == ["en/01_a", "en/02_b", "nl/01_a", "nl/02_b"]


def test_changed_parameters_and_force(project, capsys):
    assert run(project, capsys, "--set", "en", "-p", "lang", "en")[0] == []  # en already had lang en
    config = Path(project["argv"][project["argv"].index("--config") + 1])
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("en: {lang: en}", "en: {lang: nl}"), encoding="utf-8")
    assert run(project, capsys)[0] == ["en/01_a", "en/02_b"]  # a set's changed parameter renders its reports
    config.write_text(original, encoding="utf-8")
    assert run(project, capsys, "--force")[0] == ["en/01_a", "en/02_b"]  # back to en; nl unchanged bytes
    before = {path: path.stat().st_mtime_ns for path in project["out"].rglob("*.ipynb")}
    assert run(project, capsys, "--force")[0] == []  # identical inputs give identical bytes ...
    assert all(path.stat().st_mtime_ns != stamp for path, stamp in before.items())  # ... but all were rewritten


def test_only_names_the_other_reports_that_are_now_stale(project, capsys):
    results = project["data"] / "results.csv"
    results.write_text(results.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed, console = run(project, capsys, "--only", "01_a")
    assert changed == ["en/01_a", "nl/01_a"]
    assert "out of date, left out by --only: nl/02_b, en/02_b" in console
    changed, console = run(project, capsys, "--only", "01_a")
    assert changed == []
    assert console.startswith("nothing to render: all 2 selected report(s) are up to date")
    assert "out of date, left out by --only: nl/02_b, en/02_b" in console


def test_a_missing_or_failed_report_is_rendered_again(project, capsys):
    (project["out"] / "nl" / "01_a.html").unlink()
    assert stale_reason(plan_job(project, "nl/01_a"), read_index(project["out"])) == "01_a.html missing"
    assert run(project, capsys)[0] == []  # bytes of the .ipynb are the same; the page is back
    assert (project["out"] / "nl" / "01_a.html").is_file()
    write_notebook(project["notebooks"], "01_a", extra="\nraise ValueError('broken')")
    capsys.readouterr()
    assert runner.main(project["argv"]) == EXIT_FAILED
    write_notebook(project["notebooks"], "01_a")  # back as it was: the good report's inputs match again
    assert stale_reason(plan_job(project, "en/01_a"), read_index(project["out"])) == \
        "its last run failed"
    assert runner.main(project["argv"]) == EXIT_OK
    assert not (project["out"] / "en" / "01_a.failed.ipynb").exists()


def plan_job(project: dict, name: str) -> Job:
    args = build_parser().parse_args(project["argv"])
    (job,) = [job for job in make_plan(args).jobs if job.name == name]
    return job
