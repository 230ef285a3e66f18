"""Tests of helpers.build.runner on small fixture notebooks in temporary folders.

Each kernel costs about a second, so the notebooks are tiny (a parameters cell, a matplotlib bar
chart exported to the output folder) and one module-scoped run through the real command line
(``python -m helpers.build.runner`` in a subprocess, so the console it shows is checked too) serves most
assertions. Checks that need no kernel call ``runner.main`` in-process.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from helpers.build import runner
from helpers.core import paths
from helpers.build.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, build_parser, declared_parameters, find_notebooks, load_config, parse_value
from helpers.build.jobs import DEFAULT_KERNEL, Failure, Job, Outcome
from helpers.build.plan import make_plan
from helpers.build.publish import STATE_FILE, read_index
from helpers.build.worker import TEMPLATE_NAME, render, start_worker

PARAMETERS = 'lang: str = "nl"  # "nl" or "en"\nconfidence: float = 0.95  # strictly between 0.5 and 1'
CHART = """\
import os
import matplotlib.pyplot as plt
from helpers.core import paths

os.write(2, b"fd-level noise from the kernel\\n")  # the kernel's own stderr (ipykernel echoes fd output there)
fig, ax = plt.subplots(figsize=(2, 2))
ax.bar(["a", "b"], [1, confidence])
figures = paths.output_dir() / "figures"
figures.mkdir(parents=True, exist_ok=True)
fig.savefig(figures / "{name}.png")
plt.show()"""
REPORT_TYPES = 'print(type(confidence).__name__, confidence, lang)'
# the line that raises is not the cell's first: the summary must quote the line that raised
FAILING = '# fails on purpose\nmessage = f"broken on purpose ({lang})"\nraise ValueError(message)'
SETS = "sets:\n  nl:\n    lang: nl\n  en:\n    lang: en\n"


def write_notebook(folder: Path, name: str, *cells: str) -> Path:
    """A notebook with a markdown title, the tagged parameters cell and the given code cells."""
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), parameters]
    notebook.cells += [nbformat.v4.new_code_cell(cell) for cell in cells]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def good_notebook(folder: Path, name: str) -> Path:
    """A notebook that draws and exports one chart and prints its parameters' types."""
    return write_notebook(folder, name, CHART.format(name=name), REPORT_TYPES)


def failing_notebook(folder: Path, name: str) -> Path:
    """A notebook that exports a chart, then fails in its last cell."""
    return write_notebook(folder, name, CHART.format(name=name), FAILING)


def project(root: Path, sets: str = SETS) -> tuple[Path, Path, Path]:
    """A notebooks folder, a config file and a (not yet existing) output folder under ``root``."""
    notebooks = root / "notebooks"
    notebooks.mkdir(parents=True)
    config = root / "reports.yml"
    config.write_text(sets, encoding="utf-8")
    return notebooks, config, root / "reports"


def arguments(notebooks: Path, config: Path, out: Path, *extra: str) -> list[str]:
    """Command-line arguments pointing the runner at an isolated project."""
    return ["--notebooks", str(notebooks), "--config", str(config), "--out", str(out), "--workers", "2", *extra]


def index_data(out: Path) -> dict[str, dict]:
    """The index's embedded report entries, keyed by ``<set>/<notebook>``."""
    return read_index(out)


def outputs(path: Path) -> list:
    """Every code cell's outputs of a notebook file (what nbval compares)."""
    notebook = nbformat.read(path, as_version=4)
    return [cell.outputs for cell in notebook.cells if cell.cell_type == "code"]


# ---------------------------------------------------------------- one real run, many checks


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Two good notebooks and a failing one, two sets, rendered through the real command line."""
    root = tmp_path_factory.mktemp("rendered")
    notebooks, config, out = project(root)
    good_notebook(notebooks, "01_first")
    good_notebook(notebooks, "02_second")
    failing_notebook(notebooks, "03_broken")
    result = subprocess.run([sys.executable, "-m", "helpers.build.runner", *arguments(notebooks, config, out)],
                            capture_output=True, text=True, cwd=root, timeout=300)
    return {"root": root, "notebooks": notebooks, "config": config, "out": out, "result": result}


def test_failing_notebook_does_not_stop_the_others(rendered):
    out, result = rendered["out"], rendered["result"]
    assert result.returncode == EXIT_FAILED, result.stderr
    for set_name in ("nl", "en"):
        for stem in ("01_first", "02_second"):
            assert (out / set_name / f"{stem}.ipynb").is_file()
            assert (out / set_name / f"{stem}.html").is_file()
            assert (out / set_name / "figures" / f"{stem}.png").is_file()
        assert (out / set_name / "03_broken.failed.ipynb").is_file()
        assert (out / set_name / "03_broken.failed.html").is_file()
        assert not (out / set_name / "03_broken.ipynb").exists()
        assert not (out / set_name / "figures" / "03_broken.png").exists(), "a failed run's exports are dropped"


def test_summary_names_the_failing_notebook_and_cell(rendered):
    stdout = rendered["result"].stdout
    failures = [line for line in stdout.splitlines() if line.startswith("FAILED")]
    assert len(failures) == 2
    for set_name in ("nl", "en"):
        line = next(line for line in failures if line.startswith(f"FAILED {set_name}/03_broken:"))
        # cell 0 markdown, 1 parameters, 2 injected parameters, 3 chart, 4 the failing cell
        assert "cell 4 (In [4])" in line
        assert "`raise ValueError(message)` raised ValueError" in line, line
        assert f"ValueError: broken on purpose ({set_name})" in line
        assert f"{set_name}/03_broken.failed.ipynb" in line
    assert re.search(r"^6 reports in [\d.]+ s with 2 worker\(s\): 4 ok, 2 failed", stdout, flags=re.M)


def test_failed_notebook_keeps_papermills_error_banner(rendered):
    notebook = nbformat.read(rendered["out"] / "en" / "03_broken.failed.ipynb", as_version=4)
    assert "An Exception was encountered" in notebook.cells[0].source
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert [error.ename for error in errors] == ["ValueError"]
    assert notebook.metadata.papermill.output_path.endswith("en/03_broken.failed.ipynb")


def test_console_shows_only_progress_and_summary(rendered):
    result = rendered["result"]
    noise = ("WARNING", "Warning", "TCP", "fd-level noise", "KeyboardInterrupt", "Traceback")
    for text in noise:
        assert text not in result.stderr, f"{text!r} leaked to the console:\n{result.stderr}"
        assert text not in result.stdout
    assert "rendering" in result.stderr and "6/6" in result.stderr  # the progress bar
    assert all(line.startswith(("6 reports", "FAILED")) for line in result.stdout.splitlines())


def test_parameters_reach_the_notebook_per_set(rendered):
    for set_name in ("nl", "en"):
        notebook = nbformat.read(rendered["out"] / set_name / "01_first.ipynb", as_version=4)
        assert notebook.metadata.papermill.parameters == {"lang": set_name}
        printed = notebook.cells[-1].outputs[0].text
        assert printed == f"float 0.95 {set_name}\n"


def test_html_is_offline_and_embeds_the_chart(rendered):
    page = (rendered["out"] / "nl" / "01_first.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    remote = re.compile(r"^(https?:)?//", re.I)
    sources = [tag.get("src", "") for tag in soup.find_all("script")]
    sources += [tag.get("href", "") for tag in soup.find_all("link")]
    assert not [source for source in sources if remote.match(source)]
    assert "cdnjs" not in page and "require.js" not in page and "MathJax" not in page
    images = [tag["src"] for tag in soup.find_all("img")]
    assert images and all(source.startswith("data:image/png;base64,") for source in images)
    assert soup.html["lang"] == "nl"


def test_html_hides_code_by_default_and_names_the_parameters(rendered):
    page = (rendered["out"] / "en" / "01_first.html").read_text(encoding="utf-8")
    text = BeautifulSoup(page, "html.parser").get_text()
    assert "ax.bar(" not in text and 'lang = "en"' not in text  # the chart cell and the injected cell
    header = BeautifulSoup(page, "html.parser").find("header", class_="report-header")
    assert header is not None
    text = header.get_text(" ", strip=True)  # the settings in words, in the report's language
    assert text == "All reports (English) · Settings: 95% intervals."
    assert header.find("a")["href"] == "index.html"
    dutch = BeautifulSoup((rendered["out"] / "nl" / "01_first.html").read_text(encoding="utf-8"), "html.parser")
    assert dutch.find("header").get_text(" ", strip=True) == "Alle rapporten (Nederlands) · Instellingen: 95%-intervallen."


def test_index_lists_every_report_with_parameters_and_status(rendered):
    out = rendered["out"]
    entries = index_data(out)
    expected = {f"{s}/{n}" for s in ("nl", "en") for n in ("01_first", "02_second", "03_broken")}
    assert set(entries) == expected
    for key, entry in entries.items():
        set_name, stem = key.split("/")
        assert entry["status"] == ("failed" if stem == "03_broken" else "ok")
        assert ["lang", repr(set_name)] in entry["parameters"] and ["confidence", "0.95"] in entry["parameters"]
        assert entry["duration"] > 0
        for name in entry["files"]:
            assert (out / name).is_file()
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert {link["href"] for link in soup.find_all("a")} == {"nl/index.html", "en/index.html"}
    assert not [tag for tag in soup.find_all(["script", "link"]) if tag.get("src") or tag.get("href")]
    assert "duration" not in (out / STATE_FILE).read_text(encoding="utf-8")  # durations stay untracked
    assert not soup.find("script")  # the runner's state is a sidecar file, not data in a page
    for set_name in ("nl", "en"):
        runs = BeautifulSoup((out / set_name / "runs.html").read_text(encoding="utf-8"), "html.parser")
        rows = runs.find("tbody").find_all("tr")
        assert [row.find("td").get_text() for row in rows] == ["01_first", "02_second", "03_broken"]
        assert f"lang = {set_name!r}" in rows[0].get_text(" ") and "confidence = 0.95" in rows[0].get_text(" ")
        assert rows[2].find("td", class_="failed") is not None
        links = {link["href"] for link in runs.find_all("a")}
        assert {"01_first.html", "02_second.ipynb", "03_broken.failed.html"} <= links


def test_reports_are_deterministic(rendered, tmp_path):
    """Rendering again gives byte-identical notebooks, pages, index and charts; only the untracked
    durations file changes (so `make reports` on an unchanged tree leaves `git status` clean)."""
    out = rendered["out"]
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file() and path.name != "durations.json"}
    argv = arguments(rendered["notebooks"], rendered["config"], out, "--only", "01_first", "--only", "03_broken")
    assert runner.main(argv) == EXIT_FAILED
    after = {path: path.read_bytes() for path in out.rglob("*") if path.is_file() and path.name != "durations.json"}
    assert after.keys() == before.keys()
    changed = [str(path.relative_to(out)) for path in before if before[path] != after[path]]
    assert changed == []


def test_nbval_passes_on_a_rendered_notebook(rendered, project_root):
    """The committed reports are checked by nbval: a papermill-rendered notebook must pass it."""
    copy = rendered["root"] / "nbval"
    copy.mkdir()
    shutil.copy(rendered["out"] / "en" / "01_first.ipynb", copy / "01_first.ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-sanitize-with", str(project_root / "tests" / "nbval_sanitize.cfg"), str(copy)],
        capture_output=True, text=True, cwd=copy, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\b4 passed\b", result.stdout)  # the four code cells, injected parameters included


# ---------------------------------------------------------------- options and atomic replacement


def test_only_and_typed_parameters(tmp_path):
    notebooks, config, out = project(tmp_path, sets="sets:\n  custom: {}\n")
    good_notebook(notebooks, "01_first")
    failing_notebook(notebooks, "02_broken")
    argv = arguments(notebooks, config, out, "--only", "01_first", "-p", "confidence", "0.9", "--show-input")
    assert runner.main(argv) == EXIT_OK
    assert sorted(path.name for path in (out / "custom").iterdir()) == [
        "01_first.html", "01_first.ipynb", "figures", "index.html", "runs.html"]
    notebook = nbformat.read(out / "custom" / "01_first.ipynb", as_version=4)
    assert notebook.metadata.papermill.parameters == {"confidence": 0.9}
    assert isinstance(notebook.metadata.papermill.parameters["confidence"], float)
    assert notebook.cells[-1].outputs[0].text == "float 0.9 nl\n"
    assert set(index_data(out)) == {"custom/01_first"}
    page = BeautifulSoup((out / "custom" / "01_first.html").read_text(encoding="utf-8"), "html.parser")
    assert "ax.bar(" in page.get_text()  # --show-input shows the code


def test_failed_run_keeps_the_earlier_good_report(tmp_path):
    """A failing rerun writes .failed files beside the good report, which stays byte for byte."""
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl}\n")
    good_notebook(notebooks, "01_flaky")
    argv = arguments(notebooks, config, out)
    assert runner.main(argv) == EXIT_OK
    site_pages = {out / "nl" / "index.html", out / "nl" / "runs.html"}  # they list the failed run too
    good = {path: path.read_bytes() for path in (out / "nl").rglob("*") if path.is_file() and path not in site_pages}

    failing_notebook(notebooks, "01_flaky")  # exports a chart with the same name, then fails
    (notebooks / "01_flaky.ipynb").write_text(
        (notebooks / "01_flaky.ipynb").read_text().replace("[1, confidence]", "[3, confidence]"))
    assert runner.main(argv) == EXIT_FAILED
    assert {path: path.read_bytes() for path in good} == good, "the good report or its chart changed"
    assert (out / "nl" / "01_flaky.failed.ipynb").is_file()
    entry = index_data(out)["nl/01_flaky"]
    assert entry["status"] == "failed" and entry["earlier_report"] == "nl/01_flaky.html"
    leftovers = [path.name for path in (out / "nl").iterdir() if path.name.startswith(".")]
    assert leftovers == [], "temporary files or staging folders were left behind"

    # the next good run replaces the report, removes the failed files and the chart it no longer exports
    write_notebook(notebooks, "01_flaky", CHART.format(name="renamed"), REPORT_TYPES)
    assert runner.main(argv) == EXIT_OK
    assert not (out / "nl" / "01_flaky.failed.ipynb").exists()
    assert not (out / "nl" / "01_flaky.failed.html").exists()
    assert sorted(path.name for path in (out / "nl" / "figures").iterdir()) == ["renamed.png"]
    entry = index_data(out)["nl/01_flaky"]
    assert entry["status"] == "ok" and entry["exports"] == ["figures/renamed.png"]


def test_dead_kernel_is_a_failure_naming_the_cell(tmp_path, capsys):
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {}\n")
    write_notebook(notebooks, "01_dies", "x = 1", "import os\nos._exit(3)")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_FAILED
    summary = capsys.readouterr().out
    # the prompt number is known only if the kernel announced the cell before dying, so it is not checked
    assert re.search(r"FAILED nl/01_dies: cell 3 (\(In \[3\]\) )?`import os` raised DeadKernelError", summary)
    assert (out / "nl" / "01_dies.failed.ipynb").is_file()


# Cells failing in every way a cell can fail, each marking the line that raised with "# <- raises".
# The tracebacks come from a real kernel, as papermill receives them. (sys.exit(3) is the one failure
# whose traceback IPython shortens to no frame at all: its message quotes the first line.)
FAILING_CELLS = {
    "after a comment and blank lines": "# first a comment\n\nx = 1\nraise ValueError('no')  # <- raises",
    "inside a library call": "import json\ntext = '{'\njson.loads(text)  # <- raises\nprint('never')",
    "in a function the cell defines": "def f():\n    raise KeyError('k')  # <- raises\n\nf()",
    "in a function an earlier cell defined": "y = 2\ninvert(0)  # <- raises\ny = 3",
    "in a statement over several lines": "z = [\n  1,\n  undefined_name,  # <- raises\n]",
    "a syntax error": "y = 1\nx = (1,  # <- raises\n",
    "a long line": "y = 1\nassert y == 2, 'a message long enough that the quoted line has to be cut short'  # <- raises",
}


def test_a_failure_quotes_the_line_of_the_cell_that_raised():
    """For every kind of failing cell, the message quotes the line that raised, not the cell's first."""
    from nbclient import NotebookClient

    from helpers.build.worker import failing_line

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("def invert(x):\n    return 1 / x")]
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in FAILING_CELLS.values()]
    NotebookClient(notebook, kernel_name=DEFAULT_KERNEL, allow_errors=True, timeout=120).execute()
    for kind, cell in zip(FAILING_CELLS, notebook.cells[1:]):
        errors = [output for output in cell.outputs if output.output_type == "error"]
        assert len(errors) == 1, kind
        marked = next(line.strip() for line in cell.source.splitlines() if line.endswith("# <- raises"))
        quoted = failing_line(cell.source, errors[0].traceback)
        assert quoted == (marked if len(marked) <= 60 else marked[:57] + "..."), kind
        assert failing_line(cell.source, []) == cell.source.splitlines()[0].strip(), kind  # no traceback: first line
    described = Failure("ValueError", "no", 1, 2, failing_line(notebook.cells[1].source,
                               notebook.cells[1].outputs[0].traceback)).describe()
    assert described == "cell 1 (In [2]) `raise ValueError('no')  # <- raises` raised ValueError: no"


# ---------------------------------------------------------------- refused before any kernel starts


@pytest.fixture
def small_project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """One notebook that would fail if it ever ran, two sets, nothing rendered yet."""
    notebooks, config, out = project(tmp_path)
    failing_notebook(notebooks, "01_never_runs")
    return notebooks, config, out


@pytest.mark.parametrize("name, value, allowed", [
    ("confidence", "1.5", "strictly between 0.5 and 1"),
    ("lang", "de", "allowed: nl, en"),
    ("confidence", "high", "strictly between 0.5 and 1"),
])
def test_bad_parameter_value_exits_2_and_writes_nothing(small_project, capsys, name, value, allowed):
    notebooks, config, out = small_project
    assert runner.main(arguments(notebooks, config, out, "-p", name, value)) == EXIT_USAGE
    assert not out.exists()
    error = capsys.readouterr().err
    shown = repr(parse_value(value))
    for set_name in ("nl", "en"):
        assert f"set {set_name!r}, notebook 01_never_runs: parameter {name}={shown} is not allowed" in error
    assert allowed in error


def test_unknown_parameter_name_exits_2(small_project, capsys):
    notebooks, config, out = small_project
    assert runner.main(arguments(notebooks, config, out, "-p", "colour", "red")) == EXIT_USAGE
    assert not out.exists()
    error = capsys.readouterr().err
    assert "notebook 01_never_runs: unknown parameter colour='red'" in error
    assert "allowed: the parameters it declares: lang, confidence" in error


def test_a_parameter_contradicting_a_sets_own_value_exits_2_unless_the_sets_are_chosen(small_project, capsys):
    """-p lang en over the set nl would put an English report into nl/: refused; --set en renders it."""
    notebooks, config, out = small_project
    assert runner.main(arguments(notebooks, config, out, "-p", "lang", "en")) == EXIT_USAGE
    assert not out.exists()
    error = capsys.readouterr().err
    assert f"-p lang='en' contradicts set 'nl', which gives lang='nl' in {config.name}" in error
    assert "contradicts set 'en'" not in error and "--set NAME" in error
    args = build_parser().parse_args(arguments(notebooks, config, out, "--set", "en", "-p", "lang", "en"))
    plan = make_plan(args)
    assert {(job.set_name, job.parameters["lang"]) for job in plan.jobs} == {("en", "en")}
    assert runner.main(arguments(notebooks, config, out, "--set", "fr")) == EXIT_USAGE
    assert "--set fr: config" in capsys.readouterr().err and not out.exists()


def test_unknown_parameter_in_config_exits_2(small_project, capsys):
    notebooks, config, out = small_project
    config.write_text("sets:\n  nl: {lang: nl, dont_know: maybe}\n", encoding="utf-8")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
    assert not out.exists()
    assert "set 'nl', notebook 01_never_runs: unknown parameter dont_know='maybe'" in capsys.readouterr().err


@pytest.mark.parametrize("config_text, message", [
    ("nl: {lang: nl}\n", "top level keys nl is not allowed"),
    ("sets: {}\n", "sets={} is not allowed"),
    ("sets:\n  ../up: {lang: nl}\n", "set name '../up' is not allowed"),
    ("sets:\n  interactive: {lang: nl}\n", "set name 'interactive' is not allowed"),
    ("sets:\n  nl: [lang, nl]\n", "set 'nl' = ['lang', 'nl'] is not allowed"),
    ("sets: [\n", "not valid YAML"),
])
def test_bad_config_exits_2(small_project, capsys, config_text, message):
    notebooks, config, out = small_project
    config.write_text(config_text, encoding="utf-8")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_unknown_only_name_exits_2(small_project, capsys):
    notebooks, config, out = small_project
    assert runner.main(arguments(notebooks, config, out, "--only", "99_missing")) == EXIT_USAGE
    assert "--only 99_missing: no such notebook" in capsys.readouterr().err
    assert not out.exists()


def test_bad_options_exit_2(small_project, capsys):
    notebooks, config, out = small_project
    assert runner.main(arguments(notebooks, config, out, "--workers", "0")) == EXIT_USAGE
    assert runner.main(["--no-such-option"]) == EXIT_USAGE
    assert runner.main(arguments(notebooks, config.with_name("missing.yml"), out)) == EXIT_USAGE
    assert "config" in capsys.readouterr().err and not out.exists()


def test_help_explains_every_option(capsys):
    assert runner.main(["--help"]) == EXIT_OK
    text = capsys.readouterr().out
    for option in ("--only", "-p NAME VALUE", "--out", "--notebooks", "--workers", "--config", "--show-input"):
        assert option in text
    assert "Exit codes" in text


@pytest.mark.parametrize("text", ["True", "False", "None", "3", "-2", "0.9", "1e-3", "nan", "inf", "en", "0.9x", ""])
def test_parameter_values_are_typed_like_papermill(text):
    from papermill.cli import _resolve_type

    expected = _resolve_type(text)
    value = parse_value(text)
    assert type(value) is type(expected)
    assert repr(value) == repr(expected)


def test_shipped_config_and_template(project_root):
    """reports.yml is the user's: any valid sets. Every set it lists passes the runner's checks for
    every notebook, with a report language; the shipped Dutch and English sets (if still there)
    render in their language. The offline template ships inside the package."""
    config = load_config(project_root / "reports.yml")
    args = build_parser().parse_args(["--config", str(project_root / "reports.yml")])
    jobs = make_plan(args).jobs  # raises UsageError on a wrong parameter
    notebooks = sorted(find_notebooks(paths.NOTEBOOKS_DIR, []))
    assert sorted((job.set_name, job.notebook) for job in jobs) == sorted(
        (set_name, notebook.resolve()) for set_name in config for notebook in notebooks)
    assert {job.lang for job in jobs} <= {"nl", "en"}
    for set_name in {"nl", "en"} & set(config):
        assert {job.lang for job in jobs if job.set_name == set_name} == {set_name}
    template = paths.TEMPLATES_DIR / TEMPLATE_NAME
    assert (template / "index.html.j2").is_file() and (template / "conf.json").is_file()


def plain_and_charts(tmp_path):
    """A project with two notebooks: 01_plain, and 02_charts, which also declares interval_charts."""
    notebooks, config, out = project(tmp_path)
    write_notebook(notebooks, "01_plain", REPORT_TYPES)
    charts = write_notebook(notebooks, "02_charts", REPORT_TYPES)
    notebook = nbformat.read(charts, as_version=4)
    notebook.cells[1].source += "\ninterval_charts: bool = False  # True or False"
    nbformat.write(notebook, charts)
    return notebooks, config, out


def test_a_parameter_goes_only_to_the_notebooks_that_declare_it(tmp_path, capsys):
    """interval_charts is declared by the section notebooks, not by the audit: each job gets what
    its notebook declares; a name that no rendered notebook declares stops the run (exit 2)."""
    notebooks, config, out = plain_and_charts(tmp_path)

    args = build_parser().parse_args(arguments(notebooks, config, out, "-p", "interval_charts", "True"))
    jobs = {(job.set_name, job.notebook.stem): job.parameters for job in make_plan(args).jobs}
    assert jobs[("nl", "02_charts")] == {"lang": "nl", "interval_charts": True}
    assert jobs[("nl", "01_plain")] == {"lang": "nl"}
    assert jobs[("en", "01_plain")] == {"lang": "en"}

    only_plain = arguments(notebooks, config, out, "--only", "01_plain", "-p", "interval_charts", "True")
    assert runner.main(only_plain) == EXIT_USAGE and not out.exists()
    assert "notebook 01_plain: unknown parameter interval_charts=True" in capsys.readouterr().err
    bad_value = arguments(notebooks, config, out, "-p", "interval_charts", "yes")
    assert runner.main(bad_value) == EXIT_USAGE and not out.exists()
    assert ("notebook 02_charts: parameter interval_charts='yes' is not allowed; allowed: True, False"
            in capsys.readouterr().err)


# ---------------------------------------------------------------- the runner's modules

# helpers.build.runner and the modules it is split into, each importing only those before it (no circles)
RUNNER_LAYERS = ["jobs", "cli", "plan", "publish", "worker", "runner"]  # modules of helpers.build


def test_runner_modules_import_only_earlier_layers_and_stay_small():
    """Each part of the runner imports only the parts before it in RUNNER_LAYERS, and every
    one is under 450 lines (split by concern)."""
    import ast

    package = paths.PACKAGE_DIR / "build"
    assert set(RUNNER_LAYERS) <= {path.stem for path in package.glob("*.py")}
    for position, name in enumerate(RUNNER_LAYERS):
        source = (package / f"{name}.py").read_text(encoding="utf-8")
        assert len(source.splitlines()) < 450, name
        imported = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported |= {node.module} if node.module else {alias.name for alias in node.names}
        runner_parts = {module for module in imported if module in RUNNER_LAYERS}
        assert runner_parts <= set(RUNNER_LAYERS[:position]), (name, runner_parts)


def test_what_the_pool_pickles_is_importable_by_name():
    """The process pool (spawn) pickles the worker's initializer, its job function, the jobs and the
    outcomes by name: each must load back as the very same object in a fresh process."""
    import pickle

    from helpers.build import jobs as runner_jobs, worker as runner_worker

    assert pickle.loads(pickle.dumps(start_worker)) is runner_worker.start_worker
    assert pickle.loads(pickle.dumps(render)) is runner_worker.render
    job = Job("nl", Path("notebooks/01_a.ipynb").resolve(), {"lang": "nl"}, (("lang", "'nl'"),),
                     Path("reports/nl").resolve(), "notebooks/01_a.ipynb", "nl/01_a.ipynb")
    assert pickle.loads(pickle.dumps(job)) == job and type(pickle.loads(pickle.dumps(job))) is runner_jobs.Job
    outcome = Outcome("nl", "01_a", "failed", 1.5, [["lang", "'nl'"]], failure=Failure("E", "x", 3))
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    probe = subprocess.run([sys.executable, "-c", "import pickle, sys; f = pickle.loads(sys.stdin.buffer.read()); "
                            "print(f.__module__, f.__qualname__)"],
                           input=pickle.dumps(render), capture_output=True, timeout=120, check=True)
    assert probe.stdout.decode().split() == ["helpers.build.worker", "render"]


# ---------------------------------------------------------------- parameters a notebook does not take

NOT_PASSED = re.compile(r"^not passed: (?P<stem>\S+) did not take (?P<origin>.+?)(?: in sets? (?P<sets>[\w, -]+))?: "
                        r"the notebook does not declare (?P<name>\w+) \(it declares: (?P<declared>[^)]*)\), "
                        r"so its report does not use it$")
# a value other than the default for every parameter of helpers.core.params (lang is given by every set)
OTHER_VALUES = {"confidence": "0.9", "ci_method": "beta", "dont_know": "exclude", "n_scenario": "attrition",
                "interval_charts": "True", "rounding": "half_up", "deff": "1.5"}


def not_passed(lines: list[str]) -> dict[tuple[str, str], dict]:
    """(stem, parameter) -> the parsed 'not passed' line; fails on any other line or a repeat."""
    found = {}
    for line in lines:
        match = NOT_PASSED.match(line)
        assert match, line
        key = (match["stem"], match["name"])
        assert key not in found or match["sets"] is None, line
        found.setdefault(key, []).append(match.groupdict())
    return found


def expected_not_passed(sets: dict[str, dict], declared: dict[str, dict], config_name: str) -> dict:
    """(stem, parameter) -> the origins a config's 'not passed' lines name: one per set giving a parameter
    the notebook does not declare (``-p`` aside). Every set a user may write may give such a parameter
    (``dont_know`` is none of 07_multiverse's, which varies it itself): it is reported, never an error."""
    found: dict[tuple[str, str], list[str]] = {}
    for set_name, values in sets.items():
        for name, value in values.items():
            for stem, names in declared.items():
                if name not in names:
                    found.setdefault((stem, name), []).append(f"{name}={value!r} of set {set_name!r} ({config_name})")
    return {key: sorted(origins) for key, origins in found.items()}


def origins(found: dict[tuple[str, str], list[dict]]) -> dict[tuple[str, str], list[str]]:
    return {key: sorted(line["origin"] for line in lines) for key, lines in found.items()}


def test_every_parameter_given_names_exactly_the_notebooks_that_do_not_take_it(project_root, tmp_path):
    """For every parameter of helpers.core.params given with -p, and given by the sets of a config, over
    the project's real notebooks: the summary names exactly the notebooks that do not declare it
    (e.g. 07_multiverse for -p deff 1.5), each once, with why; the shipped reports.yml, whatever sets a
    user added, names exactly those its sets give to a notebook that does not declare them."""
    from helpers.core import params

    assert set(OTHER_VALUES) | {"lang"} == set(params.DEFAULTS)
    notebooks = find_notebooks(paths.NOTEBOOKS_DIR, [])
    declared = {path.stem: declared_parameters(path) for path in notebooks}
    shipped = build_parser().parse_args(["--config", str(project_root / "reports.yml"), "--out", str(tmp_path)])
    assert origins(not_passed(make_plan(shipped).ignored)) == \
        expected_not_passed(load_config(project_root / "reports.yml"), declared, "reports.yml")
    two = tmp_path / "two.yml"  # -p goes to every set: sets of this test's own, not the user's reports.yml
    two.write_text("sets:\n  nl: {lang: nl}\n  en: {lang: en}\n", encoding="utf-8")
    config = tmp_path / "sets.yml"
    for name, text in OTHER_VALUES.items():
        ignoring = {stem for stem, names in declared.items() if name not in names}
        value = parse_value(text)
        # from the command line: one line per notebook naming every set
        args = build_parser().parse_args(["--out", str(tmp_path), "--config", str(two), "-p", name, text])
        plan = make_plan(args)
        found = not_passed(plan.ignored)
        assert {stem for stem, _ in found} == ignoring and {n for _, n in found} <= {name}, name
        for stem in ignoring:
            (line,) = found[(stem, name)]
            assert line["origin"] == f"-p {name} {value}" and line["sets"] == "nl, en"
            assert line["declared"] == ", ".join(declared[stem])
        summary = runner.summary([], 1.0, 1, tmp_path / "index.html", plan.ignored)
        assert summary.splitlines()[1:] == plan.ignored
        # from a config: once per set that gives it
        config.write_text(f"sets:\n  a: {{lang: nl, {name}: {text}}}\n  b: {{lang: en}}\n  c: {{{name}: {text}}}\n",
                          encoding="utf-8")
        args = build_parser().parse_args(["--out", str(tmp_path), "--config", str(config)])
        found = not_passed(make_plan(args).ignored)
        assert {stem for stem, _ in found} == ignoring, name
        assert origins(found) == expected_not_passed(load_config(config), declared, "sets.yml")
        for stem in ignoring:
            assert sorted(line["origin"] for line in found[(stem, name)]) == [
                f"{name}={value!r} of set {set_name!r} (sets.yml)" for set_name in ("a", "c")]
    assert not_passed(make_plan(build_parser().parse_args(
        ["--out", str(tmp_path), "--config", str(two), "-p", "deff", "1.5"])).ignored).keys() == {("07_multiverse", "deff")}


def test_the_run_summary_says_which_notebook_did_not_take_a_parameter(tmp_path, capsys):
    """End to end: -p interval_charts True renders both notebooks (exit 0) and the summary says that
    01_plain did not take it, in both sets; an up-to-date rerun says it again; without -p, nothing."""
    notebooks, config, out = plain_and_charts(tmp_path)
    expected = ("not passed: 01_plain did not take -p interval_charts True in sets nl, en: the notebook does not "
                "declare interval_charts (it declares: lang, confidence), so its report does not use it")
    argv = arguments(notebooks, config, out, "-p", "interval_charts", "True")
    assert runner.main(argv) == EXIT_OK
    console = capsys.readouterr().out.splitlines()
    assert [line for line in console if "not passed" in line] == [expected]
    assert console[console.index(expected) - 1].startswith("4 reports in ")  # part of the summary
    assert nbformat.read(out / "nl" / "02_charts.ipynb", as_version=4).metadata.papermill.parameters == {
        "lang": "nl", "interval_charts": True}
    assert runner.main(argv) == EXIT_OK
    console = capsys.readouterr().out.splitlines()
    assert console[0].startswith("nothing to render") and console[1:] == [expected]
    assert runner.main(arguments(notebooks, config, out)) == EXIT_OK
    assert "not passed" not in capsys.readouterr().out
