"""The runner facing what it did not write (issue 17, kinds 2, 3 and 4).

* Kind 3: a notebook whose name is a page the runner writes (``index``, ``runs``, ``*.failed``) is
  refused before any kernel starts (exit 2), naming it; nothing is written.
* Kind 4: a notebook in ``notebooks/`` that is empty, not JSON or nbformat 3 is refused clearly
  (exit 2, naming the file and what is allowed); a parameters cell holding a magic or invalid Python
  and stray files in a report folder (empty, not JSON, nbformat 3) never crash the publish step: the
  runner ends with its summary and exit code, names what it could not read, and goes on.
* Kind 2: the site is derived from what is on disk at the end of every run, "up to date" ones too.

Driven end to end through :func:`helpers.build.runner.main` on the smallest notebooks that show
the faults (one print cell), rendered once per module.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from helpers.build import runner, site
from helpers.build.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from test_runner import arguments, good_notebook, project, write_notebook

ONE_SET = "sets:\n  nl:\n    lang: nl\n"


@pytest.mark.parametrize("name", ["index", "runs", "01_a.failed"])
def test_a_notebook_named_like_a_page_of_the_site_is_refused_before_any_kernel(tmp_path, capsys, name):
    notebooks, config, out = project(tmp_path, ONE_SET)
    write_notebook(notebooks, "01_fine", "print(1)")
    write_notebook(notebooks, name, "print(2)")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
    error = capsys.readouterr().err
    assert f"{name}.ipynb" in error and "allowed: any other name" in error and "index.html" in error, error
    assert not out.exists()  # nothing rendered, nothing written


@pytest.mark.parametrize("text, says", [
    ("", "cannot read it"),
    ("{not json", "cannot read it"),
    ("[1, 2]", "not a notebook"),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}),
     "nbformat 3; allowed: nbformat 4"),
])
def test_a_notebook_the_runner_cannot_read_is_refused_naming_it(tmp_path, capsys, text, says):
    notebooks, config, out = project(tmp_path, ONE_SET)
    write_notebook(notebooks, "01_fine", "print(1)")
    (notebooks / "02_odd.ipynb").write_text(text, encoding="utf-8")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "02_odd.ipynb" in error and says in error, error
    assert "Traceback" not in error and not out.exists()


@pytest.mark.parametrize("source, expected", [
    ('%matplotlib inline\nlang = "en"\nconfidence = 0.9', {"lang": "en", "confidence": 0.9}),
    ('lang = "en"\nconfidence = = 0.9\n!ls', {"lang": "en"}),
    ("def (:", {}),
])
def test_the_site_reads_the_parameters_of_a_cell_that_is_not_python_as_a_whole(source, expected):
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    notebook.cells = [cell]
    assert site.notebook_parameters(notebook) == expected


STRAYS = {
    "empty.ipynb": "",
    "garbled.ipynb": "{\"cells\": [",
    "old.ipynb": json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}),
    "listed.ipynb": "[]",
}


# kind 5: a child in a session of its own (setsid), left running by the kernel
ORPHAN = 'import subprocess\nchild = subprocess.Popen(["setsid", "sleep", "600"])\nprint(child.pid)'


@pytest.fixture(scope="module")
def odd_run(tmp_path_factory):
    """One run over a magic in a parameters cell, invalid Python in another, and stray files in the
    report folder; then an 'up to date' run after the landing page was edited and run page deleted."""
    root = tmp_path_factory.mktemp("untrusted")
    notebooks, config, out = project(root, ONE_SET)
    magic = write_notebook(notebooks, "01_magic", ORPHAN, "print('ran', lang)")
    document = nbformat.read(magic, as_version=4)
    document.cells[1].source = "%matplotlib inline\n" + document.cells[1].source
    nbformat.write(document, magic)
    broken = write_notebook(notebooks, "02_broken", "print('never')")
    document = nbformat.read(broken, as_version=4)
    document.cells[1].source += "\nlimit = = 3"
    nbformat.write(document, broken)
    (out / "nl").mkdir(parents=True)
    for name, text in STRAYS.items():
        (out / "nl" / name).write_text(text, encoding="utf-8")
    console = {}
    import contextlib
    import io
    for run in ("first", "again"):
        if run == "again":
            (out / "nl" / "index.html").write_text("edited by hand", encoding="utf-8")
            (out / "nl" / "runs.html").unlink()
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = runner.main(arguments(notebooks, config, out))
        console[run] = (code, stdout.getvalue(), stderr.getvalue())
    return {"out": out, "console": console}


def test_a_run_with_notebooks_it_did_not_write_ends_with_its_summary(odd_run):
    code, stdout, stderr = odd_run["console"]["first"]
    assert code == EXIT_FAILED, (stdout, stderr)
    assert "2 reports in" in stdout and "1 ok, 1 failed" in stdout, stdout
    assert "FAILED nl/02_broken" in stdout and "SyntaxError" in stdout, stdout
    assert "Traceback" not in stderr, stderr
    for name in STRAYS:  # each stray named, with why
        assert f"not a readable report: {odd_run['out'] / 'nl' / name}" in stderr, stderr


def test_the_site_lists_the_readable_reports_with_the_parameters_they_ran_with(odd_run):
    from bs4 import BeautifulSoup

    runs = BeautifulSoup((odd_run["out"] / "nl" / "runs.html").read_text(encoding="utf-8"), "html.parser")
    rows = {row.select("td")[0].get_text(): row.get_text(" ") for row in runs.select("tbody tr")}
    assert set(rows) == {"01_magic", "02_broken"}, rows  # no stray listed
    assert "lang = 'nl'" in rows["01_magic"] and "confidence = 0.95" in rows["01_magic"], rows
    executed = nbformat.read(odd_run["out"] / "nl" / "01_magic.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0].text == "ran nl\n"


def test_an_up_to_date_run_rewrites_the_site_from_the_disk(odd_run):
    code, stdout, stderr = odd_run["console"]["again"]
    out = odd_run["out"]
    assert "1 report(s) up to date" in stdout and "1 ok, 0 failed" not in stdout or code in (EXIT_OK, EXIT_FAILED)
    landing = (out / "nl" / "index.html").read_text(encoding="utf-8")
    assert landing != "edited by hand" and "01_magic.html" in landing
    assert (out / "nl" / "runs.html").is_file()
    for name in STRAYS:
        assert f"{out / 'nl' / name}" in stderr, stderr


def test_nothing_to_render_still_derives_the_site_from_the_disk(tmp_path, capsys):
    notebooks, config, out = project(tmp_path, ONE_SET)
    write_notebook(notebooks, "01_one", "print(1)")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_OK
    pages = {name: (out / name).read_bytes() for name in ("index.html", "nl/index.html", "nl/runs.html")}
    (out / "nl" / "index.html").write_text("a page of an earlier run", encoding="utf-8")
    (out / "index.html").unlink()
    capsys.readouterr()
    assert runner.main(arguments(notebooks, config, out)) == EXIT_OK
    assert "nothing to render" in capsys.readouterr().out
    assert {name: (out / name).read_bytes() for name in pages} == pages  # byte for byte what the disk gives


@pytest.mark.parametrize("stem", ["01_a#b", "02_100%", "03 what?", "04_ü&<x>"])
def test_every_link_of_the_site_reaches_its_file_whatever_the_notebook_is_named(tmp_path, stem):
    """Kind 11: names with '#', '%', '?', spaces, non-ASCII and markup are URL-encoded in every link."""
    import urllib.parse

    from bs4 import BeautifulSoup

    from helpers.build.publish import write_atomic

    folder = tmp_path / "en"
    folder.mkdir(parents=True)
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell('lang = "en"')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [nbformat.v4.new_markdown_cell("# A title"), parameters]
    nbformat.write(notebook, folder / f"{stem}.ipynb")
    (folder / f"{stem}.html").write_text("page", encoding="utf-8")
    site.write(tmp_path, write_atomic)
    links = 0
    for page in (tmp_path / "index.html", folder / "index.html", folder / "runs.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("a[href]"):
            target = urllib.parse.unquote(link["href"].split("#")[0])
            assert (page.parent / target).is_file(), (page.name, link["href"])
            links += 1
    assert links >= 6


def test_choosing_a_set_does_not_reorder_the_index(tmp_path):
    """Kind 11: --set en keeps the config's set order (the index's entries stay in place: git clean)."""
    from helpers.build.cli import build_parser
    from helpers.build.plan import make_plan
    from helpers.build.publish import entry_order

    notebooks, config, out = project(tmp_path, "sets:\n  nl:\n    lang: nl\n  en:\n    lang: en\n")
    write_notebook(notebooks, "01_one", "print(1)")
    plan = make_plan(build_parser().parse_args(arguments(notebooks, config, out, "--set", "en")))
    assert [job.name for job in plan.jobs] == ["en/01_one"]
    entries = [{"set": "en", "notebook": "01_one"}, {"set": "nl", "notebook": "01_one"}]
    assert [entry["set"] for entry in sorted(entries, key=lambda entry: entry_order(entry, plan.set_order))] \
        == ["nl", "en"]


def test_no_process_a_kernel_started_outlives_the_run(odd_run):
    """Kind 5: the kernel's setsid child is gone when the runner returns (not re-parented to PID 1)."""
    import psutil

    executed = nbformat.read(odd_run["out"] / "nl" / "01_magic.ipynb", as_version=4)
    pid = int(executed.cells[-2].outputs[0].text)
    try:
        alive = psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        alive = False
    assert not alive, f"process {pid} started by the kernel still runs"


def test_the_summary_names_the_index_with_its_leading_slash_from_any_working_folder(tmp_path, monkeypatch):
    """Kind 11: run from / the summary said 'Index: tmp/...' (relative to / drops the slash)."""
    index = tmp_path / "reports" / "index.html"
    for cwd, shown in (("/", str(index)), (tmp_path, "reports/index.html"), (tmp_path / "reports" / "nl", str(index))):
        Path(cwd).mkdir(parents=True, exist_ok=True)
        monkeypatch.chdir(cwd)
        assert runner.summary([], 1.0, 1, index).endswith(f"Index: {shown}"), cwd


def test_rendering_one_set_from_the_root_folder_leaves_the_index_and_the_other_set_byte_for_byte(tmp_path, capsys,
                                                                                                monkeypatch):
    """Kind 11, end to end: `--set en --force` (run from /) re-renders en only; the index, the state file and
    every page of nl are byte for byte what the full render wrote (git stays clean), and the summary's
    index path is absolute with its leading '/'."""
    notebooks, config, out = project(tmp_path, "sets:\n  nl:\n    lang: nl\n  en:\n    lang: en\n")
    write_notebook(notebooks, "01_one", "print(1)")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_OK
    volatile = {"durations.json"}  # durations change every run; .gitignore keeps them out of git
    before = {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*")
              if path.is_file() and path.name not in volatile}
    capsys.readouterr()
    monkeypatch.chdir("/")
    assert runner.main(arguments(notebooks, config, out, "--set", "en", "--force")) == EXIT_OK
    console = capsys.readouterr().out
    assert "1 reports in" in console and f"Index: {out / 'index.html'}" in console, console
    after = {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*")
             if path.is_file() and path.name not in volatile}
    assert after == before, sorted(name for name in after if after.get(name) != before.get(name))


def test_every_unreadable_notebook_is_named_at_once_and_only_chosen_ones_block(tmp_path, capsys):
    """Three bad files in notebooks/: all three named in one error (exit 2, nothing written); with --only
    a good notebook renders, and the bad files it did not choose are named as left out."""
    notebooks, config, out = project(tmp_path, sets="sets:\n  nl: {lang: nl}\n")
    good_notebook(notebooks, "01_first")
    (notebooks / "x.ipynb").write_text("", encoding="utf-8")
    (notebooks / "zz_badjson.ipynb").write_text('{"nbformat": 4, "cells": [', encoding="utf-8")
    (notebooks / "zz_v3.ipynb").write_text('{"nbformat": 3, "metadata": {}, "worksheets": []}', encoding="utf-8")
    (notebooks / "zz_nocells.ipynb").write_text('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}',
                                                encoding="utf-8")  # valid JSON, nbformat 4, but no cells
    assert runner.main(arguments(notebooks, config, out)) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "4 notebook(s) cannot be read, nothing rendered" in error
    assert all(name in error for name in ("x.ipynb", "zz_badjson.ipynb", "zz_v3.ipynb", "zz_nocells.ipynb"))
    assert not out.exists()
    assert runner.main(arguments(notebooks, config, out, "--only", "01_first")) == EXIT_OK
    printed = capsys.readouterr().out
    assert (out / "nl" / "01_first.html").is_file()
    for name in ("x.ipynb", "zz_badjson.ipynb", "zz_v3.ipynb", "zz_nocells.ipynb"):
        assert f"left out (not chosen with --only, and unreadable): notebook {notebooks / name}" in printed, printed
